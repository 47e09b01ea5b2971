from django.urls import path

from comptoir.places import views

app_name = "places"

urlpatterns = [
    path("", views.public, name="public"),
    path("moi/", views.member_home, name="member_home"),
    path("gestion/", views.staff_home, name="staff_home"),
    path("gestion/lieu/", views.settings_edit, name="settings"),
    path("gestion/lieu/entites/nouvelle/", views.legal_entity_edit, name="legal_entity_new"),
    path("gestion/lieu/entites/<int:entity_id>/", views.legal_entity_edit, name="legal_entity_edit"),
]
