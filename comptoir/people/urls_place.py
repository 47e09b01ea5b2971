"""A place's people pages: /<place-slug>/..."""

from django.urls import path

from comptoir.people import views

app_name = "people"

urlpatterns = [
    path("rejoindre/", views.join, name="join"),
    path("annuaire/", views.directory, name="directory"),
    path("annuaire/ma-visibilite/", views.directory_preference, name="directory_preference"),
    path("gestion/membres/", views.members, name="members"),
    path("gestion/membres/<int:membership_id>/", views.member_detail, name="member_detail"),
    path(
        "gestion/membres/<int:membership_id>/approuver/",
        views.member_decide,
        {"decision": "approve"},
        name="member_approve",
    ),
    path(
        "gestion/membres/<int:membership_id>/refuser/",
        views.member_decide,
        {"decision": "refuse"},
        name="member_refuse",
    ),
]
