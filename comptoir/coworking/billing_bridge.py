"""Coworking sales → billing: :class:`~comptoir.coworking.models.CoworkingCharge` lines become billing charges.

Declared as ``billing_prepare`` on :class:`~comptoir.coworking.apps.CoworkingConfig`: the billing run
calls :func:`billing_prepare` before invoicing a period. Each ledger line is one sale and one billing
source (``"coworking.sale"``, the line's id): a plan sold (``subscription_start``), a month renewed
(``subscription_renew``) or a day pass sold at check-in. Its amount is what the member pays, incl. VAT;
:func:`comptoir.billing.services.bridges.ledger_settle` converts it exactly into a charge excl. VAT, and
the line is stamped with :func:`comptoir.coworking.services.charges_mark_billed` in the same transaction
(``billing_reference`` = ``"coworking.sale:<id>#<generation>"``).

Products (created on first use, VAT 20 %, sold by the place's primary legal entity, editable by staff):
``coworking-pass-journee`` for day passes, ``coworking-formule`` for plans. Date of service: the day of
the check-in for a day pass, the day of the sale for a plan (plans are invoiced in advance).

Coworking has no refund yet, so its lines are never negative; a negative line would be reported as
pending (logged and counted), never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comptoir.billing.services import SettleResult, bridge_charges_balance, bridge_product, ledger_settle
from comptoir.core.errors import ServiceError
from comptoir.coworking.models import CoworkingCharge
from comptoir.coworking.services import charges_mark_billed

logger = logging.getLogger(__name__)

SOURCE_TYPE = "coworking.sale"
# Stored catalogue data (invoices are French documents), not interface strings.
DAY_PASS = ("coworking-pass-journee", "Pass journée coworking", "jour")
PLAN = ("coworking-formule", "Formule coworking", "formule")


def _products(place) -> dict[str, object] | None:
    with transaction.atomic(durable=True):
        products = {
            kind: bridge_product(place=place, code=code, name=name, unit=unit)
            for kind, (code, name, unit) in (("day_pass", DAY_PASS), ("plan", PLAN))
        }
    return None if None in products.values() else products


def _service_date(line: CoworkingCharge) -> dt.date:
    if line.checkin_id is not None:
        return line.checkin.day
    return timezone.localtime(line.created_at, line.place.tz).date()


def sale_billing_sync(*, line: CoworkingCharge, actor=None, products=None) -> SettleResult | None:
    """Bring billing in line with one coworking sale. Durable; ``None`` when the place has no legal entity."""
    products = products or _products(line.place)
    if products is None:
        return None
    product = products["day_pass" if line.checkin_id is not None else "plan"]
    seen: list[bool] = []

    def read_total() -> Decimal:
        current = CoworkingCharge.objects.select_for_update(of=("self",)).get(pk=line.pk)
        seen[:] = [current.billed_at is not None]
        return current.amount

    def stamp(reference: str) -> None:
        if not seen[0]:
            charges_mark_billed(place=line.place, charge_ids=[line.pk], reference=reference, at=timezone.now())

    return ledger_settle(
        place=line.place, user=line.person, source_type=SOURCE_TYPE, source_id=line.pk, read_total=read_total,
        product=product, description=line.description, service_date=_service_date(line), stamp=stamp, actor=actor,
    )  # fmt: skip


def billing_prepare(*, place, start: dt.date, end: dt.date, actor=None) -> dict:
    """Hook of the billing run (``CoworkingConfig.billing_prepare``): hand every sale billing has not seen
    to billing. Idempotent (stamped lines are skipped; settling again changes nothing)."""
    summary = {"sales": 0, "errors": 0, "pending": Decimal("0.00")}
    lines = list(
        CoworkingCharge.objects.filter(place=place, billed_at__isnull=True)
        .select_related("place", "person", "checkin")
        .order_by("pk")
    )
    products = _products(place) if lines else None
    for line in lines if products is not None else []:
        try:
            result = sale_billing_sync(line=line, actor=actor, products=products)
        except ServiceError:  # one bad source must not stop the run; the line stays for the next one
            logger.exception("Coworking sale %s could not be handed to billing", line.pk)
            summary["errors"] += 1
            continue
        summary["sales"] += 1
        if result.pending or line.amount < 0:
            logger.warning("Coworking sale %s: %s EUR cannot be credited automatically", line.pk, line.amount)
            summary["pending"] += line.amount
    # Spread the cents so that each invoice costs what its lines cost together (see billing's bridges).
    summary["balanced"] = bridge_charges_balance(place=place, until=end, actor=actor)
    return summary
