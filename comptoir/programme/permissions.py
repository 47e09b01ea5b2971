"""Permission codes of the programme engine (granted through the AppConfig)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.permissions import Role

MANAGE_PROGRAMME = "programme.manage"
VIEW_REGISTRATIONS = "programme.view_registrations"
CHECK_IN = "programme.check_in"

PERMISSIONS = {
    MANAGE_PROGRAMME: _("Create activities, schedule and cancel their sessions"),
    VIEW_REGISTRATIONS: _("See the programme's registrations"),
    CHECK_IN: _("Check people in at the door and take attendance"),
}

ROLE_PERMISSIONS = {
    Role.HOST: [VIEW_REGISTRATIONS, CHECK_IN],
    Role.MEDIATOR: [MANAGE_PROGRAMME, VIEW_REGISTRATIONS, CHECK_IN],
    Role.FAB_MANAGER: [MANAGE_PROGRAMME, VIEW_REGISTRATIONS, CHECK_IN],
    Role.VOLUNTEER: [CHECK_IN],
}
