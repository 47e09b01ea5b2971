"""Payments confirmed by an online provider's callback: recorded once per provider reference."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import Invoice, Payment
from comptoir.billing.services.payments import payment_record
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.places.models import Place


def online_payment_confirm(
    *, place: Place, provider: str, reference: str, invoice_id: int, user_id: int, amount: Decimal
) -> Payment:
    """Record the online payment ``reference`` of ``provider`` for one invoice; a replayed callback
    returns the payment already recorded and writes nothing. The invoice row is locked first, so two
    simultaneous callbacks record it once (a unique constraint on provider and reference backs it)."""
    reference = str(reference or "")[:100]
    if not reference:
        raise ServiceError(_("The provider gave no payment reference."), code="reference")
    try:
        with transaction.atomic(durable=True):
            invoice = (
                Invoice.objects.select_for_update(of=("self",))
                .select_related("entity", "user")
                .filter(place=place, pk=invoice_id, user_id=user_id)
                .first()
            )
            if invoice is None:
                raise ServiceError(_("Unknown invoice."), code="invoice")
            existing = Payment.objects.filter(place=place, method=Payment.Method.ONLINE, provider=provider,
                                              reference=reference).first()  # fmt: skip
            if existing is not None:
                return existing
            return payment_record.in_transaction(
                place=place, user=invoice.user, method=Payment.Method.ONLINE, amount=amount, actor=None,
                entity=invoice.entity, invoices=[invoice], reference=reference, provider=provider,
            )  # fmt: skip
    except IntegrityError:  # recorded meanwhile by a concurrent callback
        return Payment.objects.get(place=place, method=Payment.Method.ONLINE, provider=provider, reference=reference)
