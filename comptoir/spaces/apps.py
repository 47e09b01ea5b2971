from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import ComptoirAppConfig, NavItem, Panel
from comptoir.spaces import permissions as sp
from comptoir.spaces.kinds import SPACES_KINDS


def _today_panel(request, access):
    import datetime as dt

    from django.utils import timezone

    from comptoir.spaces.models import Booking
    from comptoir.spaces.selectors import booking_list

    place = access.place
    today = timezone.localtime(timezone.now(), place.tz).date()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=place.tz)
    bookings = booking_list(
        place=place, start=start, end=start + dt.timedelta(days=1), states=Booking.OCCUPYING_STATES
    )[:30]
    return {"bookings": list(bookings)}


def _mine_panel(request, access):
    from django.utils import timezone

    from comptoir.spaces.selectors import bookings_upcoming

    if not access.is_member:
        return None
    return {"bookings": bookings_upcoming(place=access.place, person=request.user, since=timezone.now(), limit=5)}


class SpacesConfig(ComptoirAppConfig):
    name = "comptoir.spaces"
    verbose_name = _("Spaces")
    permissions = sp.PERMISSIONS
    role_permissions = sp.ROLE_PERMISSIONS
    api_router = "comptoir.spaces.api:router"
    place_urls = "comptoir.spaces.urls_place"
    root_urls = "comptoir.spaces.urls_root"
    nav_items = [
        NavItem(_("Book a space"), "spaces:index", area="member", order=20),
        NavItem(_("Bookings"), "spaces:week", area="staff", permission=sp.BOOKINGS_VIEW, order=20, group="spaces"),
        NavItem(
            _("Spaces"),
            "spaces:resources_manage",
            area="staff",
            permission=sp.RESOURCES_MANAGE,
            order=21,
            group="spaces",
        ),
    ]
    staff_panels = [Panel("spaces/panels/today.html", _today_panel, permission=sp.BOOKINGS_VIEW, order=20)]
    member_panels = [Panel("spaces/panels/mine.html", _mine_panel, order=20)]
    resource_kinds = SPACES_KINDS
    demo_loader = "comptoir.spaces.hooks:demo_loader"
    billing_prepare = "comptoir.spaces.hooks:billing_prepare"
    audit_vocabulary = "comptoir.spaces.hooks:audit_vocabulary"
    audit_describe = "comptoir.spaces.hooks:audit_describe"
