from django.core import checks
from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig


class CoreConfig(ComptoirAppConfig):
    name = "comptoir.core"
    verbose_name = _("Comptoir core")

    def ready(self):
        from comptoir.core.registry import check_hooks

        checks.register(check_hooks, "comptoir")
