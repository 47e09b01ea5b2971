"""Helpers shared by the spaces pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today(place) -> dt.date:
    return timezone.localtime(timezone.now(), place.tz).date()


def at(place, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=place.tz)
