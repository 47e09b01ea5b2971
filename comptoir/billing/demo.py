"""Demo data for billing: a small catalogue, a few charges, an issued, part-paid invoice, and last month
invoiced and mostly paid.

Idempotent. :func:`load` is one transaction of its own (``load_demo`` calls each app's loader outside any
atomic block), inside which it uses the services' ``.in_transaction`` variants: the demo invoice is all
there or not at all. :func:`load_past` runs last month's billing run, as a treasurer would at the start of
the month, over the past the other apps' loaders wrote (bookings, day passes), then records payments for
most of its invoices: numbers, accounting entries and the hash chain are the services' own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from comptoir.billing.models import BillingRun, Invoice, Product
from comptoir.billing.services import (
    billing_run,
    charge_sync_for_source,
    invoice_issue,
    line_for_product,
    payment_record,
    today_in,
)
from comptoir.billing.services.invoices import charges_pending_locked, draft_from_charges
from comptoir.places.models import LegalEntity

PRODUCTS = [
    # code, name, price excl. VAT, VAT, unit, entity kind, kind
    ("journee", "Journée de coworking", "12.50", "20", "jour", "cooperative", "service"),
    ("forfait-mois", "Forfait coworking mensuel", "150.00", "20", "mois", "cooperative", "service"),
    ("salle-heure", "Salle de réunion", "20.00", "20", "heure", "cooperative", "service"),
    ("cafe", "Café", "1.82", "10", "tasse", "cooperative", "goods"),
    ("atelier-numerique", "Atelier numérique", "5.00", "exempt", "séance", "association", "service"),
]


@transaction.atomic
def load(*, place, people: dict) -> None:
    entities = {e.kind: e for e in LegalEntity.objects.filter(place=place)}
    products = {}
    for code, name, price, vat, unit, kind, product_kind in PRODUCTS:
        entity = entities.get(kind)
        if entity is None:
            continue
        products[code], _created = Product.objects.get_or_create(
            place=place, code=code,
            defaults=dict(entity=entity, name=name, unit_price=Decimal(price), vat_rate=vat, unit=unit,
                          kind=product_kind),
        )  # fmt: skip
    member = people.get("membre@demo.comptoir.example")
    host = people.get("accueil@demo.comptoir.example")
    if member is None or "journee" not in products:
        return
    today = today_in(place)
    if not Invoice.objects.filter(place=place, user=member, kind=Invoice.Kind.INVOICE).exists():
        plan = products["forfait-mois"]
        charge_sync_for_source.in_transaction(
            place=place, user=member, source_type="demo.plan", source_id="1", actor=host,
            lines=[line_for_product(product=plan, quantity=1, service_date=today.replace(day=1))],
        )  # fmt: skip
        charges = charges_pending_locked(place=place, entity=plan.entity, user=member)
        draft = draft_from_charges(place=place, entity=plan.entity, user=member, charges=charges)
        invoice = invoice_issue.in_transaction(invoice=draft, actor=host, store_pdf=False)  # PDF on first download
        payment_record.in_transaction(place=place, user=member, method="card", amount=Decimal("100.00"), actor=host,
                                      entity=invoice.entity, invoices=[invoice])  # fmt: skip
    charge_sync_for_source.in_transaction(
        place=place, user=member, source_type="demo.visit", source_id="1", actor=host,
        lines=[line_for_product(product=products["journee"], quantity=2, service_date=today - dt.timedelta(days=1)),
               line_for_product(product=products["cafe"], quantity=3, service_date=today - dt.timedelta(days=1),
                                key="cafe")],
    )  # fmt: skip


# How last month's invoices are paid, in turn; ``None``: left unpaid (the treasurer has someone to remind).
PAYMENT_METHODS = ["transfer", "card", "cheque", None, "cash"]


def load_past(*, place, people: dict) -> None:
    """Run last month's billing (once) and record the payments of most of its invoices."""
    host = people.get("accueil@demo.comptoir.example")
    if host is None or not LegalEntity.objects.filter(place=place).exists():
        return
    today = today_in(place)
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    period = f"{last_month:%Y-%m}"
    if BillingRun.objects.filter(place=place, period=period).exists():
        return  # run already (by the demo or by a treasurer)
    billing_run(place=place, period=period, actor=host)
    invoices = Invoice.objects.filter(
        place=place, kind=Invoice.Kind.INVOICE, billing_period=period, status=Invoice.Status.ISSUED
    ).order_by("pk")
    for index, invoice in enumerate(invoices):
        method = PAYMENT_METHODS[index % len(PAYMENT_METHODS)]
        if method is None:
            continue
        payment_record(
            place=place, user=invoice.user, method=method, amount=invoice.total_incl_vat, actor=host,
            entity=invoice.entity, invoices=[invoice], received_on=today,
        )  # fmt: skip
