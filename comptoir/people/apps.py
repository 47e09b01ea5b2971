from django.utils.translation import gettext_lazy as _

from comptoir.core import permissions as p
from comptoir.core.registry import ComptoirAppConfig, NavItem, Panel


def _pending_panel(request, access):
    from comptoir.people.selectors import membership_list

    if not access.has(p.MEMBERS_APPROVE):
        return None
    pending = list(membership_list(place=access.place, status="pending")[:20])
    return {"pending": pending}


def _my_memberships_panel(request, access):
    from comptoir.people.selectors import memberships_of

    return {"memberships": memberships_of(user=request.user)}


class PeopleConfig(ComptoirAppConfig):
    name = "comptoir.people"
    verbose_name = _("People")
    place_urls = "comptoir.people.urls_place"
    root_urls = "comptoir.people.urls"
    api_router = "comptoir.people.api:router"
    # Core's place access and API authentication (core never imports people).
    place_membership = "comptoir.people.hooks:place_membership"
    place_membership_by_slug = "comptoir.people.hooks:place_membership_by_slug"
    api_token_authenticate = "comptoir.people.hooks:api_token_authenticate"
    nav_items = [
        NavItem(_("Directory"), "people:directory", area="member", permission=p.DIRECTORY_VIEW, order=80),
        NavItem(_("Members"), "people:members", area="staff", permission=p.MEMBERS_VIEW, order=10, group="community"),
    ]
    staff_panels = [Panel("people/panels/pending.html", _pending_panel, permission=p.MEMBERS_APPROVE, order=10)]
    member_panels = [Panel("people/panels/my_memberships.html", _my_memberships_panel, order=900)]
    audit_vocabulary = "comptoir.people.hooks:audit_vocabulary"
    audit_describe = "comptoir.people.hooks:audit_describe"
