"""The one interface between bookings and billing.

:func:`booking_charge_sync` is called inside every booking service's transaction (confirm, move,
cancel, no-show). It computes what the booking costs *now* (price and minutes taken from the member's
plan allowance) and appends a :class:`~comptoir.spaces.models.BookingCharge` line with the difference
from what the ledger already holds. Calling it twice adds nothing; a move adds only the difference;
a cancellation adds the reverse lines. Nothing is ever billed twice.

Billing receives the ledger through :mod:`comptoir.spaces.billing_bridge` (the ``billing_prepare`` hook of
the billing run), which stamps the lines it hands over with :func:`charges_mark_billed` (``billed_at``
then means "handed to billing"). Negative lines are credits.

Allowances come from whoever declares ``booking_allowance = "module:function"`` on their AppConfig
(coworking does): ``function(place=, person=, at=) -> (minutes, period_start, period_end) | None``,
the plan's meeting-room minutes over the period that contains ``at``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from comptoir.core.registry import hook_one
from comptoir.spaces.models import Booking, BookingCharge

CENT = Decimal("0.01")
BILLABLE_STATES = (Booking.State.CONFIRMED, Booking.State.NO_SHOW)


def price_for_minutes(*, resource, minutes: int, member: bool) -> Decimal:
    """The best price for a duration: per hour, or per half-day (up to 4 h), or per day (up to 24 h)."""
    if minutes <= 0:
        return Decimal("0.00")
    hourly, half_day, day = resource.prices(member=member)
    candidates = [(Decimal(minutes) / 60 * hourly)]
    if half_day is not None and minutes <= 240:
        candidates.append(half_day)
    if day is not None:
        candidates.append(day * math.ceil(minutes / 1440))
    if half_day is not None and minutes > 240 and minutes <= 1440 and day is None:
        candidates.append(half_day * math.ceil(minutes / 240))
    return min(candidates).quantize(CENT, rounding=ROUND_HALF_UP)


def _allowance_provider():
    return hook_one("booking_allowance")


def _allowance_left(*, booking: Booking) -> int:
    provider = _allowance_provider()
    if provider is None or not booking.resource.uses_allowance:
        return 0
    plan = provider(place=booking.place, person=booking.person, at=booking.start)
    if not plan:
        return 0
    total, period_start, period_end = plan
    used = (
        BookingCharge.objects.filter(
            place=booking.place,
            person=booking.person,
            booking__start__gte=period_start,
            booking__start__lt=period_end,
        )
        .exclude(booking=booking)
        .aggregate(total=Sum("allowance_minutes"))["total"]
        or 0
    )
    return max(0, total - used)


def _is_member(booking: Booking) -> bool:
    from comptoir.people.models import Membership

    return Membership.objects.filter(place=booking.place, user=booking.person, status=Membership.Status.ACTIVE).exists()


def booking_cost(*, booking: Booking, member: bool | None = None) -> tuple[Decimal, int]:
    """(amount, allowance minutes) the booking should cost in its current state.

    ``member``: whether the person is an active member (member price), when the caller already knows.
    """
    if booking.state not in BILLABLE_STATES or booking.internal_use:
        return Decimal("0.00"), 0
    minutes = booking.minutes
    allowance = min(minutes, _allowance_left(booking=booking))
    if member is None:
        member = _is_member(booking)
    amount = price_for_minutes(resource=booking.resource, minutes=minutes - allowance, member=member)
    return amount, allowance


def booking_charge_sync(
    *, booking: Booking, description: str = "", member: bool | None = None, is_new: bool = False
) -> BookingCharge | None:
    """Bring the ledger in line with the booking; returns the line added, or None when nothing changed.

    Must run inside the caller's transaction, after the booking row is saved and its resource locked.
    ``is_new``: the booking was just created, so it has no line yet (saves reading the ledger).
    """
    amount, allowance = booking_cost(booking=booking, member=member)
    if is_new:
        current = {"amount": None, "allowance": None}
    else:
        current = BookingCharge.objects.filter(booking=booking).aggregate(
            amount=Sum("amount"), allowance=Sum("allowance_minutes")
        )
    delta_amount = amount - (current["amount"] or Decimal("0.00"))
    delta_allowance = allowance - (current["allowance"] or 0)
    if not delta_amount and not delta_allowance:
        return None
    local = booking.start.astimezone(booking.place.tz)
    return BookingCharge.objects.create(
        place=booking.place,
        booking=booking,
        person=booking.person,
        amount=delta_amount,
        allowance_minutes=delta_allowance,
        description=(description or f"{booking.resource.name} {local:%Y-%m-%d %H:%M} ({booking.minutes} min)")[:200],
    )


def unbilled_charges(*, place):
    return (
        BookingCharge.objects.filter(place=place, billed_at__isnull=True)
        .select_related("booking", "booking__resource", "person")
        .order_by("created_at", "pk")
    )


def charges_mark_billed(*, place, charge_ids: list[int], reference: str, at: dt.datetime) -> int:
    """Stamp lines as invoiced (for billing to call inside its own transaction). Returns how many."""
    return BookingCharge.objects.filter(place=place, pk__in=charge_ids, billed_at__isnull=True).update(
        billed_at=at, billing_reference=reference[:100]
    )
