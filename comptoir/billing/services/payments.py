"""Payments, allocations to invoices, the member wallet (prepaid credit) and refunds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import Allocation, Charge, Invoice, Payment, WalletEntry
from comptoir.billing.selectors import invoice_credited, invoice_due, invoice_paid, wallet_balance
from comptoir.billing.services.accounting import post_credit_to_wallet, post_payment
from comptoir.billing.services.helpers import check_entity, today_in
from comptoir.billing.totals import clean_price
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.money import format_money
from comptoir.core.registry import hooks
from comptoir.core.transactions import service
from comptoir.places.selectors import legal_entity_primary

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place

ZERO = Decimal("0.00")


def _clean_amount(amount: Decimal | int | str) -> Decimal:
    amount = clean_price(amount, field="amount")
    if amount <= 0:
        raise ServiceError(_("The amount must be more than zero."), code="amount", field="amount")
    return amount


def _clean_method(method: str, *, mandate_reference: str, voucher_code: str) -> str:
    if method not in Payment.Method.values:
        raise ServiceError(_("Unknown payment method."), code="method", field="method")
    if method == Payment.Method.SEPA and not mandate_reference.strip():
        raise ServiceError(
            _("A SEPA direct debit needs the mandate reference."), code="mandate", field="mandate_reference"
        )
    if method == Payment.Method.PASS_NUMERIQUE and not voucher_code.strip():
        raise ServiceError(_("Enter the Pass Numérique voucher code."), code="voucher", field="voucher_code")
    return method


def _open_invoices(*, place: Place, user: User, entity: LegalEntity, invoices: list[Invoice] | None) -> list[Invoice]:
    if invoices is None:
        queryset = Invoice.objects.filter(
            place=place, user=user, entity=entity, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED
        ).order_by("due_date", "sequence")
        return [inv for inv in queryset.select_for_update() if invoice_due(inv) > 0]
    locked = list(Invoice.objects.select_for_update().filter(pk__in=[inv.pk for inv in invoices]).order_by("sequence"))
    for invoice in locked:
        if invoice.place_id != place.pk or invoice.entity_id != entity.pk:
            raise ServiceError(_("This invoice belongs to another place or entity."), code="invoice")
        if invoice.status == Invoice.Status.CANCELLED:
            raise Conflict(_("Invoice %(number)s is cancelled: it cannot be paid.") % {"number": invoice.number})
        if invoice.status != Invoice.Status.ISSUED or invoice.kind != Invoice.Kind.INVOICE:
            raise ServiceError(_("Only an issued invoice can be paid."), code="not_payable")
    return locked


@service
def payment_record(
    *,
    place: Place,
    user: User,
    method: str,
    amount: Decimal | int | str,
    actor: User | None,
    entity: LegalEntity | None = None,
    invoices: list[Invoice] | None = None,
    received_on: dt.date | None = None,
    reference: str = "",
    mandate_reference: str = "",
    voucher_code: str = "",
    provider: str = "manual",
) -> Payment:
    """Record money received. ``invoices=None`` settles the member's oldest open invoices first;
    ``invoices=[]`` is a wallet top-up. What exceeds the invoices' due amounts becomes wallet credit.
    ``.in_transaction``: inside the caller's transaction (a desk sale, an adhésion paid at the desk)."""
    amount = _clean_amount(amount)
    method = _clean_method(method, mandate_reference=mandate_reference, voucher_code=voucher_code)
    with transaction.atomic():
        if entity is None:
            if invoices:
                entity = invoices[0].entity
            else:
                entity = legal_entity_primary(place=place)
        check_entity(place, entity)
        assert entity is not None  # check_entity refuses None
        targets = _open_invoices(place=place, user=user, entity=entity, invoices=invoices)
        if invoices and any(inv.user_id != user.pk for inv in targets):
            raise ServiceError(_("This invoice is addressed to someone else."), code="invoice")
        if method == Payment.Method.WALLET:
            available = wallet_balance(place=place, user=user, entity=entity)
            if amount > available:
                raise ServiceError(
                    _("The wallet holds only %(amount)s.") % {"amount": format_money(available)},
                    code="wallet",
                    field="amount",
                )
        payment = Payment.objects.create(
            place=place,
            entity=entity,
            user=user,
            method=method,
            amount=amount,
            received_on=received_on or today_in(place),
            reference=reference.strip()[:100],
            mandate_reference=mandate_reference.strip()[:35],
            voucher_code=voucher_code.strip()[:40],
            provider=provider,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        remaining = amount
        allocated = ZERO
        settled: list[Invoice] = []
        for invoice in targets:
            if remaining <= 0:
                break
            due = invoice_due(invoice)
            share = min(remaining, due)
            if share <= 0:
                continue
            Allocation.objects.create(place=place, payment=payment, invoice=invoice, amount=share)
            remaining -= share
            allocated += share
            if share == due:
                settled.append(invoice)
        if method == Payment.Method.WALLET:
            if remaining > 0:
                raise ServiceError(_("Pay from the wallet only what the invoices still owe."), code="wallet")
            WalletEntry.objects.create(
                place=place, entity=entity, user=user, kind=WalletEntry.Kind.SPEND, amount=-amount, payment=payment,
                label=", ".join(inv.number for inv in targets)[:200],
            )  # fmt: skip
        elif remaining > 0:
            WalletEntry.objects.create(
                place=place, entity=entity, user=user,
                kind=WalletEntry.Kind.TOP_UP if invoices == [] else WalletEntry.Kind.OVERPAYMENT,
                amount=remaining, payment=payment,
            )  # fmt: skip
        post_payment(payment=payment, allocated=allocated, to_wallet=remaining if method != "wallet" else ZERO)
        audit_record(
            place=place,
            actor=actor,
            action="billing.payment_recorded",
            obj=payment,
            after={"method": method, "amount": amount, "allocated": allocated, "to_wallet": remaining},
        )
        for invoice in settled:
            invoice_settled_tell(place=place, invoice=invoice)
    return payment


def invoice_settled_tell(*, place: Place, invoice: Invoice) -> None:
    """Tell the apps whose charges ``invoice`` holds that it is now fully paid (the ``invoice_settled``
    hook), inside the payment's transaction: every way of paying (desk, online, wallet, API) goes
    through :func:`payment_record`, so an adhésion is up to date however its invoice was paid."""
    charges = Charge.objects.filter(invoice_line__invoice=invoice)
    sources = sorted(set(charges.values_list("source_type", "source_id")))
    for settled in hooks("invoice_settled"):
        settled(place=place, invoice=invoice, sources=sources)


def wallet_top_up(
    *, place: Place, user: User, method: str, amount: Decimal | int | str, actor: User | None,
    entity: LegalEntity | None = None, **extra: Any,
) -> Payment:  # fmt: skip
    if method == Payment.Method.WALLET:
        raise ServiceError(_("A wallet cannot be topped up from itself."), code="method", field="method")
    return payment_record(place=place, user=user, method=method, amount=amount, actor=actor, entity=entity,
                          invoices=[], **extra)  # fmt: skip


def wallet_pay_invoice(*, invoice: Invoice, actor: User | None, amount: Decimal | int | str | None = None) -> Payment:
    """Spend wallet credit on an invoice (its whole due amount, or what the wallet holds)."""
    due = invoice_due(invoice)
    if invoice.status == Invoice.Status.CANCELLED:
        raise Conflict(_("Invoice %(number)s is cancelled: it cannot be paid.") % {"number": invoice.number})
    if amount is None:
        amount = min(due, wallet_balance(place=invoice.place, user=invoice.user, entity=invoice.entity))
        if amount <= 0:
            raise ServiceError(_("Nothing to pay from the wallet."), code="wallet")
    return payment_record(
        place=invoice.place, user=invoice.user, method=Payment.Method.WALLET, amount=amount, actor=actor,
        entity=invoice.entity, invoices=[invoice],
    )  # fmt: skip


def wallet_refund(
    *, place: Place, user: User, entity: LegalEntity, method: str, amount: Decimal | int | str, actor: User | None,
    reference: str = "",
) -> Payment:  # fmt: skip
    """Give wallet credit back to the member in money."""
    amount = _clean_amount(amount)
    if method in (Payment.Method.WALLET, Payment.Method.PASS_NUMERIQUE, Payment.Method.SEPA):
        raise ServiceError(_("Refund by cash, card, cheque or transfer."), code="method", field="method")
    method = _clean_method(method, mandate_reference="", voucher_code="")
    with transaction.atomic(durable=True):
        check_entity(place, entity)
        available = wallet_balance(place=place, user=user, entity=entity)
        if amount > available:
            raise ServiceError(
                _("The wallet holds only %(amount)s.") % {"amount": format_money(available)},
                code="wallet",
                field="amount",
            )
        payment = Payment.objects.create(
            place=place, entity=entity, user=user, method=method, amount=amount, is_refund=True,
            received_on=today_in(place), reference=reference[:100],
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        WalletEntry.objects.create(
            place=place, entity=entity, user=user, kind=WalletEntry.Kind.REFUND, amount=-amount, payment=payment
        )
        post_payment(payment=payment, allocated=ZERO, to_wallet=ZERO)
        audit_record(place=place, actor=actor, action="billing.wallet_refunded", obj=payment, after={"amount": amount})
    return payment


def settle_credit_note(*, credit_note: Invoice, actor: User | None) -> WalletEntry | None:
    """Inside the credit note's transaction: what it credits beyond the invoice's due becomes wallet credit."""
    original = credit_note.credited_invoice
    assert original is not None and credit_note.issue_date is not None  # an issued credit note
    due_before = max(
        original.total_incl_vat - invoice_paid(original) - invoice_credited(original, exclude_pk=credit_note.pk), ZERO
    )
    excess = credit_note.total_incl_vat - due_before
    if excess <= 0:
        return None
    entry = WalletEntry.objects.create(
        place=credit_note.place, entity=credit_note.entity, user=credit_note.user, kind=WalletEntry.Kind.OVERPAYMENT,
        amount=excess, invoice=credit_note, label=credit_note.number,
    )  # fmt: skip
    post_credit_to_wallet(
        entity=credit_note.entity, user=credit_note.user, amount=excess, date=credit_note.issue_date,
        piece_ref=credit_note.number, wallet_entry=entry,
    )  # fmt: skip
    return entry
