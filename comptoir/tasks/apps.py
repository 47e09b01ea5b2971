from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig, NavItem

DELIVERIES_MANAGE = "tasks.manage_deliveries"


class TasksConfig(ComptoirAppConfig):
    name = "comptoir.tasks"
    label = "tasks"
    verbose_name = _("Background work")
    place_urls = "comptoir.tasks.urls"
    permissions = {DELIVERIES_MANAGE: _("See the messages that could not be sent and send them again")}
    nav_items = [
        NavItem(
            _("Messages not sent"), "tasks:deliveries", area="staff", permission=DELIVERIES_MANAGE, order=910,
            group="management",
        )
    ]
    scheduled_commands = {"hourly": ["deliveries_resume"], "daily": ["deliveries_prune"]}
    delivery_enqueue = "comptoir.tasks.hooks:delivery_enqueue"
    audit_vocabulary = "comptoir.tasks.hooks:audit_vocabulary"
    audit_describe = "comptoir.tasks.hooks:audit_describe"
