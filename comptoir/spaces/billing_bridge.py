"""Bookings → billing: the booking ledger (:class:`~comptoir.spaces.models.BookingCharge`) becomes billing charges.

Declared as ``billing_prepare`` on :class:`~comptoir.spaces.apps.SpacesConfig`: the billing run calls
:func:`billing_prepare` before invoicing a period. Each booking is one billing source
(``"spaces.booking"``, the booking's id) whose total is the sum of its ledger lines, the price the
member pays incl. VAT. :func:`comptoir.billing.services.bridges.ledger_settle` turns it into one
uninvoiced charge (replaced when the booking moves or is cancelled before invoicing) and, when the
booking costs less after being invoiced, into a credit note followed by a charge for the new cost.

Ledger lines read are stamped with :func:`comptoir.spaces.charges.charges_mark_billed` in the same
transaction (``billing_reference`` = ``"spaces.booking:<id>#<generation>"``): unstamped lines are what
billing has not seen yet. Product: ``espaces-location`` of the place, created on first use (VAT 20 %,
sold by the place's primary legal entity; staff may change both on the Products page).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comptoir.billing.selectors import sources_with_open_charges
from comptoir.billing.services import SettleResult, bridge_charges_balance, bridge_product, ledger_settle
from comptoir.core.errors import ServiceError
from comptoir.spaces.charges import charges_mark_billed
from comptoir.spaces.models import Booking, BookingCharge

logger = logging.getLogger(__name__)

SOURCE_TYPE = "spaces.booking"
PRODUCT_CODE = "espaces-location"
# Stored catalogue data and invoice text (invoices are French documents), not interface strings.
PRODUCT_NAME = "Location d’espaces"


def _description(booking: Booking) -> str:
    start = booking.start.astimezone(booking.place.tz)
    end = booking.end.astimezone(booking.place.tz)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%d/%m/%Y %H:%M}"
    return f"{booking.resource.name} – {start:%d/%m/%Y %H:%M}–{until}"


def _product(place):
    with transaction.atomic(durable=True):
        return bridge_product(place=place, code=PRODUCT_CODE, name=PRODUCT_NAME, unit="réservation")


def booking_billing_sync(*, booking: Booking, actor=None, product=None) -> SettleResult | None:
    """Bring billing in line with one booking's ledger. Durable; not inside another transaction.

    ``None`` when the place has no legal entity to invoice from (the ledger waits, nothing is lost).
    """
    product = product or _product(booking.place)
    if product is None:
        return None
    booking = Booking.objects.select_related("place", "resource", "person").get(pk=booking.pk)
    unstamped: list[int] = []

    def read_total() -> Decimal:
        list(Booking.objects.select_for_update(of=("self",)).filter(pk=booking.pk).values_list("pk"))  # one at a time
        lines = list(BookingCharge.objects.filter(booking=booking).values_list("pk", "amount", "billed_at"))
        unstamped[:] = [pk for pk, _amount, billed_at in lines if billed_at is None]
        return sum((amount for _pk, amount, _billed in lines), Decimal("0.00"))

    def stamp(reference: str) -> None:
        if unstamped:
            charges_mark_billed(place=booking.place, charge_ids=unstamped, reference=reference, at=timezone.now())

    return ledger_settle(
        place=booking.place, user=booking.person, source_type=SOURCE_TYPE, source_id=booking.pk,
        read_total=read_total, product=product, description=_description(booking),
        service_date=booking.start.astimezone(booking.place.tz).date(), stamp=stamp, actor=actor,
    )  # fmt: skip


def bookings_to_sync(*, place, until: dt.date | None = None) -> list[int]:
    """Bookings billing has to look at: lines it has not seen, for bookings starting up to ``until`` (so
    that a line is stamped by the run that invoices it, and the staff page's "invoiced" stays true), and
    bookings whose charge is not invoiced yet (a move at the same price changes its date and text)."""
    unseen = BookingCharge.objects.filter(place=place, billed_at__isnull=True)
    if until is not None:
        limit = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=place.tz)
        unseen = unseen.filter(booking__start__lt=limit)
    ids = set(unseen.values_list("booking_id", flat=True))
    ids.update(int(source_id) for source_id in sources_with_open_charges(place=place, source_type=SOURCE_TYPE))
    return sorted(ids)


def billing_prepare(*, place, start: dt.date, end: dt.date, actor=None) -> dict:
    """Hook of the billing run (``SpacesConfig.billing_prepare``): settle every booking billing has not
    fully seen, up to the period's ``end``. Idempotent; later bookings wait for their own period's run."""
    summary = {"bookings": 0, "credit_notes": 0, "errors": 0, "pending": Decimal("0.00")}
    ids = bookings_to_sync(place=place, until=end)
    product = _product(place) if ids else None
    bookings = Booking.objects.filter(place=place, pk__in=ids if product is not None else [])
    for booking in bookings.select_related("place", "resource", "person").order_by("pk"):
        try:
            result = booking_billing_sync(booking=booking, actor=actor, product=product)
        except ServiceError:  # one bad source must not stop the run; the ledger stays for the next one
            logger.exception("Booking %s could not be handed to billing", booking.pk)
            summary["errors"] += 1
            continue
        summary["bookings"] += 1
        summary["credit_notes"] += len(result.credit_notes)
        if result.pending:
            logger.warning("Booking %s: %s EUR to credit with no invoice line left", booking.pk, result.pending)
            summary["pending"] += result.pending
    # Spread the cents so that each invoice costs what its lines cost together (see billing's bridges).
    summary["balanced"] = bridge_charges_balance(place=place, until=end, actor=actor)
    return summary
