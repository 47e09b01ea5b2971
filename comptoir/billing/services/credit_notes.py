"""Credit notes: cancel an issued invoice, in whole or some quantities of its lines (orchestration:
a credit-note draft, its issue, and the wallet credit for what it credits beyond what was due)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.billing.models import Invoice, InvoiceLine
from comptoir.billing.selectors import credited_quantities
from comptoir.billing.services.helpers import LineIn
from comptoir.billing.services.invoices import BUYER_FIELDS, draft_create, invoice_issue
from comptoir.billing.services.payments import settle_credit_note
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.people.models import User


def credit_note_create(
    *, invoice: Invoice, actor: User | None, quantities: dict[int, Decimal] | None = None, reason: str = ""
) -> Invoice:
    """Issue a credit note for the whole invoice (``quantities=None``) or some quantities of its lines.
    What it credits beyond the invoice's due amount becomes wallet credit."""
    with transaction.atomic(durable=True):
        original = Invoice.objects.select_for_update().select_related("entity").get(pk=invoice.pk)
        if original.kind != Invoice.Kind.INVOICE or original.status != Invoice.Status.ISSUED:
            raise ServiceError(_("Only an issued invoice can be credited."), code="not_creditable")
        already = credited_quantities(original)
        lines: list[LineIn] = []
        sources: list[InvoiceLine] = []
        for line in original.lines.all():
            remaining = line.quantity - already.get(line.pk, Decimal("0"))
            wanted = remaining if quantities is None else Decimal(str(quantities.get(line.pk, 0) or 0))
            if wanted < 0 or wanted > remaining:
                raise ServiceError(
                    _("You can credit at most %(qty)s of “%(line)s”.") % {"qty": remaining, "line": line.description},
                    code="quantity",
                    field="quantity",
                )
            if wanted == 0:
                continue
            lines.append(
                LineIn(
                    description=line.description,
                    quantity=wanted,
                    unit_price=line.unit_price,
                    vat_rate=line.vat_rate,
                    service_date=line.service_date,
                    product=line.product,
                    is_goods=line.is_goods,
                    is_fee=line.is_fee,
                )
            )
            sources.append(line)
        if quantities is not None and set(quantities) - {ln.pk for ln in original.lines.all()}:
            raise ServiceError(_("These lines are not on this invoice."), code="lines")
        if not lines:
            raise ServiceError(_("Nothing left to credit on this invoice."), code="nothing")
        note = draft_create(
            place=original.place,
            entity=original.entity,
            user=original.user,
            lines=lines,
            kind=Invoice.Kind.CREDIT_NOTE,
            credited_invoice=original,
            note=" ".join(reason.split())[:300],
        )
        for note_line, source in zip(note.lines.order_by("position"), sources, strict=True):
            note_line.credited_line = source
            note_line.save(update_fields=["credited_line"])
        # Keep the buyer exactly as on the credited invoice.
        for field in BUYER_FIELDS:
            setattr(note, field, getattr(original, field))
        note.save()
        note = invoice_issue.in_transaction(invoice=note, actor=actor)
        fully = all(
            line.quantity <= credited_quantities(original).get(line.pk, Decimal("0")) for line in original.lines.all()
        )
        if fully:
            Invoice.objects.filter(pk=original.pk).update(status=Invoice.Status.CANCELLED)
        settle_credit_note(credit_note=note, actor=actor)
    return note
