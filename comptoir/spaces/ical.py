"""iCalendar feeds (RFC 5545) with the ``icalendar`` package: per resource and per member.

Both sit behind a secret token in the URL (calendar apps cannot log in); the member resets theirs from
"my bookings", a host resets a resource's. Events carry UID, DTSTAMP, and local times with a TZID whose
VTIMEZONE is included.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from comptoir.spaces.models import Booking


def _calendar(name: str, tz) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Comptoir//Spaces//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(tz.key))
    return cal


def _vtimezone(tz, first: dt.datetime, last: dt.datetime) -> Timezone:
    # Cover the events' years (a year around them) so the VTIMEZONE carries the right DST rules.
    return Timezone.from_tzinfo(
        tz, tzid=str(tz.key), first_date=dt.date(first.year - 1, 1, 1), last_date=dt.date(last.year + 1, 12, 31)
    )


def bookings_calendar(*, name: str, place, bookings: list[Booking], host: str, show_people: bool) -> bytes:
    tz = place.tz
    cal = _calendar(name, tz)
    now = timezone.now()
    if bookings:
        cal.add_component(_vtimezone(tz, min(b.start for b in bookings), max(b.end for b in bookings)))
    else:
        cal.add_component(_vtimezone(tz, now, now + dt.timedelta(days=1)))
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{host}")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", booking.start.astimezone(tz))
        event.add("dtend", booking.end.astimezone(tz))
        event.add("last-modified", booking.updated_at.astimezone(dt.UTC))
        summary = booking.resource.name
        if booking.title:
            summary = f"{summary} – {booking.title}"
        if show_people:
            summary = f"{summary} ({booking.person.display_name})"
        event.add("summary", summary)
        event.add("location", f"{booking.resource.name}, {place.name}")
        event.add("status", "TENTATIVE" if booking.state == Booking.State.REQUESTED else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
