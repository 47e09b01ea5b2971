from django.utils.translation import gettext_lazy as _

from comptoir.core import permissions as p
from comptoir.core.registry import ComptoirAppConfig, NavItem


class PlacesConfig(ComptoirAppConfig):
    name = "comptoir.places"
    verbose_name = _("Places")
    place_urls = "comptoir.places.urls"
    api_router = "comptoir.places.api:router"
    place_by_slug = "comptoir.places.hooks:place_by_slug"  # core's place access (core never imports places)
    nav_items = [
        NavItem(_("The place"), "places:public", area="public", order=0),
        NavItem(_("My space"), "places:member_home", area="member", order=0),
        NavItem(_("Today"), "places:staff_home", area="staff", permission=p.STAFF_AREA, order=0, group="desk"),
        NavItem(
            _("Settings"), "places:settings", area="staff", permission=p.PLACE_CHANGE, order=950, group="management"
        ),
    ]
    audit_vocabulary = "comptoir.places.hooks:audit_vocabulary"
    audit_describe = "comptoir.places.hooks:audit_describe"
