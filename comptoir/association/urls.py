from django.urls import path

from comptoir.association import views

app_name = "association"

urlpatterns = [
    path("adhesion/", views.mine, name="mine"),
    path("adhesion/carte/", views.card, name="card"),
    path("adhesion/carte/pdf/", views.card_pdf, name="card_pdf"),
    path("adhesion/verifier/<uuid:token>/", views.card_check, name="card_check"),
    path("gestion/adhesions/", views.adhesions, name="adhesions"),
    path("gestion/adhesions/<int:adhesion_id>/paiement/", views.adhesion_pay, name="adhesion_pay"),
    path("gestion/adhesions/cotisations/", views.schemes, name="schemes"),
    path("gestion/adhesions/cotisations/<int:scheme_id>/", views.scheme_edit, name="scheme_edit"),
]
