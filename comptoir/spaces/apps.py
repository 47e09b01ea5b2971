from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from comptoir.spaces import permissions as sp


class SpacesConfig(AppConfig):
    name = "comptoir.spaces"
    verbose_name = _("Spaces")
    permissions = sp.PERMISSIONS
    role_permissions = sp.ROLE_PERMISSIONS
