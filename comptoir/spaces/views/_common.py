"""Helpers shared by the spaces pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone


def require_member(request) -> None:
    access = request.access
    if not (access.is_member or getattr(access.user, "is_superuser", False)):
        raise Http404


def today(place) -> dt.date:
    return timezone.localtime(timezone.now(), place.tz).date()


def at(place, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=place.tz)
