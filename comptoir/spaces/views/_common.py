"""Helpers shared by the spaces pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today(place) -> dt.date:
    return timezone.localtime(timezone.now(), place.tz).date()


def at(place, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=place.tz)


def resource_url_maker(url_name: str, place):
    """``slug -> URL`` of the place's resource page ``url_name``, reversed once (a page listing every resource
    would reverse it for each: 60 reverses were a tenth of the search page's CPU, bench/pages.py)."""
    from django.urls import reverse

    marker = "resource-slug-marker"
    pattern = reverse(url_name, kwargs={"place_slug": place.slug, "resource_slug": marker})
    head, _marker, tail = pattern.partition(marker)
    return lambda slug: f"{head}{slug}{tail}"
