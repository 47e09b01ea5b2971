from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig, NavItem, Panel
from comptoir.coworking import permissions as cp


def _present_panel(request, access):
    from comptoir.coworking.selectors import present_now, seats

    present = list(present_now(place=access.place))
    return {"count": len(present), "seats": seats(place=access.place), "over_use": [c for c in present if c.over_use]}


class CoworkingConfig(ComptoirAppConfig):
    name = "comptoir.coworking"
    verbose_name = _("Coworking")
    permissions = cp.PERMISSIONS
    role_permissions = cp.ROLE_PERMISSIONS
    place_urls = "comptoir.coworking.urls_place"
    api_router = "comptoir.coworking.api:router"
    nav_items = [
        NavItem(_("Coworking"), "coworking:home", area="member", service="coworking", order=25),
        NavItem(
            _("Check-in"), "coworking:desk", area="staff", permission=cp.CHECKIN, service="coworking", order=25,
            group="spaces",
        ),
        NavItem(
            _("Plans"), "coworking:plans", area="staff", permission=cp.PLANS_SELL, service="coworking", order=26,
            group="spaces",
        ),
    ]  # fmt: skip
    staff_panels = [
        Panel("coworking/panels/present.html", _present_panel, permission=cp.CHECKIN, service="coworking", order=25)
    ]
    # Hooks read by comptoir.spaces (charges and SpaceAPI).
    booking_allowance = "comptoir.coworking.hooks:meeting_allowance"
    booking_plans = "comptoir.coworking.hooks:booking_plans"
    booking_plan_choices = "comptoir.coworking.hooks:booking_plan_choices"
    spaceapi_contribution = "comptoir.coworking.hooks:spaceapi_contribution"
    demo_loader = "comptoir.coworking.hooks:demo_loader"
    scheduled_commands = {"daily": ["coworking_renew"]}
    billing_prepare = "comptoir.coworking.hooks:billing_prepare"
    audit_vocabulary = "comptoir.coworking.hooks:audit_vocabulary"
    audit_describe = "comptoir.coworking.hooks:audit_describe"
