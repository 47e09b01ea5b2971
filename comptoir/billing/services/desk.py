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
from comptoir.billing.services.invoices import buyer_fields, draft_create, draft_preview_check, invoice_issue
from comptoir.billing.services.payments import payment_record
from comptoir.billing.services.preview import InvoicePreview, preview_build
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.billing.models import Product
    from comptoir.billing.services.helpers import LineIn
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place


def _sale_line(*, place: Place, product: Product | None, quantity: Decimal) -> tuple[LegalEntity, LineIn]:
    """The selling entity and the checked line of a sale."""
    if product is None or product.place_id != place.pk or not product.is_active:
        raise ServiceError(_("Unknown product."), code="product", field="product")
    line = line_for_product(product=product, quantity=quantity, service_date=today_in(place))
    return product.entity, clean_line(line)


def desk_sale_preview(*, place: Place, user: User, product: Product | None, quantity: Decimal) -> InvoicePreview:
    """The invoice :func:`desk_sale` would issue (line, totals per VAT rate, buyer, entity), written nowhere."""
    entity, line = _sale_line(place=place, product=product, quantity=quantity)
    return preview_build(entity=entity, user_id=user.pk, buyer=buyer_fields(place=place, user=user), lines=[line])


def desk_sale(
    *,
    place: Place,
    user: User,
    actor: User | None,
    product: Product | None,
    quantity: Decimal,
    payment_method: str | None = None,
    reference: str = "",
    expected: str | None = None,
) -> Invoice:
    """Sell a catalogue product at the desk: an issued invoice at once, paid at once if a method is given.

    ``expected``: the fingerprint of the preview staff confirmed (:func:`desk_sale_preview`); if the
    invoice would differ (a price, a VAT rate, the buyer changed), ``Conflict`` code ``preview_stale``
    and nothing is written."""
    entity, line = _sale_line(place=place, product=product, quantity=quantity)
    with transaction.atomic(durable=True):
        invoice = draft_create(place=place, entity=entity, user=user, lines=[line])
        if expected is not None:
            draft_preview_check(invoice, expected=expected)
        invoice = invoice_issue.in_transaction(invoice=invoice, actor=actor)
        if payment_method:
            payment_record.in_transaction(
                place=place, user=user, method=payment_method, amount=invoice.total_incl_vat, actor=actor,
                entity=invoice.entity, invoices=[invoice], reference=reference,
            )  # fmt: skip
        audit_record(place=place, actor=actor, action="billing.desk_sale", obj=invoice)
    return invoice
