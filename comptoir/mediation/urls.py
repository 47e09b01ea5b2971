"""Mediation pages under /<place-slug>/."""

from django.urls import path

from comptoir.mediation.views import public, records, reports, schedule, slots

app_name = "mediation"

urlpatterns = [
    # public
    path("aide-numerique/", public.help_page, name="help"),
    path("aide-numerique/ateliers.ics", public.workshops_feed, name="workshops_feed"),
    path("aide-numerique/ateliers/<int:session_id>/inscription/", public.register, name="register"),
    path("aide-numerique/inscription/<uuid:token>/", public.registration_manage, name="registration_manage"),
    path("aide-numerique/rendez-vous/", public.appointments, name="public_appointments"),
    path("aide-numerique/rendez-vous/<int:appointment_id>/", public.appointment_take, name="appointment_take"),
    path("aide-numerique/rendez-vous/creneau/<str:key>/", public.slot_take, name="slot_take"),
    path("aide-numerique/rendez-vous/annuler/<str:token>/", public.appointment_manage, name="appointment_manage"),
    # staff
    path("gestion/mediation/", records.home, name="home"),
    path("gestion/mediation/saisie/", records.quick_entry, name="quick_entry"),
    path("gestion/mediation/accompagnements/", records.accompaniments, name="accompaniments"),
    path(
        "gestion/mediation/accompagnements/<int:accompaniment_id>/modifier/", records.accompaniment_edit,
        name="accompaniment_edit",
    ),
    path(
        "gestion/mediation/accompagnements/<int:accompaniment_id>/supprimer/", records.accompaniment_delete,
        name="accompaniment_delete",
    ),
    path("gestion/mediation/beneficiaires/", records.beneficiaries, name="beneficiaries"),
    path("gestion/mediation/beneficiaires/nouveau/", records.beneficiary_new, name="beneficiary_new"),
    path("gestion/mediation/beneficiaires/<int:beneficiary_id>/", records.beneficiary_detail, name="beneficiary"),
    path(
        "gestion/mediation/beneficiaires/<int:beneficiary_id>/modifier/", records.beneficiary_edit,
        name="beneficiary_edit",
    ),
    path(
        "gestion/mediation/beneficiaires/<int:beneficiary_id>/export.json", records.beneficiary_export,
        name="beneficiary_export",
    ),
    path(
        "gestion/mediation/beneficiaires/<int:beneficiary_id>/effacer/", records.beneficiary_erase,
        name="beneficiary_erase",
    ),
    path("gestion/mediation/ateliers/", schedule.workshops, name="workshops"),
    path("gestion/mediation/ateliers/nouveau/", schedule.workshop_edit, name="workshop_new"),
    path("gestion/mediation/ateliers/<int:workshop_id>/", schedule.workshop_edit, name="workshop_edit"),
    path(
        "gestion/mediation/ateliers/<int:workshop_id>/seances/", schedule.workshop_sessions_new,
        name="workshop_sessions_new",
    ),
    path("gestion/mediation/seances/", schedule.sessions, name="sessions"),
    path("gestion/mediation/seances/<int:session_id>/", schedule.session_detail, name="session"),
    path("gestion/mediation/seances/<int:session_id>/annuler/", schedule.session_cancel, name="session_cancel"),
    path("gestion/mediation/seances/<int:session_id>/deplacer/", schedule.session_move, name="session_move"),
    path("gestion/mediation/seances/<int:session_id>/presences/", schedule.attendance, name="attendance"),
    path(
        "gestion/mediation/inscriptions/<int:registration_id>/annuler/", schedule.registration_cancel,
        name="registration_cancel",
    ),
    path("gestion/mediation/rendez-vous/", slots.appointments, name="appointments"),
    path("gestion/mediation/disponibilites/", slots.availability, name="availability"),
    path(
        "gestion/mediation/disponibilites/<int:rule_id>/supprimer/", slots.availability_delete,
        name="availability_delete",
    ),
    path(
        "gestion/mediation/rendez-vous/<int:appointment_id>/annuler/", slots.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "gestion/mediation/rendez-vous/<int:appointment_id>/absent/", slots.appointment_no_show,
        name="appointment_no_show",
    ),
    path("gestion/mediation/pass-numerique/", reports.vouchers, name="vouchers"),
    path("gestion/mediation/pass-numerique/remboursements/", reports.claims, name="claims"),
    path(
        "gestion/mediation/pass-numerique/remboursements/preparer/", reports.claims_prepare,
        name="claims_prepare",
    ),
    path(
        "gestion/mediation/pass-numerique/remboursements/<int:claim_id>/", reports.claim_mark,
        name="claim_mark",
    ),
    path("gestion/mediation/bilan/", reports.report, name="report"),
    path("gestion/mediation/bilan/activites.csv", reports.report_csv, name="report_csv"),
    path("gestion/mediation/offre/", reports.offer, name="offer"),
    path("gestion/mediation/offre/export.csv", reports.offer_csv, name="offer_csv"),
    path("gestion/mediation/offre/export.json", reports.offer_json, name="offer_json"),
]  # fmt: skip
