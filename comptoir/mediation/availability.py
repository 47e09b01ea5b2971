"""Free appointment slots (reads): the slots staff opened one by one, and those of the weekly rules.

A slot has a ``key`` the public page and the API book it by: ``a<appointment id>`` for an opened slot,
``r<rule id>-<start as a UNIX timestamp>`` for a slot of a weekly rule (nothing is written until a person
takes it). A rule's slot is offered when it is in the future, within the place's opening hours (when the
place has some), outside the place's closures, does not overlap another open or taken appointment of the
mediator, and, when the rule books a room, the booking engine would accept the room then (its hours,
closures and bookings). Times are wall-clock times of the place's time zone: 10:00 stays 10:00 across a
daylight saving change. The reads cost a fixed number of queries whatever the number of rules or slots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from comptoir.mediation import selectors
from comptoir.mediation.models import Appointment, AvailabilityRule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from comptoir.places.models import Place

HORIZON_DAYS = 28
HOLDING = (Appointment.Status.OPEN, Appointment.Status.BOOKED)


@dataclass(frozen=True)
class FreeSlot:
    key: str
    mediator: Any
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str = ""
    appointment_id: int | None = None
    rule: Any = None

    @property
    def room_label(self) -> str:
        return self.room

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / dt.timedelta(minutes=1))


def _from_appointment(appointment: Appointment) -> FreeSlot:
    return FreeSlot(
        key=f"a{appointment.pk}", mediator=appointment.mediator, starts_at=appointment.starts_at,
        ends_at=appointment.ends_at, room=appointment.room_label, appointment_id=appointment.pk,
    )  # fmt: skip


def rule_times(rule: AvailabilityRule, day: dt.date, tz: dt.tzinfo) -> list[tuple[dt.datetime, dt.datetime]]:
    """The slots of ``rule`` on ``day`` (none when the rule does not apply that day), aware in ``tz``."""
    if day.weekday() != rule.weekday or day < rule.valid_from or (rule.valid_until and day > rule.valid_until):
        return []
    step = dt.timedelta(minutes=rule.slot_minutes)
    start = dt.datetime.combine(day, rule.start_time)
    end = dt.datetime.combine(day, rule.end_time)
    times = []
    while start + step <= end:
        times.append((start.replace(tzinfo=tz), (start + step).replace(tzinfo=tz)))
        start += step
    return times


def _overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    return a_start < b_end and b_start < a_end


def rule_slots(
    *,
    place: Place,
    start_day: dt.date,
    days: int,
    rules: Iterable[AvailabilityRule] | None = None,
    now: dt.datetime | None = None,
) -> list[FreeSlot]:
    """The free slots of the place's weekly rules (or of ``rules``) from ``start_day`` for ``days`` days."""
    from comptoir.spaces import selectors as spaces_selectors
    from comptoir.spaces.engine import HoursCache, covered, slot_reasons

    now = now or timezone.now()
    tz = place.tz
    window_start = dt.datetime.combine(start_day, dt.time.min, tzinfo=tz)
    window_end = dt.datetime.combine(start_day + dt.timedelta(days=days), dt.time.min, tzinfo=tz)
    if rules is None:
        rules = (
            AvailabilityRule.objects.filter(place=place, valid_from__lt=window_end.date())
            .exclude(valid_until__lt=start_day)
            .select_related("mediator", "resource")
        )
    rules = list(rules)
    if not rules:
        return []
    holding = list(
        Appointment.objects.filter(
            place=place, status__in=HOLDING, starts_at__lt=window_end, ends_at__gt=window_start
        ).values_list("mediator_id", "starts_at", "ends_at")
    )
    closures = spaces_selectors.closures_between(place=place, start=window_start, end=window_end)
    hours = HoursCache(tz)
    place_hours = hours.open_ranges(place.opening_hours, window_start, window_end)
    resources = [rule.resource for rule in rules if rule.resource_id]
    bookings = []
    if resources:
        bookings = spaces_selectors.occupying_between(
            place=place,
            start=window_start,
            end=window_end,
            margin=spaces_selectors.largest_buffer(resources),  # type: ignore[arg-type]
        )
    slots = []
    for rule in rules:
        if rule.resource_id:
            rule.resource.place = place  # type: ignore[union-attr]  # already loaded
        for offset in range(days):
            for start, end in rule_times(rule, start_day + dt.timedelta(days=offset), tz):
                if start <= now:
                    continue
                if place_hours is not None and not covered(
                    place_hours, start.astimezone(dt.UTC), end.astimezone(dt.UTC)
                ):
                    continue
                if any(c.resource_id is None and _overlaps(c.start, c.end, start, end) for c in closures):
                    continue
                if any(m == rule.mediator_id and _overlaps(s, e, start, end) for m, s, e in holding):
                    continue
                if rule.resource_id and slot_reasons(
                    resource=rule.resource, start=start, end=end, bookings=bookings, closures=closures, hours=hours,  # type: ignore[arg-type]
                    now=now, staff=True,
                ):  # fmt: skip
                    continue
                slots.append(
                    FreeSlot(
                        key=f"r{rule.pk}-{int(start.timestamp())}",
                        mediator=rule.mediator,
                        starts_at=start,
                        ends_at=end,
                        room=rule.resource.name if rule.resource_id else rule.room,  # type: ignore[union-attr]
                        rule=rule,
                    )  # fmt: skip
                )
    return slots


def free_slots(*, place: Place, limit: int = 60, days: int = HORIZON_DAYS) -> list[FreeSlot]:
    """The place's free future slots (opened ones and those of the weekly rules), soonest first."""
    slots = [_from_appointment(a) for a in selectors.appointments_open_to_public(place=place, limit=limit)]
    today = timezone.localdate(timezone=place.tz)
    slots += rule_slots(place=place, start_day=today, days=days)
    return sorted(slots, key=lambda s: (s.starts_at, s.mediator.pk, s.key))[:limit]


def slot_from_key(*, place: Place, key: str) -> FreeSlot | None:
    """The slot a key names in the place, free or not (taking it says if it is gone); None when unknown."""
    if key.startswith("a") and key[1:].isdigit():
        appointment = selectors.appointment_get(place=place, appointment_id=int(key[1:]))
        return _from_appointment(appointment) if appointment is not None else None
    rule_id, _sep, stamp = key[1:].partition("-")
    if not (key.startswith("r") and rule_id.isdigit() and stamp.isdigit()):
        return None
    rule = AvailabilityRule.objects.filter(place=place, pk=int(rule_id)).select_related("mediator", "resource").first()
    if rule is None:
        return None
    try:
        start = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    local = timezone.localtime(start, place.tz)
    for slot_start, slot_end in rule_times(rule, local.date(), place.tz):
        if slot_start == start:
            room = rule.resource.name if rule.resource_id else rule.room  # type: ignore[union-attr]
            return FreeSlot(
                key=key, mediator=rule.mediator, starts_at=slot_start, ends_at=slot_end, room=room, rule=rule
            )
    return None


def rule_slot_is_free(*, place: Place, slot: FreeSlot) -> bool:
    """Whether a rule's slot is still offered (called under the rule's lock when taking it)."""
    day = timezone.localtime(slot.starts_at, place.tz).date()
    return any(s.key == slot.key for s in rule_slots(place=place, start_day=day, days=1, rules=[slot.rule]))
