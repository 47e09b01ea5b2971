"""Desk sales: a catalogue product sold at the desk, invoiced (and paid) at once."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import Invoice
from comptoir.billing.services.charges import line_for_product
from comptoir.billing.services.helpers import clean_line, today_in
from comptoir.billing.services.invoices import draft_create, invoice_issue
from comptoir.billing.services.payments import payment_record
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.billing.models import Product
    from comptoir.people.models import User
    from comptoir.places.models import Place


def desk_sale(
    *,
    place: Place,
    user: User,
    actor: User | None,
    product: Product | None,
    quantity: Decimal,
    payment_method: str | None = None,
    reference: str = "",
) -> Invoice:
    """Sell a catalogue product at the desk: an issued invoice at once, paid at once if a method is given."""
    if product is None or product.place_id != place.pk or not product.is_active:
        raise ServiceError(_("Unknown product."), code="product", field="product")
    line = clean_line(line_for_product(product=product, quantity=quantity, service_date=today_in(place)))
    with transaction.atomic(durable=True):
        invoice = draft_create(place=place, entity=product.entity, user=user, lines=[line])
        invoice = invoice_issue.in_transaction(invoice=invoice, actor=actor)
        if payment_method:
            payment_record.in_transaction(
                place=place, user=user, method=payment_method, amount=invoice.total_incl_vat, actor=actor,
                entity=invoice.entity, invoices=[invoice], reference=reference,
            )  # fmt: skip
        audit_record(place=place, actor=actor, action="billing.desk_sale", obj=invoice)
    return invoice
