"""Availability search: "a room for 6 on Tuesday 14:00–16:00", "what is free this week", a day's slots.

Each search costs a fixed number of queries whatever the number of resources or bookings in history:
the resources, the occupying bookings of the window, the closures of the window, and the asker's
membership. The rules themselves are in :mod:`comptoir.spaces.engine`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from comptoir.core.sentinels import NOT_GIVEN, NotGiven
from comptoir.spaces import selectors
from comptoir.spaces.engine import HoursCache, Reason, free_ranges, slot_reasons
from comptoir.spaces.kinds import HOURS_ENDS, hours_rule_of
from comptoir.spaces.qualifications import plans_reader

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place
    from comptoir.spaces.models import Resource


@dataclass
class ResourceAvailability:
    resource: Resource
    reasons: list[Reason] = field(default_factory=list)

    @property
    def is_bookable(self) -> bool:
        return not self.reasons


@dataclass
class Slot:
    start: dt.datetime
    end: dt.datetime
    reasons: list[Reason]

    @property
    def is_bookable(self) -> bool:
        return not self.reasons


def _roles(*, place: Place, person: User | None, roles: list[str] | None | NotGiven = NOT_GIVEN) -> list[str] | None:
    if not isinstance(roles, NotGiven):
        return roles  # the caller resolved them already (the API and pages did, for the access check)
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    from comptoir.people.selectors import active_role_codes

    return active_role_codes(place=place, user=person)


def availability_search(
    *,
    place: Place,
    start: dt.datetime,
    end: dt.datetime,
    attendees: int = 1,
    kind: str | None = None,
    person: User | None = None,
    as_staff: bool = False,
    now: dt.datetime | None = None,
    roles: list[str] | None | NotGiven = NOT_GIVEN,
) -> list[ResourceAvailability]:
    """Every active resource of the place (of ``kind``), with why it cannot be booked over the slot.

    Bookable resources first (smallest that fits first), then the others. ``roles``: the asker's roles in
    the place (None: not a member) when the caller already has them; read here otherwise.
    """
    resources = selectors.resources_searchable(place=place, kind=kind)
    bookings = selectors.occupying_between(
        place=place, start=start, end=end, margin=selectors.largest_buffer(resources)
    )
    closures = selectors.closures_between(place=place, start=start, end=end)
    roles = _roles(place=place, person=person, roles=roles)
    hours = HoursCache(place.tz)
    plans = plans_reader(place=place, person=person, at=start)  # read once, if a resource needs it
    results = []
    for resource in resources:
        reasons = slot_reasons(
            resource=resource, start=start, end=end, bookings=bookings, closures=closures, hours=hours, now=now,
            attendees=attendees, roles=roles, staff=as_staff, plans=plans, person=person,
        )  # fmt: skip
        results.append(ResourceAvailability(resource, reasons))
    results.sort(key=lambda r: (not r.is_bookable, r.resource.capacity, r.resource.name))
    return results


def free_time(
    *, place: Place, start: dt.datetime, end: dt.datetime, kind: str | None = None, resource: Resource | None = None
) -> list[tuple[Resource, list[tuple[dt.datetime, dt.datetime]]]]:
    """For each active resource: the ranges within ``[start, end)`` where it can be booked (hours,
    closures, bookings and buffers considered; member rules such as durations are not)."""
    resources = [resource] if resource is not None else selectors.resources_searchable(place=place, kind=kind)
    bookings = selectors.occupying_between(
        place=place, start=start, end=end, margin=selectors.largest_buffer(resources)
    )
    closures = selectors.closures_between(place=place, start=start, end=end)
    hours = HoursCache(place.tz)
    now = timezone.now()
    result = []
    for res in resources:
        ranges = free_ranges(
            resource=res, start=max(start, now), end=end, bookings=bookings, closures=closures, hours=hours
        )
        result.append((res, [(a, b) for a, b in ranges if a < b]))
    return result


def day_slots(
    *,
    resource: Resource,
    day: dt.date,
    minutes: int,
    person: User | None = None,
    as_staff: bool = False,
    now: dt.datetime | None = None,
    exclude_id: int | None = None,
) -> list[Slot]:
    """The slot picker: every start of ``day`` (by the resource's granularity) for a booking of ``minutes``,
    within the day's opening hours, each with the reasons it cannot be booked. (For a resource whose
    opening hours bind only pick-up and return, every start within them; the return is checked.)"""
    place = resource.place
    tz = place.tz
    day_start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    bookings = selectors.occupying_between(
        place=place, start=day_start, end=day_end + dt.timedelta(minutes=minutes), margin=resource.buffer
    )
    bookings = [b for b in bookings if b.resource_id == resource.pk]
    closures = selectors.closures_between(place=place, start=day_start, end=day_end + dt.timedelta(minutes=minutes))
    roles = _roles(place=place, person=person)
    hours = HoursCache(tz)
    plans = plans_reader(place=place, person=person, at=day_start)
    open_ranges = hours.open_ranges(resource.hours_expression(), day_start, day_end)
    if open_ranges is None:
        open_ranges = [(day_start, day_end)]
    step = dt.timedelta(minutes=resource.granularity_minutes)
    length = dt.timedelta(minutes=minutes)
    # A lent thing is picked up within the day's opening hours; its return is checked by the rules.
    ends_only = hours_rule_of(resource) == HOURS_ENDS
    slots: list[Slot] = []
    for range_start, range_end in open_ranges:
        range_start, range_end = range_start.astimezone(dt.UTC), range_end.astimezone(dt.UTC)
        # Align on the granularity in local wall-clock time; step in UTC (real minutes).
        local = range_start.astimezone(tz)
        offset = (local.hour * 60 + local.minute) % resource.granularity_minutes
        cursor = range_start + (
            dt.timedelta(minutes=resource.granularity_minutes - offset) if offset else dt.timedelta(0)
        )
        while (cursor < range_end) if ends_only else (cursor + length <= range_end):
            reasons = slot_reasons(
                resource=resource, start=cursor, end=cursor + length, bookings=bookings, closures=closures,
                hours=hours, now=now, roles=roles, staff=as_staff, exclude_id=exclude_id, plans=plans, person=person,
            )  # fmt: skip
            slots.append(Slot(cursor.astimezone(tz), (cursor + length).astimezone(tz), reasons))
            cursor += step
    return slots


def closed_days(*, place: Place, resources: list[Resource], days: list[dt.date]) -> dict[tuple[int, dt.date], str]:
    """The days (per resource) with no open time left: closed by the opening hours or by closures.

    Maps ``(resource id, day)`` to what to show: the reason of a closure that takes the whole day, or ""
    when the opening hours alone keep it shut. Days missing from the map have some open time.
    One read of the closures for the whole range."""
    if not resources or not days:
        return {}
    tz = place.tz
    first = dt.datetime.combine(days[0], dt.time.min, tzinfo=tz)
    last = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    closures = selectors.closures_between(place=place, start=first, end=last)
    hours = HoursCache(tz)
    closed: dict[tuple[int, dt.date], str] = {}
    for day in days:
        day_start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        for res in resources:
            if free_ranges(resource=res, start=day_start, end=day_end, bookings=(), closures=closures, hours=hours):
                continue
            reason = next(
                (
                    c.reason
                    for c in closures
                    if c.resource_id in (None, res.pk) and c.start < day_end and day_start < c.end
                ),
                "",
            )
            closed[(res.pk, day)] = reason
    return closed
