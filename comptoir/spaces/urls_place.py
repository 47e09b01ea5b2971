"""The spaces pages of a place: /<place-slug>/..."""

from django.urls import path

from comptoir.spaces import views

app_name = "spaces"

urlpatterns = [
    path("spaceapi.json", views.spaceapi_place, name="spaceapi"),
    path("espaces/", views.index, name="index"),
    path("espaces/mes-reservations/", views.my_bookings, name="my_bookings"),
    path("espaces/mes-reservations/nouvelle-adresse-agenda/", views.calendar_reset, name="calendar_reset"),
    path("espaces/reservations/<int:booking_id>/annuler/", views.cancel, name="cancel"),
    path("espaces/reservations/<int:booking_id>/deplacer/", views.move, name="move"),
    path("espaces/reservations/<int:booking_id>/repeter/", views.repeat, name="repeat"),
    path("espaces/agenda/<str:token>.ics", views.ical_member, name="ical_member"),
    path("espaces/agenda/<slug:resource_slug>/<str:token>.ics", views.ical_resource, name="ical_resource"),
    path("espaces/<slug:resource_slug>/", views.resource_detail, name="resource"),
    path("espaces/<slug:resource_slug>/reserver/", views.book, name="book"),
    path("gestion/espaces/", views.week, name="week"),
    path("gestion/espaces/reservations/<int:booking_id>/", views.booking_manage, name="booking_manage"),
    path("gestion/espaces/reserver/", views.staff_book, name="staff_book"),
    path("gestion/espaces/ouverture/", views.open_state, name="open_state"),
    path("gestion/espaces/ressources/", views.resources_manage, name="resources_manage"),
    path("gestion/espaces/ressources/nouvelle/", views.resource_edit, name="resource_create"),
    path("gestion/espaces/ressources/<slug:resource_slug>/", views.resource_edit, name="resource_edit"),
    path(
        "gestion/espaces/ressources/<slug:resource_slug>/nouvelle-adresse-agenda/",
        views.resource_feed_reset,
        name="resource_feed_reset",
    ),
    path("gestion/espaces/fermetures/", views.closure_add, name="closure_add"),
    path("gestion/espaces/fermetures/<int:closure_id>/supprimer/", views.closure_remove, name="closure_remove"),
]
