"""Weekly booking series: the occurrences, their preview with reasons, and booking them all at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.transactions import service
from comptoir.spaces.engine import HoursCache, Reason, in_supported_range, slot_reasons
from comptoir.spaces.models import Booking, BookingSeries, Resource
from comptoir.spaces.qualifications import PlansOverRange
from comptoir.spaces.services.bookings import (
    _around,
    _closures,
    _create_locked,
    _lock,
    _notify,
    _roles,
    _slot_guard,
)

if TYPE_CHECKING:
    from comptoir.people.models import User

MAX_OCCURRENCES = 104


@dataclass(frozen=True)
class Occurrence:
    start: dt.datetime
    end: dt.datetime
    reasons: tuple[Reason, ...]

    @property
    def is_bookable(self) -> bool:
        return not self.reasons


def occurrences(
    *, start: dt.datetime, end: dt.datetime, every_weeks: int, until: dt.date, tz: dt.tzinfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Same local wall-clock time every N weeks (so 14:00 stays 14:00 across DST changes)."""
    if every_weeks < 1:
        raise ServiceError(_("Repeat every one week or more."), code="invalid", field="every_weeks")
    if not in_supported_range(start, end, until):
        raise ServiceError(_("This date is out of range."), code="invalid", field="until")
    local_start = start.astimezone(tz).replace(tzinfo=None)
    duration = end - start  # real time: a 2-hour booking stays 2 hours on the nights clocks change
    result: list[tuple[dt.datetime, dt.datetime]] = []
    k = 0
    while True:
        wall = local_start + dt.timedelta(weeks=k * every_weeks)
        if wall.date() > until:
            break
        if len(result) >= MAX_OCCURRENCES:
            raise ServiceError(
                _("A series holds at most %(n)d bookings.") % {"n": MAX_OCCURRENCES}, code="invalid", field="until"
            )
        # Round-trip through UTC to land on a real instant when the wall time falls in a DST gap.
        occ_start = wall.replace(tzinfo=tz).astimezone(dt.UTC)
        result.append((occ_start, occ_start + duration))
        k += 1
    return result


def booking_series_preview(
    *,
    resource: Resource,
    person: User,
    start: dt.datetime,
    end: dt.datetime,
    every_weeks: int,
    until: dt.date,
    as_staff: bool = False,
    attendees: int = 1,
) -> list[Occurrence]:
    """Each occurrence with the reasons it cannot be booked (read only: shown before confirming).

    The person's plans are read once for the whole series (when the resource is kept for some plans and
    no role opens it), not once per occurrence."""
    slots = occurrences(start=start, end=end, every_weeks=every_weeks, until=until, tz=resource.place.tz)
    if not slots:
        return []
    plans = PlansOverRange(place=resource.place, person=person, start=slots[0][0], end=slots[-1][0])
    roles = _roles(place=resource.place, person=person)
    return _preview(resource=resource, slots=slots, as_staff=as_staff, attendees=attendees, plans=plans, roles=roles)


def _preview(
    *,
    resource: Resource,
    slots: list[tuple[dt.datetime, dt.datetime]],
    as_staff: bool,
    attendees: int,
    plans: PlansOverRange,
    roles: list[str] | None,
) -> list[Occurrence]:
    tz = resource.place.tz
    first, last = slots[0][0], slots[-1][1]
    bookings = _around(resource, first, last)
    closures = _closures(resource, first, last)
    hours = HoursCache(tz)
    result = []
    for occ_start, occ_end in slots:
        reasons = slot_reasons(
            resource=resource, start=occ_start, end=occ_end, bookings=bookings, closures=closures, hours=hours,
            attendees=attendees, roles=roles, staff=as_staff,
            plans=plans.at(occ_start), person=plans.person,
        )  # fmt: skip
        if roles is None and not as_staff:
            reasons.insert(0, Reason("not_member", _("Only members of the place can book.")))
        result.append(Occurrence(occ_start, occ_end, tuple(reasons)))
    return result


@service(guard=_slot_guard)
def booking_series_create(
    *,
    resource: Resource,
    person: User,
    start: dt.datetime,
    end: dt.datetime,
    every_weeks: int,
    until: dt.date,
    actor: User | None,
    as_staff: bool = False,
    title: str = "",
    attendees: int = 1,
    skip_conflicts: bool = False,
) -> tuple[BookingSeries, list[Booking], list[Occurrence]]:
    """Book every occurrence; refused as a whole when one cannot be booked, unless ``skip_conflicts``.

    Returns the series, the bookings made and the occurrences skipped. ``.in_transaction``: inside the
    caller's transaction (its claims are held until it ends).
    """
    roles = _roles(place=resource.place, person=person)
    locked = _lock(resource)
    slots = occurrences(start=start, end=end, every_weeks=every_weeks, until=until, tz=locked.place.tz)
    if not slots:
        raise ServiceError(_("No occurrence of this series can be booked."), code="empty")
    # One read of the plans serves the preview and each booking's check under the lock.
    plans = PlansOverRange(place=locked.place, person=person, start=slots[0][0], end=slots[-1][0])
    preview = _preview(
        resource=locked, slots=slots, as_staff=as_staff, attendees=attendees, plans=plans, roles=roles
    )
    skipped = [occ for occ in preview if not occ.is_bookable]
    if len(skipped) == len(preview):
        raise ServiceError(_("No occurrence of this series can be booked."), code="empty")
    if skipped and not skip_conflicts:
        dates = ", ".join(f"{occ.start.astimezone(locked.place.tz):%d/%m/%Y}" for occ in skipped)
        raise Conflict(_("Some dates cannot be booked: %(dates)s.") % {"dates": dates}, code="series_conflicts")
    series = BookingSeries.objects.create(
        place=locked.place, resource=locked, person=person, every_weeks=every_weeks, until=until
    )
    closures = _closures(locked, preview[0].start, preview[-1].end)
    made = [
        _create_locked(
            resource=locked,
            person=person,
            start=occ.start,
            end=occ.end,
            actor=actor,
            as_staff=as_staff,
            title=title,
            attendees=attendees,
            series=series,
            roles=roles,
            closures=closures,
            plans=plans.at(occ.start),
        )  # fmt: skip
        for occ in preview
        if occ.is_bookable
    ]
    audit_record(
        place=locked.place, actor=actor, action="booking_series.created", obj=series,
        after={"bookings": [b.pk for b in made], "skipped": [occ.start for occ in skipped]},
        object_repr=f"{locked.name} ×{len(made)}",
    )  # fmt: skip
    if made:
        _notify(made[0], "booking_confirmed")
    return series, made, skipped
