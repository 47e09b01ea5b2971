"""Demo data for billing: a small catalogue, a few charges and an issued, paid invoice. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from comptoir.billing.models import Invoice, Product
from comptoir.places.models import LegalEntity

PRODUCTS = [
    # code, name, price excl. VAT, VAT, unit, entity kind, kind
    ("journee", "Journée de coworking", "12.50", "20", "jour", "cooperative", "service"),
    ("forfait-mois", "Forfait coworking mensuel", "150.00", "20", "mois", "cooperative", "service"),
    ("salle-heure", "Salle de réunion", "20.00", "20", "heure", "cooperative", "service"),
    ("cafe", "Café", "1.82", "10", "tasse", "cooperative", "goods"),
    ("atelier-numerique", "Atelier numérique", "5.00", "exempt", "séance", "association", "service"),
]


def load(*, place, people: dict) -> None:
    from comptoir.billing import services

    entities = {e.kind: e for e in LegalEntity.objects.filter(place=place)}
    products = {}
    for code, name, price, vat, unit, kind, product_kind in PRODUCTS:
        entity = entities.get(kind)
        if entity is None:
            continue
        product = Product.objects.filter(place=place, code=code).first()
        if product is None:
            product = services.product_save(
                place=place, actor=None, entity=entity, code=code, name=name, unit_price=Decimal(price),
                vat_rate=vat, kind=product_kind, unit=unit,
            )  # fmt: skip
        products[code] = product
    member = people.get("membre@demo.comptoir.example")
    host = people.get("accueil@demo.comptoir.example")
    if member is None or "journee" not in products:
        return
    today = dt.date.today()
    if not Invoice.objects.filter(place=place, user=member).exists():
        services.charge_sync_for_source(
            place=place, user=member, source_type="demo.plan", source_id="1",
            lines=[services.line_for_product(product=products["forfait-mois"], quantity=1, service_date=today)],
        )  # fmt: skip
        invoice = services.invoice_create_from_charges(
            place=place, entity=products["forfait-mois"].entity, user=member, actor=host, issue=True
        )
        if invoice is not None:
            services.payment_record(place=place, user=member, method="card", amount=Decimal("100.00"), actor=host,
                                    entity=invoice.entity, invoices=[invoice])  # fmt: skip
    services.charge_sync_for_source(
        place=place, user=member, source_type="demo.visit", source_id="1",
        lines=[services.line_for_product(product=products["journee"], quantity=2, service_date=today),
               services.line_for_product(product=products["cafe"], quantity=3, service_date=today, key="cafe")],
    )  # fmt: skip
