"""Helpers shared by the mediation pages."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import redirect
from django.utils import timezone


def today(place) -> dt.date:
    return timezone.localdate(timezone=place.tz)


def go(request, name: str, **kwargs):
    """Redirect to the mediation page ``name`` of the request's place."""
    return redirect(f"mediation:{name}", place_slug=request.place.slug, **kwargs)


def at_place(place, moment: dt.datetime) -> dt.datetime:
    """A date and time typed in a form, read as the place's wall-clock time."""
    if timezone.is_aware(moment):
        moment = timezone.make_naive(moment, timezone.get_current_timezone())
    return moment.replace(tzinfo=place.tz)


def chosen(options, pk):
    """The option of primary key ``pk`` among those the form offered (``None`` when none was chosen)."""
    return next((option for option in options if option.pk == pk), None)
