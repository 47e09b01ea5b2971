"""What an invoice will hold before it is issued: a frozen description and its fingerprint (pure, no write).

"Invoice this member now" and the desk sale issue a numbered, frozen document at once, so staff see it
first. The preview is built from the same lines the draft would get (:func:`preview_build`, called by the
``*_preview`` services), and the draft made at confirmation is described the same way from its stored rows
(:func:`preview_of_invoice`): the issuing services compare both fingerprints inside their transaction and
refuse (``Conflict`` code ``preview_stale``) when anything differs, so an invoice never holds a line, a
price, a total or a buyer that was not shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from comptoir.billing.totals import QTY, VatGroup, VatRate, compute_totals, money
from comptoir.core.errors import Conflict

if TYPE_CHECKING:
    from comptoir.billing.models import Invoice, InvoiceLine
    from comptoir.billing.services.helpers import LineIn
    from comptoir.places.models import LegalEntity


@dataclass(frozen=True)
class PreviewLine:
    """One line as the invoice will print it (``vat_rate`` already "exempt" under the franchise)."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: str
    total_excl_vat: Decimal
    service_date: dt.date | None
    charge_id: int | None = None  # the charge it invoices ("invoice now"), None for a desk sale

    @property
    def vat_label(self) -> str:
        return str(VatRate(self.vat_rate).label)


@dataclass(frozen=True)
class InvoicePreview:
    """An invoice that does not exist yet: seller, buyer, lines and totals per VAT rate."""

    entity_id: int
    entity_name: str
    user_id: int
    buyer: Mapping[str, Any]
    lines: tuple[PreviewLine, ...]
    vat_groups: tuple[VatGroup, ...]
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fingerprint", _fingerprint(self))

    @property
    def vat_rows(self) -> list[tuple[str, Decimal, Decimal]]:
        """(rate as printed, base excl. VAT, VAT) per rate."""
        return [(str(VatRate(g.rate).label), g.base, g.vat) for g in self.vat_groups]

    @property
    def charge_ids(self) -> list[int]:
        return [line.charge_id for line in self.lines if line.charge_id is not None]


def _canonical(value: Any) -> Any:
    """A JSON value that is the same for equal amounts however they were stored ("2" and "2.000")."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fingerprint(preview: InvoicePreview) -> str:
    content = {
        "entity": preview.entity_id,
        "entity_name": preview.entity_name,
        "user": preview.user_id,
        "buyer": {key: _canonical(preview.buyer[key]) for key in sorted(preview.buyer)},
        "lines": [
            [
                line.charge_id, line.description, format(line.quantity.quantize(QTY), "f"),
                format(money(line.unit_price), "f"), line.vat_rate, format(money(line.total_excl_vat), "f"),
                _canonical(line.service_date),
            ]  # fmt: skip
            for line in preview.lines
        ],
        "vat": [[g.rate, format(money(g.base), "f"), format(money(g.vat), "f")] for g in preview.vat_groups],
        "totals": [format(money(v), "f") for v in (preview.total_excl_vat, preview.total_vat, preview.total_incl_vat)],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def preview_build(
    *, entity: LegalEntity, user_id: int, buyer: Mapping[str, Any], lines: Sequence[LineIn],
    charge_ids: Sequence[int | None] | None = None,
) -> InvoicePreview:  # fmt: skip
    """The preview of a draft made of these (checked) ``lines``, computed as ``draft_create`` does."""
    totals = compute_totals([(ln.quantity, ln.unit_price, ln.vat_rate) for ln in lines], vat_exempt=entity.vat_exempt)
    ids = list(charge_ids) if charge_ids is not None else [None] * len(lines)
    return InvoicePreview(
        entity_id=entity.pk,
        entity_name=entity.name,
        user_id=user_id,
        buyer=dict(buyer),
        lines=tuple(
            PreviewLine(
                description=line.description, quantity=line.quantity, unit_price=line.unit_price,
                vat_rate="exempt" if entity.vat_exempt else line.vat_rate, total_excl_vat=net,
                service_date=line.service_date, charge_id=charge_id,
            )  # fmt: skip
            for line, net, charge_id in zip(lines, totals.lines, ids, strict=True)
        ),
        vat_groups=totals.groups,
        total_excl_vat=totals.excl_vat,
        total_vat=totals.vat,
        total_incl_vat=totals.incl_vat,
    )


def preview_of_invoice(
    invoice: Invoice, *, lines: Iterable[InvoiceLine], buyer_fields: Iterable[str], charge_ids: Mapping[int, int]
) -> InvoicePreview:
    """The same description of a draft as it is stored (``charge_ids``: invoice line id → its charge)."""
    lines = sorted(lines, key=lambda ln: ln.position)
    return InvoicePreview(
        entity_id=invoice.entity_id,
        entity_name=invoice.entity.name,
        user_id=invoice.user_id,
        buyer={name: getattr(invoice, name) for name in buyer_fields},
        lines=tuple(
            PreviewLine(
                description=ln.description, quantity=ln.quantity, unit_price=ln.unit_price, vat_rate=ln.vat_rate,
                total_excl_vat=ln.total_excl_vat, service_date=ln.service_date, charge_id=charge_ids.get(ln.pk),
            )  # fmt: skip
            for ln in lines
        ),
        vat_groups=tuple(
            VatGroup(rate=g["rate"], base=Decimal(g["base"]), vat=Decimal(g["vat"])) for g in invoice.vat_breakdown
        ),
        total_excl_vat=invoice.total_excl_vat,
        total_vat=invoice.total_vat,
        total_incl_vat=invoice.total_incl_vat,
    )


def preview_stale() -> Conflict:
    """The refusal when what would be issued is not what was previewed (nothing is written)."""
    return Conflict(
        _(
            "Something changed since the preview (a line added or removed, a price, a total or the buyer): "
            "nothing was invoiced. Check the new preview, then confirm again."
        ),
        code="preview_stale",
    )
