from django.utils.translation import gettext_lazy as _

from comptoir.core.permissions import Role

BOOKINGS_VIEW = "spaces.view_bookings"
BOOKINGS_MANAGE = "spaces.manage_bookings"
RESOURCES_MANAGE = "spaces.manage_resources"
OPEN_STATE_CHANGE = "spaces.change_open_state"

PERMISSIONS = {
    BOOKINGS_VIEW: _("See every booking of the place"),
    BOOKINGS_MANAGE: _("Book for others, approve, move and cancel any booking"),
    RESOURCES_MANAGE: _("Manage rooms, desks, closures and booking rules"),
    OPEN_STATE_CHANGE: _("Say the place is open or closed now"),
}

ROLE_PERMISSIONS = {
    Role.HOST: [BOOKINGS_VIEW, BOOKINGS_MANAGE, RESOURCES_MANAGE, OPEN_STATE_CHANGE],
    Role.FAB_MANAGER: [BOOKINGS_VIEW, BOOKINGS_MANAGE, OPEN_STATE_CHANGE],
    Role.MEDIATOR: [BOOKINGS_VIEW],
    Role.BOARD: [BOOKINGS_VIEW],
}
