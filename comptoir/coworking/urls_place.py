"""Coworking pages of a place: /<place-slug>/..."""

from django.urls import path

from comptoir.coworking import views

app_name = "coworking"

urlpatterns = [
    path("coworking/", views.home, name="home"),
    path("coworking/pointer/", views.self_check, name="self_check"),
    path("coworking/visibilite/", views.presence, name="presence"),
    path("coworking/porte/<str:token>/", views.door, name="door"),
    path("coworking/formules/<int:subscription_id>/arreter/", views.renewal_stop, name="renewal_stop"),
    path("gestion/coworking/", views.desk, name="desk"),
    path("gestion/coworking/pointer/", views.desk_check, name="desk_check"),
    path("gestion/coworking/borne/", views.kiosk, name="kiosk"),
    path("gestion/coworking/qr-porte.svg", views.door_qr, name="door_qr"),
    path("gestion/coworking/formules/", views.plans, name="plans"),
    path("gestion/coworking/abonnements/<int:subscription_id>/", views.subscription_manage, name="subscription"),
]
