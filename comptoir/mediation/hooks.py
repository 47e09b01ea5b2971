"""The functions the mediation app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations

from django.urls import reverse


def spaceapi_contribution(*, place, request) -> dict:
    """``spaceapi_contribution``: the workshops calendar (``feeds.py``) of a place that runs digital mediation."""
    if not place.runs("mediation"):
        return {}
    url = request.build_absolute_uri(reverse("mediation:workshops_feed", kwargs={"place_slug": place.slug}))
    return {"feeds": {"calendar": {"type": "ical", "url": url}}}


def demo_loader(*, place, people) -> None:
    """``demo_loader``: mediation's demo data (workshops, sessions, appointments)."""
    from comptoir.mediation.demo import load

    load(place=place, people=people)
