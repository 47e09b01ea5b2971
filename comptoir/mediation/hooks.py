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


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.mediation.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.mediation.audit_words import describe

    return describe(place=place, objects=objects)
