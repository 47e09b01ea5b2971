from django.conf import settings
from django.urls import NoReverseMatch, reverse

from comptoir.core.registry import collect


def _nav(request, access) -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {"public": [], "member": [], "staff": []}
    place = access.place
    for item in collect("nav_items"):
        if item.service and not place.runs(item.service):
            continue
        if item.area == "member" and not (access.is_member or access.user.is_superuser):
            continue
        if item.area == "staff" and not access.is_staff:
            continue
        if item.permission and not access.has(item.permission):
            continue
        try:
            url = reverse(item.url_name, kwargs={"place_slug": place.slug})
        except NoReverseMatch:
            continue
        sections[item.area].append({"label": item.label, "url": url, "current": False})
    # The current item is the one whose address is the longest prefix of the page's.
    entries = [entry for items in sections.values() for entry in items if request.path.startswith(entry["url"])]
    if entries:
        max(entries, key=lambda entry: len(entry["url"]))["current"] = True
    return sections


def comptoir(request):
    context = {"instance_name": settings.COMPTOIR_INSTANCE_NAME, "current_place": None, "nav": None}
    access = getattr(request, "access", None)
    if access is not None:
        context["current_place"] = access.place
        context["access"] = access
        context["nav"] = _nav(request, access)
    return context
