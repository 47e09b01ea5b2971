"""A resident's fixed desk, held through the booking engine while the subscription runs.

The desk is booked for the resident over every open range of the subscription's period (the place's or
the desk's opening hours, minus closures: the engine books nothing outside them, and nobody else can book
there either), as bookings for the place's own use (``internal_use``: never charged, the plan is) made
by staff rules. The engine's no-double-booking guarantee does the rest: nobody else can take the desk,
and a desk already taken over the period is refused. Each booking is linked to its subscription by a
:class:`~comptoir.coworking.models.DeskBooking` row, so that renewal extends exactly those and ending
releases them. The coworking services call these with ``.in_transaction`` (see
:mod:`comptoir.core.transactions`), inside their own durable transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.transactions import service
from comptoir.coworking.models import DeskBooking, Plan, Subscription


def desk_check(*, place, plan: Plan, desk) -> None:
    """A resident plan names a desk of the place; other plans have none."""
    from comptoir.spaces.models import Resource

    if plan.kind != Plan.Kind.RESIDENT:
        if desk is not None:
            raise ServiceError(_("Only a resident plan comes with a fixed desk."), field="desk")
        return
    if desk is None:
        raise ServiceError(_("Choose the resident's desk."), field="desk")
    if desk.place_id != place.pk or desk.kind != Resource.Kind.DESK:
        raise ServiceError(_("Unknown desk."), field="desk")
    if not desk.is_active:
        raise ServiceError(_("This desk cannot be booked at the moment."), field="desk")


def _bounds(place, first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period ``first``..``last`` (inclusive days, local time) as UTC instants."""
    tz = place.tz
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz).astimezone(dt.UTC)
    return start, end


def _open_ranges(desk, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Where the desk can be booked at all: its opening hours minus closures, from now on."""
    from comptoir.spaces.engine import HoursCache, subtract
    from comptoir.spaces.models import Closure

    # Bookings cannot start in the past: begin at the next whole minute.
    now = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    start = max(start, now)
    if start >= end:
        return []
    ranges = HoursCache(desk.place.tz).open_ranges(desk.hours_expression(), start, end)
    if ranges is None:
        ranges = [(start, end)]
    closures = Closure.objects.filter(place_id=desk.place_id, start__lt=end, end__gt=start).filter(
        Q(resource__isnull=True) | Q(resource=desk)
    )
    return [(a, b) for a, b in subtract(ranges, [(c.start, c.end) for c in closures]) if b > a]


def _taken_message(desk, bookings) -> str:
    days = sorted({timezone.localtime(b.start, desk.place.tz).date() for b in bookings})
    shown = ", ".join(formats.date_format(day, "SHORT_DATE_FORMAT") for day in days[:5])
    if len(days) > 5:
        shown += " …"
    return gettext("The desk “%(desk)s” is already booked over this period (%(days)s): choose another desk.") % {
        "desk": desk.name,
        "days": shown,
    }


@service
def desk_reserve(*, subscription: Subscription, first: dt.date, last: dt.date, actor) -> int:
    """Book the subscription's desk for its resident from ``first`` to ``last`` (inclusive); return how
    many bookings were made. Raises :class:`Conflict` (naming the days) when someone else holds the desk.
    ``.in_transaction``: inside the coworking service's transaction (subscribe, renew, change desk)."""
    from comptoir.spaces.models import Booking
    from comptoir.spaces.services.bookings import booking_create

    desk = subscription.desk
    if desk is None:
        return 0
    place = subscription.place
    start, end = _bounds(place, first, last)
    taken = list(
        Booking.objects.filter(
            resource=desk, state__in=Booking.OCCUPYING_STATES, start__lt=end + desk.buffer, blocked_until__gt=start
        ).exclude(pk__in=DeskBooking.objects.filter(subscription=subscription).values("booking_id"))
    )
    if taken:
        raise Conflict(_taken_message(desk, taken), code="desk_taken", field="desk")
    title = gettext("Resident's desk")
    made = 0
    for range_start, range_end in _open_ranges(desk, start, end):
        try:
            booking = booking_create.in_transaction(
                resource=desk, person=subscription.person, start=range_start, end=range_end, actor=actor,
                as_staff=True, internal_use=True, title=title, roles=None, notify=False,
            )  # fmt: skip
        except Conflict:
            raise Conflict(
                _taken_message(desk, [Booking(start=range_start)]), code="desk_taken", field="desk"
            ) from None
        DeskBooking.objects.create(place=place, subscription=subscription, booking=booking)
        made += 1
    return made


@service
def desk_release(*, subscription: Subscription, actor, reason: str, after: dt.date | None = None) -> int:
    """Cancel the subscription's desk bookings that have not ended yet (only those from ``after`` on, a
    local day, when given); return how many were cancelled. ``.in_transaction``: inside the coworking
    service's transaction (end, cancel, change desk)."""
    from comptoir.spaces.models import Booking
    from comptoir.spaces.services.bookings import booking_cancel

    bookings = Booking.objects.filter(
        pk__in=DeskBooking.objects.filter(subscription=subscription).values("booking_id"),
        state__in=(Booking.State.REQUESTED, Booking.State.CONFIRMED),
        end__gt=timezone.now(),
    ).order_by("start")
    if after is not None:
        bookings = bookings.filter(start__gte=_bounds(subscription.place, after, after)[0])
    released = 0
    for booking in bookings:
        booking_cancel.in_transaction(booking=booking, actor=actor, reason=reason, as_staff=True, notify=False)
        released += 1
    return released
