"""Journal entries, written in the same transaction as the invoice or payment they record.

Journals: VT sales (invoices, credit notes), BQ bank, CA cash, OD miscellaneous (wallet moves).
Each journal of each entity is numbered without gaps (a locked sequence row, like invoices).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import Account, ClosedPeriod, JournalEntry, JournalLine
from comptoir.billing.services.helpers import today_in
from comptoir.billing.services.sequences import take_next
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.billing.models import Invoice, InvoiceLine, Payment, WalletEntry
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place

    # One row of an entry: (account role, debit, credit, the user of the customer sub-account or None).
    Row = tuple[str, Decimal, Decimal, User | None]

# role -> (default number, label). Override per entity with billing.Account rows.
DEFAULT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "services": ("706", "Prestations de services"),
    "goods": ("707", "Ventes de marchandises"),
    "fees": ("756", "Cotisations"),
    "vat": ("44571", "TVA collectée"),
    "customers": ("411", "Clients"),
    "customer_advances": ("4191", "Clients - avances reçues"),
    "bank": ("512", "Banque"),
    "cash": ("530", "Caisse"),
}

JOURNALS = {"VT": "Ventes", "BQ": "Banque", "CA": "Caisse", "OD": "Opérations diverses"}


def chart_of_accounts(entity: LegalEntity) -> dict[str, tuple[str, str]]:
    chart = dict(DEFAULT_ACCOUNTS)
    for account in Account.objects.filter(entity=entity):
        chart[account.role] = (account.number, account.label)
    return chart


def closed_until(entity: LegalEntity) -> dt.date | None:
    closed = ClosedPeriod.objects.filter(entity=entity).order_by("-closed_until").first()
    return closed.closed_until if closed else None


def check_open(entity: LegalEntity, date: dt.date) -> None:
    until = closed_until(entity)
    if until is not None and date <= until:
        raise ServiceError(
            _("The accounts are closed until %(date)s: nothing can be dated on or before it.")
            % {"date": until.strftime("%d/%m/%Y")},
            code="closed_period",
        )


def customer_aux(user: User) -> tuple[str, str]:
    return f"C{user.pk:06d}", (user.display_name or user.email)[:100]


def journal_entry_post(
    *, entity: LegalEntity, journal: str, date: dt.date, piece_ref: str, label: str, rows: list[Row], **links: Any
) -> JournalEntry:
    """Write one balanced journal entry, numbered in its journal (inside the caller's transaction).

    ``rows``: ``(account role, debit, credit, user for the customer sub-account or None)``; rows of 0 are
    left out. ``links``: the invoice, payment or wallet entry it records. Refuses a closed period
    (``ServiceError`` code ``closed_period``) and an unbalanced entry (a programming error)."""
    check_open(entity, date)
    rows = [r for r in rows if r[1] or r[2]]
    debit = sum((r[1] for r in rows), Decimal("0"))
    credit = sum((r[2] for r in rows), Decimal("0"))
    if debit != credit:  # a programming error, never a user's: refuse to write an unbalanced entry
        raise ServiceError(_("Unbalanced accounting entry."), code="unbalanced")
    chart = chart_of_accounts(entity)
    entry = JournalEntry.objects.create(
        place=entity.place,
        entity=entity,
        journal=journal,
        number=take_next(entity=entity, series=f"J{journal}"),
        date=date,
        piece_ref=piece_ref[:40],
        piece_date=date,
        label=label[:200],
        validated_on=date,
        **links,
    )
    JournalLine.objects.bulk_create(
        [
            JournalLine(
                entry=entry,
                account=chart[role][0],
                account_label=chart[role][1],
                aux_account=customer_aux(user)[0] if user is not None else "",
                aux_label=customer_aux(user)[1] if user is not None else "",
                label=label[:200],
                debit=max(d, Decimal("0")),
                credit=max(c, Decimal("0")),
            )
            for role, d, c, user in rows
        ]
    )
    return entry


def post_invoice(*, invoice: Invoice, lines: list[InvoiceLine]) -> JournalEntry:
    revenue: dict[str, Decimal] = {}
    for line in lines:
        role = "fees" if line.is_fee else "goods" if line.is_goods else "services"
        revenue[role] = revenue.get(role, Decimal("0")) + line.total_excl_vat
    credit_note = invoice.is_credit_note
    rows: list[Row] = []
    total = invoice.total_incl_vat
    rows.append(
        ("customers", Decimal("0") if credit_note else total, total if credit_note else Decimal("0"), invoice.user)
    )
    for role, amount in sorted(revenue.items()):
        rows.append((role, amount if credit_note else Decimal("0"), Decimal("0") if credit_note else amount, None))
    vat = invoice.total_vat
    rows.append(("vat", vat if credit_note else Decimal("0"), Decimal("0") if credit_note else vat, None))
    kind = "Avoir" if credit_note else "Facture"
    assert invoice.issue_date is not None  # set by invoice_issue before it posts
    return journal_entry_post(
        entity=invoice.entity,
        journal="VT",
        date=invoice.issue_date,
        piece_ref=invoice.number,
        label=f"{kind} {invoice.number} {invoice.buyer_name}",
        rows=rows,
        invoice=invoice,
    )


def _treasury(method: str) -> tuple[str, str]:
    """(journal, account role) receiving money paid by ``method``."""
    if method == "cash":
        return "CA", "cash"
    return "BQ", "bank"


def post_payment(*, payment: Payment, allocated: Decimal, to_wallet: Decimal) -> JournalEntry:
    user = payment.user
    if payment.method == "wallet":
        rows: list[Row] = [
            ("customer_advances", payment.amount, Decimal("0"), user),
            ("customers", Decimal("0"), allocated, user),
        ]
        journal = "OD"
    elif payment.is_refund:
        journal, role = _treasury(payment.method)
        rows = [("customer_advances", payment.amount, Decimal("0"), user), (role, Decimal("0"), payment.amount, None)]
    else:
        journal, role = _treasury(payment.method)
        rows = [
            (role, payment.amount, Decimal("0"), None),
            ("customers", Decimal("0"), allocated, user),
            ("customer_advances", Decimal("0"), to_wallet, user),
        ]
    label = f"{'Remboursement' if payment.is_refund else 'Règlement'} {payment.get_method_display()} {user}"
    return journal_entry_post(
        entity=payment.entity,
        journal=journal,
        date=payment.received_on,
        piece_ref=f"R{payment.pk}",
        label=label,
        rows=rows,
        payment=payment,
    )


def post_credit_to_wallet(
    *, entity: LegalEntity, user: User, amount: Decimal, date: dt.date, piece_ref: str, wallet_entry: WalletEntry
) -> JournalEntry:
    """A credit note larger than what was still due: the customer's receivable becomes prepaid credit."""
    return journal_entry_post(
        entity=entity,
        journal="OD",
        date=date,
        piece_ref=piece_ref,
        label=f"Avoir {piece_ref} porté au porte-monnaie {user}",
        rows=[("customers", amount, Decimal("0"), user), ("customer_advances", Decimal("0"), amount, user)],
        wallet_entry=wallet_entry,
    )


def period_close(*, place: Place, entity: LegalEntity, closed_until: dt.date, actor: User | None) -> ClosedPeriod:
    """Close the entity's accounts up to a date: no entry may be dated on or before it any more."""
    with transaction.atomic(durable=True):
        if entity.place_id != place.pk:
            raise ServiceError(_("Choose a legal entity of this place."), code="entity")
        if closed_until >= today_in(place):
            raise ServiceError(_("Only past days can be closed."), code="future", field="closed_until")
        current = ClosedPeriod.objects.filter(entity=entity).order_by("-closed_until").first()
        if current is not None and closed_until <= current.closed_until:
            raise ServiceError(_("The accounts are already closed until this date."), code="already_closed")
        period = ClosedPeriod.objects.create(place=place, entity=entity, closed_until=closed_until, closed_by=actor)
        audit_record(
            place=place, actor=actor, action="billing.period_closed", obj=period, after={"until": closed_until}
        )
    return period


def account_set(
    *, place: Place, entity: LegalEntity, role: str, number: str, label: str, actor: User | None
) -> Account:
    """Override the account used for ``role`` (e.g. "services" → 7061) in the entity's chart."""
    if entity.place_id != place.pk:
        raise ServiceError(_("Choose a legal entity of this place."), code="entity")
    if role not in DEFAULT_ACCOUNTS:
        raise ServiceError(_("Unknown use of an account."), field="role")
    number = "".join((number or "").split())
    if not number.isdigit() or not 3 <= len(number) <= 20:
        raise ServiceError(_("An account number is 3 to 20 digits."), field="number")
    label = " ".join((label or "").split())[:100] or DEFAULT_ACCOUNTS[role][1]
    with transaction.atomic(durable=True):
        account, _created = Account.objects.select_for_update().get_or_create(
            entity=entity, role=role, defaults={"place": place, "number": number, "label": label}
        )
        before = {"number": account.number, "label": account.label}
        account.number, account.label = number, label
        account.save()
        audit_record(place=place, actor=actor, action="billing.account_set", obj=account, before=before,
                     after={"role": role, "number": number, "label": label})  # fmt: skip
    return account
