"""The public calendar of a place's workshops (iCalendar, RFC 5545) and its SpaceAPI declaration.

``/<place>/aide-numerique/ateliers.ics``: the upcoming sessions of published workshops (no personal data,
no token needed), each with a stable UID, DTSTAMP, local times with a TZID whose VTIMEZONE is included, the
room and the registration page. Declared to SpaceAPI as ``feeds.calendar`` by
:func:`comptoir.mediation.hooks.spaceapi_contribution`.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event, Timezone

from comptoir.mediation import selectors

MAX_EVENTS = 200


def _vtimezone(tz, first: dt.datetime, last: dt.datetime) -> Timezone:
    """The place's time zone with its daylight saving rules over the years of the events."""
    return Timezone.from_tzinfo(
        tz, tzid=str(tz.key), first_date=dt.date(first.year - 1, 1, 1), last_date=dt.date(last.year + 1, 12, 31)
    )


def workshops_calendar(*, place, request) -> bytes:
    """The place's upcoming public workshop sessions as an iCalendar document."""
    tz = place.tz
    now = timezone.now()
    sessions = selectors.sessions_open_to_public(place=place, limit=MAX_EVENTS)
    host = request.get_host().split(":")[0] or "comptoir"
    cal = Calendar()
    cal.add("prodid", "-//Comptoir//Mediation//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Workshops – %(place)s") % {"place": place.name})
    cal.add("x-wr-timezone", str(tz.key))
    first = sessions[0].starts_at if sessions else now
    last = sessions[-1].ends_at if sessions else now
    cal.add_component(_vtimezone(tz, first, last))
    for session in sessions:
        event = Event()
        event.add("uid", f"workshop-session-{session.pk}-{place.slug}@{host}")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", session.starts_at.astimezone(tz))
        event.add("dtend", session.ends_at.astimezone(tz))
        event.add("summary", session.workshop.title)
        url = request.build_absolute_uri(
            reverse("mediation:register", kwargs={"place_slug": place.slug, "session_id": session.pk})
        )
        seats = session.seats_left
        if seats:
            seats_text = ngettext("%(n)s seat left", "%(n)s seats left", seats) % {"n": seats}
        else:
            seats_text = _("Full: you can join the waiting list.")
        description = "\n\n".join(p for p in [session.workshop.description, seats_text, url] if p)
        event.add("description", description)
        location = ", ".join(p for p in [session.room_label, place.name, place.one_line_address] if p)
        event.add("location", location)
        event.add("url", url)
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()

