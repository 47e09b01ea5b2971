"""Permission codes of the mediation app (granted through the AppConfig)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.permissions import Role

VIEW_BENEFICIARIES = "mediation.view_beneficiaries"
RECORD_ACTIVITY = "mediation.record_activity"
MANAGE_WORKSHOPS = "mediation.manage_workshops"
RECORD_VOUCHERS = "mediation.record_vouchers"
RECONCILE_VOUCHERS = "mediation.reconcile_vouchers"
VIEW_REPORTS = "mediation.view_reports"
EDIT_OFFER = "mediation.edit_offer"

PERMISSIONS = {
    VIEW_BENEFICIARIES: _("See and edit the beneficiaries of digital mediation"),
    RECORD_ACTIVITY: _("Record accompaniments, registrations and attendance"),
    MANAGE_WORKSHOPS: _("Manage the workshops and their sessions"),
    RECORD_VOUCHERS: _("Record Pass Numérique vouchers and booklets"),
    RECONCILE_VOUCHERS: _("Prepare and follow the Pass Numérique claims"),
    VIEW_REPORTS: _("See the mediation activity reports"),
    EDIT_OFFER: _("Edit the place's mediation offer (national standard)"),
}

ROLE_PERMISSIONS = {
    Role.MEDIATOR: [
        VIEW_BENEFICIARIES, RECORD_ACTIVITY, MANAGE_WORKSHOPS, RECORD_VOUCHERS, VIEW_REPORTS, EDIT_OFFER,
    ],
    Role.HOST: [RECORD_ACTIVITY],  # desk registrations for workshops; no access to beneficiaries' files
    Role.BOARD: [VIEW_REPORTS, RECONCILE_VOUCHERS],
}  # fmt: skip
