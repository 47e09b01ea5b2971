from django.utils.translation import gettext_lazy as _

from comptoir.association.permissions import ASSOCIATION_VIEW, PERMISSIONS, ROLE_PERMISSIONS
from comptoir.core.registry import ComptoirAppConfig, NavItem, Panel


def _my_adhesion_panel(request, access):
    from comptoir.association.selectors import adhesion_current
    from comptoir.billing.services import today_in

    if not access.is_member:
        return None
    return {"adhesion": adhesion_current(place=access.place, user=request.user, on=today_in(access.place))}


class AssociationConfig(ComptoirAppConfig):
    name = "comptoir.association"
    verbose_name = _("Association")
    place_urls = "comptoir.association.urls"
    permissions = PERMISSIONS
    role_permissions = ROLE_PERMISSIONS
    demo_loader = "comptoir.association.hooks:demo_loader"
    invoice_settled = "comptoir.association.hooks:invoice_settled"
    scheduled_commands = {"daily": ["association_reminders"]}
    nav_items = [
        NavItem(_("My membership"), "association:mine", area="member", order=55),
        NavItem(
            _("Adhésions"),
            "association:adhesions",
            area="staff",
            permission=ASSOCIATION_VIEW,
            order=45,
            group="community",
        ),
    ]
    member_panels = [Panel("association/panels/my_adhesion.html", _my_adhesion_panel, order=35)]
    audit_vocabulary = "comptoir.association.hooks:audit_vocabulary"
    audit_describe = "comptoir.association.hooks:audit_describe"
