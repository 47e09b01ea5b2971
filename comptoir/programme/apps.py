from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig, NavItem
from comptoir.programme import permissions as pp


class ProgrammeConfig(ComptoirAppConfig):
    name = "comptoir.programme"
    verbose_name = _("Programme")
    place_urls = "comptoir.programme.urls"
    api_router = "comptoir.programme.api:router"
    demo_loader = "comptoir.programme.hooks:demo_loader"
    audit_vocabulary = "comptoir.programme.hooks:audit_vocabulary"
    audit_describe = "comptoir.programme.hooks:audit_describe"
    permissions = pp.PERMISSIONS
    role_permissions = pp.ROLE_PERMISSIONS
    nav_items = [
        NavItem(_("Agenda"), "programme:agenda", area="public", service="events", order=30),
        NavItem(
            _("Programme"), "programme:staff_activities", area="staff", permission=pp.VIEW_REGISTRATIONS,
            service="events", order=30, group="community",
        ),
    ]  # fmt: skip
