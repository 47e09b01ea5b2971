from django.utils.translation import gettext_lazy as _

from comptoir.billing.permissions import BILLING_VIEW, PERMISSIONS, ROLE_PERMISSIONS
from comptoir.core.registry import ComptoirAppConfig, NavItem, Panel


def _my_balance_panel(request, access):
    from comptoir.billing.selectors import member_balance

    if not access.is_member:
        return None
    balance = member_balance(place=access.place, user=request.user)
    if not balance["owed"] and not balance["credit"]:
        return None
    return {"balance": balance}


def _overdue_panel(request, access):
    from comptoir.billing.selectors import overdue_list
    from comptoir.billing.services.invoices import today_in

    overdue = overdue_list(place=access.place, on=today_in(access.place))
    return {"overdue_count": overdue.count(), "overdue": list(overdue[:5])}


class BillingConfig(ComptoirAppConfig):
    name = "comptoir.billing"
    verbose_name = _("Billing")
    place_urls = "comptoir.billing.urls"
    api_router = "comptoir.billing.api:router"
    permissions = PERMISSIONS
    role_permissions = ROLE_PERMISSIONS
    demo_loader = "comptoir.billing.hooks:demo_loader"
    scheduled_commands = {"daily": ["billing_overdue_reminders"]}
    nav_items = [
        NavItem(_("My invoices"), "billing:mine", area="member", order=60),
        NavItem(_("Billing"), "billing:invoices", area="staff", permission=BILLING_VIEW, order=40, group="management"),
    ]
    staff_panels = [Panel("billing/panels/overdue.html", _overdue_panel, permission=BILLING_VIEW, order=40)]
    member_panels = [Panel("billing/panels/my_balance.html", _my_balance_panel, order=40)]
    audit_vocabulary = "comptoir.billing.hooks:audit_vocabulary"
    audit_describe = "comptoir.billing.hooks:audit_describe"
