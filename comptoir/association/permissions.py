from django.utils.translation import gettext_lazy as _

ASSOCIATION_VIEW = "association.view"
ASSOCIATION_MANAGE = "association.manage"

PERMISSIONS = {
    ASSOCIATION_VIEW: _("See the association's members and their fees"),
    ASSOCIATION_MANAGE: _("Register memberships at the desk and set the fees"),
}
ROLE_PERMISSIONS = {
    "host": [ASSOCIATION_VIEW, ASSOCIATION_MANAGE],
    "board": [ASSOCIATION_VIEW, ASSOCIATION_MANAGE],
}
