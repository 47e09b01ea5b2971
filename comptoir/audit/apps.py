from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig, NavItem


class AuditConfig(ComptoirAppConfig):
    name = "comptoir.audit"
    verbose_name = _("Audit log")
    place_urls = "comptoir.audit.urls"
    api_router = "comptoir.audit.api:router"
    nav_items = [
        NavItem(_("Audit log"), "audit:list", area="staff", permission="audit.view", order=900, group="management")
    ]
