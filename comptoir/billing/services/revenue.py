"""Revenue received without an invoice (e.g. Pass Numérique vouchers reimbursed by their operator).

One bank journal entry (BQ): debit the bank (512), credit the revenue account of the entity's chart
(706 services by default; 707 goods, 756 fees) and, when the entity is VAT-registered (not under the
art. 293 B franchise) and a VAT rate is given, the collected VAT (44571), the amount being incl. VAT.

Idempotent per ``(entity, piece_ref)``: the bank journal's sequence row is locked first, then an
existing entry with the same reference is returned instead of writing a second one. A closed period
refuses the entry (``ServiceError`` code ``closed_period``) and nothing is written.

Messages reuse billing's catalogue (no new msgid).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import JournalEntry
from comptoir.billing.services.accounting import check_open, journal_entry_post
from comptoir.billing.services.helpers import check_entity, today_in
from comptoir.billing.services.sequences import lock_sequence
from comptoir.billing.totals import CENT, clean_vat_rate, vat_percent
from comptoir.core.errors import ServiceError
from comptoir.core.transactions import service

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place

REVENUE_ROLES = ("services", "goods", "fees")
JOURNAL = "BQ"


@service
def revenue_record(
    *,
    place: Place,
    entity: LegalEntity,
    amount: Decimal,
    piece_ref: str,
    label: str,
    actor: User | None,
    date: dt.date | None = None,
    role: str = "services",
    vat_rate: str | None = None,
) -> JournalEntry:
    """Record money received for a revenue that has no invoice (the same entry is returned when
    ``piece_ref`` was already recorded for this entity). ``.in_transaction``: inside the caller's
    transaction (a Pass Numérique reimbursement recorded with its vouchers)."""
    check_entity(place, entity)
    piece_ref = " ".join(str(piece_ref or "").split())[:40]
    if not piece_ref:
        raise ServiceError(code="piece_ref")  # a programming error: the caller names its piece
    if role not in REVENUE_ROLES:
        raise ServiceError(_("Unknown use of an account."), code="role", field="role")
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("The amount must be more than zero."), code="amount", field="amount")
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise ServiceError(_("The amount must be more than zero."), code="amount", field="amount")
    date = date or today_in(place)
    with transaction.atomic():
        lock_sequence(entity=entity, series=f"J{JOURNAL}")  # serialises concurrent calls for this entity
        existing = JournalEntry.objects.filter(entity=entity, journal=JOURNAL, piece_ref=piece_ref).first()
        if existing is not None:
            return existing
        check_open(entity, date)
        vat = Decimal("0.00")
        if vat_rate is not None and not entity.vat_exempt:
            percent = vat_percent(clean_vat_rate(vat_rate))
            vat = amount - (amount * 100 / (100 + percent)).quantize(CENT)
        entry = journal_entry_post(
            entity=entity,
            journal=JOURNAL,
            date=date,
            piece_ref=piece_ref,
            label=" ".join(str(label or piece_ref).split()),
            rows=[
                ("bank", amount, Decimal("0"), None),
                (role, Decimal("0"), amount - vat, None),
                ("vat", Decimal("0"), vat, None),
            ],
        )
        audit_record(
            place=place, actor=actor, action="billing.revenue_recorded", obj=entry,
            after={"piece_ref": piece_ref, "amount": amount, "vat": vat, "entity": entity.pk},
        )  # fmt: skip
    return entry
