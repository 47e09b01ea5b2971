"""Mediation pages under /<place-slug>/."""

from django.urls import path

from comptoir.mediation import public_views, views, views_availability, views_reports

app_name = "mediation"

urlpatterns = [
    # public
    path("aide-numerique/", public_views.help_page, name="help"),
    path("aide-numerique/ateliers.ics", public_views.workshops_feed, name="workshops_feed"),
    path("aide-numerique/ateliers/<int:session_id>/inscription/", public_views.register, name="register"),
    path("aide-numerique/inscription/<uuid:token>/", public_views.registration_manage, name="registration_manage"),
    path("aide-numerique/rendez-vous/", public_views.appointments, name="public_appointments"),
    path("aide-numerique/rendez-vous/<int:appointment_id>/", public_views.appointment_take, name="appointment_take"),
    path("aide-numerique/rendez-vous/creneau/<str:key>/", public_views.slot_take, name="slot_take"),
    path("aide-numerique/rendez-vous/annuler/<str:token>/", public_views.appointment_manage, name="appointment_manage"),
    # staff
    path("gestion/mediation/", views.home, name="home"),
    path("gestion/mediation/saisie/", views.quick_entry, name="quick_entry"),
    path("gestion/mediation/accompagnements/", views.accompaniments, name="accompaniments"),
    path(
        "gestion/mediation/accompagnements/<int:accompaniment_id>/supprimer/", views.accompaniment_delete,
        name="accompaniment_delete",
    ),
    path("gestion/mediation/beneficiaires/", views.beneficiaries, name="beneficiaries"),
    path("gestion/mediation/beneficiaires/nouveau/", views.beneficiary_new, name="beneficiary_new"),
    path("gestion/mediation/beneficiaires/<int:beneficiary_id>/", views.beneficiary_detail, name="beneficiary"),
    path(
        "gestion/mediation/beneficiaires/<int:beneficiary_id>/modifier/", views.beneficiary_edit,
        name="beneficiary_edit",
    ),
    path(
        "gestion/mediation/beneficiaires/<int:beneficiary_id>/export.json", views.beneficiary_export,
        name="beneficiary_export",
    ),
    path(
        "gestion/mediation/beneficiaires/<int:beneficiary_id>/effacer/", views.beneficiary_erase,
        name="beneficiary_erase",
    ),
    path("gestion/mediation/ateliers/", views.workshops, name="workshops"),
    path("gestion/mediation/ateliers/nouveau/", views.workshop_edit, name="workshop_new"),
    path("gestion/mediation/ateliers/<int:workshop_id>/", views.workshop_edit, name="workshop_edit"),
    path(
        "gestion/mediation/ateliers/<int:workshop_id>/seances/", views.workshop_sessions_new,
        name="workshop_sessions_new",
    ),
    path("gestion/mediation/seances/", views.sessions, name="sessions"),
    path("gestion/mediation/seances/<int:session_id>/", views.session_detail, name="session"),
    path("gestion/mediation/seances/<int:session_id>/annuler/", views.session_cancel, name="session_cancel"),
    path("gestion/mediation/seances/<int:session_id>/deplacer/", views.session_move, name="session_move"),
    path("gestion/mediation/seances/<int:session_id>/presences/", views.attendance, name="attendance"),
    path(
        "gestion/mediation/inscriptions/<int:registration_id>/annuler/", views.registration_cancel,
        name="registration_cancel",
    ),
    path("gestion/mediation/rendez-vous/", views.appointments, name="appointments"),
    path("gestion/mediation/disponibilites/", views_availability.availability, name="availability"),
    path(
        "gestion/mediation/disponibilites/<int:rule_id>/supprimer/", views_availability.availability_delete,
        name="availability_delete",
    ),
    path(
        "gestion/mediation/rendez-vous/<int:appointment_id>/annuler/", views.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "gestion/mediation/rendez-vous/<int:appointment_id>/absent/", views.appointment_no_show,
        name="appointment_no_show",
    ),
    path("gestion/mediation/pass-numerique/", views_reports.vouchers, name="vouchers"),
    path("gestion/mediation/pass-numerique/remboursements/", views_reports.claims, name="claims"),
    path(
        "gestion/mediation/pass-numerique/remboursements/preparer/", views_reports.claims_prepare,
        name="claims_prepare",
    ),
    path(
        "gestion/mediation/pass-numerique/remboursements/<int:claim_id>/", views_reports.claim_mark,
        name="claim_mark",
    ),
    path("gestion/mediation/bilan/", views_reports.report, name="report"),
    path("gestion/mediation/bilan/activites.csv", views_reports.report_csv, name="report_csv"),
    path("gestion/mediation/offre/", views_reports.offer, name="offer"),
    path("gestion/mediation/offre/export.csv", views_reports.offer_csv, name="offer_csv"),
    path("gestion/mediation/offre/export.json", views_reports.offer_json, name="offer_json"),
]  # fmt: skip
