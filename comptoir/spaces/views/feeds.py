"""Feeds without login: iCalendar (secret token URLs) and SpaceAPI."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone

from comptoir.places.selectors import place_get_by_slug, place_single
from comptoir.spaces import ical, selectors
from comptoir.spaces.models import Booking
from comptoir.spaces.spaceapi import spaceapi_document

# --- feeds ----------------------------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _feed_window(place):
    now = timezone.now()
    return now - dt.timedelta(days=30), now + dt.timedelta(days=365)


def ical_member(request, place_slug: str, token: str):
    place = place_get_by_slug(slug=place_slug)
    if place is None:
        raise Http404
    calendar_token = selectors.calendar_token_get(place=place, token=token)
    if calendar_token is None:
        raise Http404
    since, until = _feed_window(place)
    bookings = list(
        selectors.booking_list_for_person(place=place, person=calendar_token.person, since=since).filter(
            start__lt=until
        )
    )
    content = ical.bookings_calendar(
        name=f"{place.name} – {calendar_token.person.display_name}", place=place, bookings=bookings,
        host=request.get_host(), show_people=False,
    )  # fmt: skip
    return _ics(content, "reservations.ics")


def ical_resource(request, place_slug: str, resource_slug: str, token: str):
    place = place_get_by_slug(slug=place_slug)
    if place is None:
        raise Http404
    resource = selectors.resource_by_token(place=place, slug=resource_slug, token=token)
    if resource is None:
        raise Http404
    since, until = _feed_window(place)
    bookings = list(
        selectors.booking_list(place=place, start=since, end=until, states=Booking.OCCUPYING_STATES).filter(
            resource=resource
        )
    )
    content = ical.bookings_calendar(
        name=f"{place.name} – {resource.name}", place=place, bookings=bookings, host=request.get_host(),
        show_people=False,
    )  # fmt: skip
    return _ics(content, f"{resource.slug}.ics")


# --- SpaceAPI ---------------------------------------------------------------------------------------


def _spaceapi(request, place) -> JsonResponse:
    response = JsonResponse(spaceapi_document(place=place, request=request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


def spaceapi_place(request, place_slug: str):
    place = place_get_by_slug(slug=place_slug)
    if place is None:
        raise Http404
    return _spaceapi(request, place)


def spaceapi_root(request):
    """/spaceapi.json: the instance's place when it hosts one; otherwise use /<place>/spaceapi.json."""
    place = place_single()
    if place is None:
        raise Http404
    return _spaceapi(request, place)
