"""Charges invoiced at once: for a service app whose source is billed when it is made (an adhésion),
not gathered by the monthly billing run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.billing.models import Charge, Invoice
from comptoir.billing.services.helpers import LineIn, check_entity, clean_line, today_in
from comptoir.billing.services.invoices import draft_from_charges, invoice_issue
from comptoir.core.errors import ServiceError
from comptoir.core.transactions import service

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place


@service
def invoice_issue_for_source(
    *,
    place: Place,
    entity: LegalEntity,
    user: User,
    actor: User | None,
    source_type: str,
    source_id: int | str,
    lines: list[LineIn],
) -> Invoice:
    """Charge ``lines`` to the member for the source and issue their invoice now (numbered, chained,
    posted). A line's ``is_fee`` makes it a membership fee (posted to the fees account). The charges are
    linked to the invoice's lines, so the billing run never gathers them again.

    ``.in_transaction``: inside the caller's transaction (the adhésion and its invoice are one write)."""
    check_entity(place, entity)
    source_type, source_id = str(source_type)[:60], str(source_id)[:64]
    if not source_type or not source_id:
        raise ServiceError(code="source")  # a programming error: the caller names its source
    lines = [clean_line(line) for line in lines]
    charges = [
        Charge.objects.create(
            place=place, entity=entity, user=user, source_type=source_type, source_id=source_id,
            line_key=line.key, product=line.product, description=line.description, quantity=line.quantity,
            unit_price=line.unit_price, vat_rate=line.vat_rate, service_date=line.service_date or today_in(place),
            price_incl_vat=line.price_incl_vat,
        )  # fmt: skip
        for line in lines
    ]
    invoice = draft_from_charges(place=place, entity=entity, user=user, charges=charges)
    fees = [position for position, line in enumerate(lines, start=1) if line.is_fee]
    if fees:
        invoice.lines.filter(position__in=fees).update(is_fee=True)
    return invoice_issue.in_transaction(invoice=invoice, actor=actor)
