"""Free-text draft invoices written by staff: start a draft, add, edit or remove its lines.

Issuing goes through :func:`comptoir.billing.services.invoices.invoice_issue` (numbering, chain,
freeze). Every change locks the draft row, refuses issued documents (``Conflict``), recomputes the
totals and writes an audit entry; bad input raises ``ServiceError`` before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import Invoice, InvoiceLine
from comptoir.billing.services.helpers import LineIn, check_entity, clean_line
from comptoir.billing.services.invoices import buyer_fields, draft_guard, invoice_recompute
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place

LINE_FIELDS = ("description", "quantity", "unit_price", "vat_rate")


def _check_member(place: Place, user: User | None) -> None:
    if user is None or not user.memberships.filter(place=place).exists():
        raise ServiceError(_("Choose a member of this place."), code="member", field="member")


def invoice_draft_start(
    *, place: Place, entity: LegalEntity, user: User, actor: User | None, note: str = "", lines: Sequence[LineIn] = ()
) -> Invoice:
    """A draft invoice for a member (billed to their billing details: person or organisation),
    empty or with free ``lines`` (all checked before anything is written)."""
    check_entity(place, entity)
    _check_member(place, user)
    lines = [clean_line(line) for line in lines]
    with transaction.atomic(durable=True):
        invoice = Invoice.objects.create(
            place=place, entity=entity, user=user, note=" ".join((note or "").split())[:300],
            **buyer_fields(place=place, user=user),
        )  # fmt: skip
        InvoiceLine.objects.bulk_create(_new_line(invoice, line, position) for position, line in enumerate(lines, 1))
        invoice_recompute(invoice)
        audit_record(place=place, actor=actor, action="billing.invoice_drafted", obj=invoice)
    return invoice


def _new_line(invoice: Invoice, line: LineIn, position: int) -> InvoiceLine:
    return InvoiceLine(
        place_id=invoice.place_id, invoice=invoice, position=position, description=line.description,
        quantity=line.quantity, unit_price=line.unit_price, total_excl_vat=0, service_date=line.service_date,
        vat_rate="exempt" if invoice.entity.vat_exempt else line.vat_rate,
    )  # fmt: skip


def _locked_draft(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update(of=("self",)).select_related("entity").get(pk=invoice.pk)
    draft_guard(locked)
    return locked


def _line_of(invoice: Invoice, line_id: int | str) -> InvoiceLine:
    line = InvoiceLine.objects.filter(invoice=invoice, pk=line_id).first() if str(line_id).isdigit() else None
    if line is None:
        raise ServiceError(_("This line is not on this invoice."), code="line")
    if hasattr(line, "charge"):
        raise ServiceError(
            _("This line comes from a charge to invoice; delete the draft to give the charge back."), code="charge_line"
        )
    return line


def invoice_line_add(*, invoice: Invoice, actor: User | None, line: LineIn) -> InvoiceLine:
    """Add a free line (description, quantity, unit price excl. VAT, VAT rate) to a draft."""
    line = clean_line(line)
    with transaction.atomic(durable=True):
        invoice = _locked_draft(invoice)
        position = (invoice.lines.aggregate(top=Max("position"))["top"] or 0) + 1
        created = _new_line(invoice, line, position)
        created.save()
        invoice_recompute(invoice)
        audit_record(place=invoice.place, actor=actor, action="billing.draft_line_added", obj=invoice,
                     after={field: getattr(line, field) for field in LINE_FIELDS})  # fmt: skip
    return created


def invoice_line_update(*, invoice: Invoice, line_id: int, actor: User | None, line: LineIn) -> InvoiceLine:
    """Change a free line of a draft."""
    line = clean_line(line)
    with transaction.atomic(durable=True):
        invoice = _locked_draft(invoice)
        current = _line_of(invoice, line_id)
        before = {field: getattr(current, field) for field in LINE_FIELDS}
        current.description = line.description
        current.quantity = line.quantity
        current.unit_price = line.unit_price
        current.vat_rate = "exempt" if invoice.entity.vat_exempt else line.vat_rate
        current.service_date = line.service_date or current.service_date
        current.save()
        invoice_recompute(invoice)
        audit_record(place=invoice.place, actor=actor, action="billing.draft_line_changed", obj=invoice,
                     before=before, after={field: getattr(current, field) for field in LINE_FIELDS})  # fmt: skip
    return current


def invoice_line_remove(*, invoice: Invoice, line_id: int, actor: User | None) -> None:
    """Remove a free line from a draft."""
    with transaction.atomic(durable=True):
        invoice = _locked_draft(invoice)
        current = _line_of(invoice, line_id)
        before = {field: getattr(current, field) for field in LINE_FIELDS}
        current.delete()
        invoice_recompute(invoice)
        audit_record(place=invoice.place, actor=actor, action="billing.draft_line_removed", obj=invoice,
                     before=before)  # fmt: skip
