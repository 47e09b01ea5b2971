"""The booking engine's rules, as pure functions over already-loaded rows.

Services (writes) and availability (reads) both call :func:`slot_reasons`; it answers *why* a slot is
not bookable as a list of :class:`Reason` (empty: bookable). Nothing here queries the database, so the
callers decide how many queries a search costs (one per table, whatever the number of resources).

Time ranges are half-open ``[start, end)``. Every instant is handled in UTC: Python adds and compares
datetimes that share a ``tzinfo`` by wall-clock time, which is wrong across DST changes, so local times
are only used to read opening hours and granularity, and for display.

A booking blocks ``[start, end + buffer)``; two bookings conflict when those blocked ranges overlap,
which is symmetric and matches the PostgreSQL exclusion constraint on ``tstzrange(start, blocked_until)``.

Opening hours are a rule of the resource (:func:`comptoir.spaces.kinds.hours_rule_of`): the whole
booking within them (rooms, desks, machines), or only its pick-up and return (things lent over several
days, across nights and closed days). The app owning a resource's kind may add its own state and
person checks (:mod:`comptoir.spaces.kinds`); those are the only calls here that may read the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError
from comptoir.places.hours import open_intervals
from comptoir.spaces.kinds import HOURS_ENDS, hours_rule_of, kind_of
from comptoir.spaces.qualifications import PLAN_PREFIX

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from comptoir.people.models import User
    from comptoir.spaces.models import Resource

# Instants outside these years are refused (they would overflow date arithmetic with buffers and days).
MIN_YEAR, MAX_YEAR = 1970, 2200


def in_supported_range(*moments: dt.datetime | dt.date) -> bool:
    return all(MIN_YEAR <= m.year <= MAX_YEAR for m in moments)


@dataclass(frozen=True)
class Reason:
    code: str
    message: StrOrPromise

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message)}


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Half-open ranges overlap (touching ends do not)."""
    return a_start < b_end and b_start < a_end


def merge(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(
    intervals: Sequence[tuple[dt.datetime, dt.datetime]], holes: Iterable[tuple[dt.datetime, dt.datetime]]
) -> list[tuple[dt.datetime, dt.datetime]]:
    """``intervals`` minus ``holes`` (both lists of half-open ranges)."""
    result = list(merge(intervals))
    for hole_start, hole_end in merge(holes):
        pieces = []
        for start, end in result:
            if not overlaps(start, end, hole_start, hole_end):
                pieces.append((start, end))
                continue
            if start < hole_start:
                pieces.append((start, hole_start))
            if hole_end < end:
                pieces.append((hole_end, end))
        result = pieces
    return result


class HoursCache:
    """Open intervals per (expression, window), so resources sharing the place's hours parse them once."""

    def __init__(self, tz: dt.tzinfo):
        self.tz = tz
        self._cache: dict = {}

    def open_ranges(
        self, expression: str, start: dt.datetime, end: dt.datetime
    ) -> list[tuple[dt.datetime, dt.datetime]] | None:
        """Merged open ranges within the window, or None when there are no opening hours (always open)."""
        if not expression:
            return None
        key = (expression, start, end)
        if key not in self._cache:
            self._cache[key] = merge(
                (a.astimezone(dt.UTC), b.astimezone(dt.UTC)) for a, b in open_intervals(expression, start, end, self.tz)
            )
        return self._cache[key]


def covered(ranges: Sequence[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime) -> bool:
    return any(a <= start and end <= b for a, b in merge(ranges))


def ends_covered(ranges: Sequence[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime) -> bool:
    """The pick-up (``start``) and the return (``end``) both fall within open ranges: picked up from the
    opening until before the closing, returned from the opening until the closing."""
    merged = merge(ranges)
    return any(a <= start < b for a, b in merged) and any(a <= end <= b for a, b in merged)


def kind_reasons(
    *, resource: Resource, person: User | None, start: dt.datetime, end: dt.datetime, staff: bool
) -> list[Reason]:
    """The refusals of the app owning the resource's kind (its ``check_state`` and ``check_person``)."""
    kind = kind_of(resource)
    if kind is None or (kind.check_state is None and kind.check_person is None):
        return []
    reasons = []
    try:
        if kind.check_state is not None:
            kind.check_state(resource=resource, start=start, end=end)
    except ServiceError as error:
        reasons.append(Reason(error.code, error.message))
    try:
        if kind.check_person is not None:
            kind.check_person(resource=resource, person=person, start=start, end=end, as_staff=staff)
    except ServiceError as error:
        reasons.append(Reason(error.code, error.message))
    return reasons


def occupying(bookings: Iterable, *, exclude_id: int | None = None) -> list:
    return [b for b in bookings if b.is_occupying and b.pk != exclude_id]


def conflicts(bookings: Iterable, *, start: dt.datetime, blocked_until: dt.datetime) -> list:
    """Occupying bookings whose blocked range overlaps ``[start, blocked_until)``."""
    return [b for b in bookings if b.is_occupying and overlaps(b.start, b.blocked_until, start, blocked_until)]


def free_seat(resource: Resource, bookings: Iterable, *, start: dt.datetime, blocked_until: dt.datetime) -> int | None:
    """The lowest seat of the resource free over the whole range, or None when every seat is taken."""
    taken = {b.seat for b in conflicts(bookings, start=start, blocked_until=blocked_until)}
    for seat in range(1, resource.seats + 1):
        if seat not in taken:
            return seat
    return None


def peak(bookings: Iterable, *, start: dt.datetime, blocked_until: dt.datetime) -> int:
    """The largest number of occupying bookings blocking one instant of ``[start, blocked_until)``."""
    around = conflicts(bookings, start=start, blocked_until=blocked_until)
    events = sorted(
        [(max(b.start, start), 1) for b in around] + [(min(b.blocked_until, blocked_until), -1) for b in around]
    )
    # At equal instants ends (-1) sort before starts (+1): touching ranges do not overlap.
    count = highest = 0
    for _instant, step in events:
        count += step
        highest = max(highest, count)
    return highest


def repack(
    resource: Resource, bookings: Sequence, *, start: dt.datetime, blocked_until: dt.datetime, fixed: set | None = None
) -> tuple[dict[int, int], int | None] | None:
    """Seats for a pool when no single seat is free over the new range although a seat is free at every
    instant (bookings made, moved and cancelled at different times leave the seats fragmented).

    ``bookings``: the occupying bookings of the pool that meet the new range, directly or through each
    other; ``fixed``: the ids of those whose seat must not change (already started). Seats are dealt again
    in order of start, each taking the lowest seat free at its start, which needs no more seats than the
    peak when nothing is fixed. Returns ``({booking id: new seat}, seat of the new booking)`` for the
    bookings whose seat changes, or None when even that does not fit.
    """
    fixed = fixed or set()
    free_at: dict[int, dt.datetime] = {}  # seat -> when it frees up
    NEW = object()
    items = [(b.start, b.blocked_until, b.pk, b.seat) for b in bookings if b.is_occupying]
    moving = sorted([i for i in items if i[2] not in fixed] + [(start, blocked_until, NEW, None)], key=lambda i: i[:2])
    changes: dict[int, int] = {}
    new_seat = None
    fixed_ranges = [(b.start, b.blocked_until, b.seat) for b in bookings if b.pk in fixed and b.is_occupying]
    for b_start, b_until, pk, old_seat in moving:
        seat = next(
            (
                n
                for n in range(1, resource.seats + 1)
                if free_at.get(n, b_start) <= b_start
                and not any(
                    f_seat == n and f_start < b_until and b_start < f_until for f_start, f_until, f_seat in fixed_ranges
                )
            ),
            None,
        )
        if seat is None:
            return None
        free_at[seat] = b_until
        if pk is NEW:
            new_seat = seat
        elif seat != old_seat:
            changes[pk] = seat
    return changes, new_seat


def _qualifies(allowed: set[str], roles: set[str], plans: Callable[[], set[str]] | None) -> bool:
    """A role or a plan of the person is among those the resource is kept for."""
    if allowed & roles:
        return True
    if plans is None or not any(a.startswith(PLAN_PREFIX) for a in allowed):
        return False
    return bool(allowed & plans())


def slot_reasons(
    *,
    resource: Resource,
    start: dt.datetime,
    end: dt.datetime,
    bookings: Iterable,
    closures: Iterable,
    hours: HoursCache,
    now: dt.datetime | None = None,
    attendees: int = 1,
    roles: Iterable[str] | None = None,
    staff: bool = False,
    exclude_id: int | None = None,
    plans: Callable[[], set[str]] | None = None,
    person: User | None = None,
) -> list[Reason]:
    """Every reason why ``resource`` cannot be booked over ``[start, end)``; empty when it can.

    ``bookings`` and ``closures`` are the rows around the slot (more is fine, they are filtered here).
    ``staff`` lifts the member rules (duration, granularity, horizon, roles and plans) but never opening
    hours, closures, capacity or conflicts. ``plans``: gives the person's plan tokens (``"plan:<kind>"``),
    called only when the resource is kept for some plans and no role of the person opens it.
    ``person``: who would book (None: an anonymous search), handed to the kind's ``check_person``.
    """
    if timezone.is_naive(start) or timezone.is_naive(end):
        return [Reason("invalid", _("Times must carry a time zone."))]
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if end <= start:
        return [Reason("invalid", _("The end must be after the start."))]
    now = now or timezone.now()
    reasons: list[Reason] = []
    if not resource.is_active:
        reasons.append(Reason("inactive", _("This resource cannot be booked at the moment.")))
    if start < now:
        reasons.append(Reason("past", _("This slot has already started.")))
    minutes = (end - start).total_seconds() / 60
    if not staff:
        if minutes < resource.min_minutes:
            reasons.append(Reason("too_short", _("Book at least %(n)d minutes.") % {"n": resource.min_minutes}))
        if minutes > resource.max_minutes:
            reasons.append(Reason("too_long", _("Book at most %(n)d minutes.") % {"n": resource.max_minutes}))
        local_start = timezone.localtime(start, hours.tz)
        step = resource.granularity_minutes
        if minutes % step or (local_start.hour * 60 + local_start.minute) % step or local_start.second:
            reasons.append(Reason("granularity", _("Slots go by steps of %(n)d minutes.") % {"n": step}))
        if start > now + dt.timedelta(days=resource.horizon_days):
            reasons.append(Reason("too_far", _("Book at most %(n)d days ahead.") % {"n": resource.horizon_days}))
        if resource.allowed_roles and not _qualifies(set(resource.allowed_roles), set(roles or ()), plans):
            reasons.append(Reason("role", _("Your membership or plan does not include this resource.")))
    if resource.is_pool and attendees > 1:
        reasons.append(Reason("capacity", _("A seat is for one person: book one seat per person.")))
    elif attendees > resource.capacity:
        reasons.append(Reason("capacity", _("This resource holds at most %(n)d people.") % {"n": resource.capacity}))
    ends_only = hours_rule_of(resource) == HOURS_ENDS
    # A return at the opening instant needs the range opening then, which a window ending there would clip.
    ranges = hours.open_ranges(resource.hours_expression(), start, end + dt.timedelta(days=1) if ends_only else end)
    if ranges is not None and not (ends_covered if ends_only else covered)(ranges, start, end):
        reasons.append(Reason("closed", _("Outside opening hours.")))
    for closure in closures:
        if closure.resource_id not in (None, resource.pk):
            continue
        if ends_only and closure.resource_id is None:
            # The place closed while the thing is lent: only pick-up and return need it open.
            meets = closure.start <= start < closure.end or closure.start < end <= closure.end
        else:
            meets = overlaps(closure.start, closure.end, start, end)
        if meets:
            reasons.append(Reason("closure", _("Closed: %(reason)s") % {"reason": closure.reason}))
            break
    reasons.extend(kind_reasons(resource=resource, person=person, start=start, end=end, staff=staff))
    blocked_until = end + resource.buffer
    mine = [b for b in bookings if b.resource_id == resource.pk and b.pk != exclude_id]
    if resource.is_pool:
        # A pool is full when every seat is blocked at one instant; fragmented seats are dealt again.
        taken = peak(mine, start=start, blocked_until=blocked_until) >= resource.seats
    else:
        taken = free_seat(resource, mine, start=start, blocked_until=blocked_until) is None
    if taken and person is not None and any(
        b.person_id == person.pk for b in conflicts(mine, start=start, blocked_until=blocked_until)
    ):
        # Someone who already holds this resource over the slot is told so, not that a stranger took it.
        reasons.append(Reason("already_booked", _("You already booked this slot.")))
    elif taken and resource.is_pool:
        reasons.append(Reason("full", _("Every seat is taken at this time.")))
    elif taken:
        reasons.append(Reason("taken", _("This slot is already taken.")))
    return reasons


def free_ranges(
    *,
    resource: Resource,
    start: dt.datetime,
    end: dt.datetime,
    bookings: Iterable,
    closures: Iterable,
    hours: HoursCache,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Where at least one seat is free within ``[start, end)``: open hours minus closures minus full times.

    A booking's buffer is removed on both sides (a new booking must end ``buffer`` before the next one starts).
    A resource whose opening hours bind only pick-up and return (a lent thing) is free across closed
    hours and the place's closures; its own closures still hold it.
    """
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    ends_only = hours_rule_of(resource) == HOURS_ENDS
    ranges = None if ends_only else hours.open_ranges(resource.hours_expression(), start, end)
    if ranges is None:
        ranges = [(start, end)]
    holes = [
        (c.start, c.end) for c in closures if c.resource_id == resource.pk or (c.resource_id is None and not ends_only)
    ]
    mine = [b for b in bookings if b.resource_id == resource.pk and b.is_occupying]
    buffer = resource.buffer
    if resource.seats == 1:
        holes += [(b.start - buffer, b.blocked_until) for b in mine]
    else:
        # A time is full when every seat is blocked there: sweep the blocked ranges' boundaries.
        points = sorted({p for b in mine for p in (b.start - buffer, b.blocked_until)})
        for a, b in zip(points, points[1:], strict=False):
            seats = {x.seat for x in mine if x.start - buffer < b and a < x.blocked_until}
            if len(seats) >= resource.seats:
                holes.append((a, b))
    return subtract(ranges, holes)
