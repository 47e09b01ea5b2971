from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from comptoir.core.registry import collect

if TYPE_CHECKING:
    from django.http import HttpRequest

    from comptoir.core.access import PlaceAccess

# The groups of the staff navigation, in the order they are shown: the one place where they are
# named. A staff NavItem declares ``group=`` with one of these keys; an entry without a known group
# goes to "other", shown last.
STAFF_NAV_GROUPS = (
    ("desk", pgettext_lazy("staff navigation group", "Front desk")),
    ("community", pgettext_lazy("staff navigation group", "Community")),
    ("spaces", pgettext_lazy("staff navigation group", "Spaces & coworking")),
    ("mediation", pgettext_lazy("staff navigation group", "Digital mediation")),
    ("management", pgettext_lazy("staff navigation group", "Management")),
    ("other", pgettext_lazy("staff navigation group", "Other")),
)
STAFF_NAV_GROUP_KEYS = frozenset(key for key, _label in STAFF_NAV_GROUPS)


def _staff_groups(entries: list[dict]) -> list[dict]:
    """The staff entries by group, in the groups' order; a group with no visible entry is left out."""
    by_key: dict[str, list[dict]] = {key: [] for key, _label in STAFF_NAV_GROUPS}
    for entry in entries:
        by_key[entry["group"] if entry["group"] in by_key else "other"].append(entry)
    return [
        {
            "key": key,
            "label": label,
            "items": by_key[key],
            "current": any(entry["current"] for entry in by_key[key]),
        }
        for key, label in STAFF_NAV_GROUPS
        if by_key[key]
    ]


def _nav(request: HttpRequest, access: PlaceAccess) -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {"public": [], "member": [], "staff": []}
    place = access.place
    for item in collect("nav_items"):
        if item.service and not place.runs(item.service):
            continue
        if item.area == "member" and not (access.is_member or access.user.is_superuser):  # type: ignore[union-attr]
            continue
        if item.area == "staff" and not access.is_staff:
            continue
        if item.permission and not access.has(item.permission):
            continue
        try:
            url = reverse(item.url_name, kwargs={"place_slug": place.slug})
        except NoReverseMatch:
            continue
        sections[item.area].append({"label": item.label, "url": url, "current": False, "group": item.group})
    # The current item is the one whose address is the longest prefix of the page's.
    entries = [entry for items in sections.values() for entry in items if request.path.startswith(entry["url"])]
    if entries:
        max(entries, key=lambda entry: len(entry["url"]))["current"] = True
    sections["staff_groups"] = _staff_groups(sections["staff"])
    return sections


def comptoir(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"instance_name": settings.COMPTOIR_INSTANCE_NAME, "current_place": None, "nav": None}
    access = getattr(request, "access", None)
    if access is not None:
        context["current_place"] = access.place
        context["access"] = access
        context["nav"] = _nav(request, access)
    return context
