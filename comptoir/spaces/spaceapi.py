"""SpaceAPI v15 (https://spaceapi.io): the place's open state, contact, location, sensors, plans.

Open state: the host's latest open/close toggle (with time and person) when there is one from today,
else the opening hours. Other apps add to the document by declaring
``spaceapi_contribution = "module:function"`` on their AppConfig; the function gets ``place=`` and
``request=`` and returns a dict merged in (coworking adds people present and membership plans).
"""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from comptoir.core.registry import hooks
from comptoir.places.hours import is_open_at
from comptoir.spaces.selectors import open_state_latest


def _state(place) -> dict:
    now = timezone.now()
    latest = open_state_latest(place=place)
    today = timezone.localtime(now, place.tz).date()
    if latest is not None and timezone.localtime(latest.changed_at, place.tz).date() == today:
        state = {"open": latest.is_open, "lastchange": int(latest.changed_at.timestamp())}
        if latest.changed_by is not None:
            state["trigger_person"] = latest.changed_by.display_name
        if latest.message:
            state["message"] = latest.message
        return state
    is_open = is_open_at(place.opening_hours, now, place.tz)
    if is_open is None:
        return {}  # no toggle today and no opening hours: the state is unknown ("open" omitted)
    return {"open": is_open, "message": place.opening_hours}


def spaceapi_document(*, place, request) -> dict:
    public_url = request.build_absolute_uri(reverse("places:public", kwargs={"place_slug": place.slug}))
    logo = request.build_absolute_uri(place.logo.url if place.logo else static("spaces/logo.svg"))
    contact = {}
    if place.email:
        contact["email"] = place.email
    if place.phone:
        contact["phone"] = place.phone
    location = {"timezone": place.timezone}
    address = ", ".join(p for p in [place.one_line_address, place.country] if p)
    if address:
        location["address"] = address
    if place.latitude is not None and place.longitude is not None:
        location["lat"] = float(place.latitude)
        location["lon"] = float(place.longitude)
    document = {
        "api_compatibility": ["15"],
        "space": place.name,
        "logo": logo,
        "url": place.website or public_url,
        "location": location,
        "contact": contact,
        "state": _state(place),
        "links": [{"name": place.name, "url": public_url}],
    }
    for contribute in hooks("spaceapi_contribution"):
        extra = contribute(place=place, request=request) or {}
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(document.get(key), dict):
                document[key] = {**document[key], **value}
            elif isinstance(value, list) and isinstance(document.get(key), list):
                document[key] = [*document[key], *value]
            else:
                document[key] = value
    return document
