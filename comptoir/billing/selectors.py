"""Reads of billing, always scoped to a place. Lists annotate what is paid and due in the same query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round

from comptoir.billing.models import (
    Allocation,
    BillingRun,
    Charge,
    Invoice,
    Payment,
    Product,
    WalletEntry,
)
from comptoir.billing.totals import money

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def with_amounts(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate ``paid_amount``, ``credited_amount`` and ``due_amount`` (for invoices) in SQL."""
    paid = Allocation.objects.filter(invoice=OuterRef("pk")).values("invoice").annotate(s=Sum("amount")).values("s")
    credited = (
        Invoice.objects.filter(credited_invoice=OuterRef("pk"))
        .exclude(status=Invoice.Status.DRAFT)
        .values("credited_invoice")
        .annotate(s=Sum("total_incl_vat"))
        .values("s")
    )
    # Round(): SQLite computes decimal sums as floats; rounding to the cent keeps comparisons exact.
    return invoices.annotate(
        paid_amount=Round(Coalesce(Subquery(paid, output_field=MONEY), ZERO), 2, output_field=MONEY),
        credited_amount=Round(Coalesce(Subquery(credited, output_field=MONEY), ZERO), 2, output_field=MONEY),
    ).annotate(due_amount=Round(F("total_incl_vat") - F("paid_amount") - F("credited_amount"), 2, output_field=MONEY))


def invoice_list(
    *, place, user=None, kind: str = "", status: str = "", search: str = "", entity=None
) -> QuerySet[Invoice]:
    invoices = Invoice.objects.filter(place=place).select_related("entity", "user", "credited_invoice")
    if user is not None:
        invoices = invoices.filter(user=user).exclude(status=Invoice.Status.DRAFT)
    if kind in Invoice.Kind.values:
        invoices = invoices.filter(kind=kind)
    if status in Invoice.Status.values:
        invoices = invoices.filter(status=status)
    if entity is not None:
        invoices = invoices.filter(entity=entity)
    if search:
        invoices = invoices.filter(
            Q(number__icontains=search) | Q(buyer_name__icontains=search) | Q(user__email__icontains=search)
        )
    return with_amounts(invoices).order_by(F("issue_date").desc(nulls_first=True), "-pk")


def invoice_get(*, place, pk: int, user=None) -> Invoice | None:
    invoices = invoice_list(place=place, user=user).prefetch_related("lines", "allocations__payment", "credit_notes")
    return invoices.filter(pk=pk).first()


def overdue_list(*, place, on: dt.date) -> QuerySet[Invoice]:
    return (
        invoice_list(place=place, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)
        .filter(due_date__lt=on, due_amount__gt=0)
        .order_by("due_date", "pk")
    )


def open_invoices(*, place, user) -> QuerySet[Invoice]:
    return invoice_list(place=place, user=user, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED).filter(
        due_amount__gt=0
    )


def charge_pending_list(*, place) -> QuerySet[Charge]:
    return (
        Charge.objects.filter(place=place, invoice_line__isnull=True)
        .select_related("user", "entity", "product")
        .order_by("user__display_name", "entity_id", "service_date", "pk")
    )


def payment_list(*, place, user=None) -> QuerySet[Payment]:
    payments = (
        Payment.objects.filter(place=place).select_related("user", "entity").prefetch_related("allocations__invoice")
    )
    return payments.filter(user=user) if user is not None else payments


def product_list(*, place) -> QuerySet[Product]:
    return Product.objects.filter(place=place).select_related("entity")


def wallet_entries(*, place, user) -> QuerySet[WalletEntry]:
    return WalletEntry.objects.filter(place=place, user=user).select_related("entity", "invoice")


def member_balance(*, place, user) -> dict:
    """What the member owes (issued invoices not yet paid) and holds (wallet credit, per entity)."""
    owed = money(open_invoices(place=place, user=user).aggregate(s=Sum("due_amount"))["s"] or 0)
    wallets = list(
        WalletEntry.objects.filter(place=place, user=user)
        .values("entity_id", "entity__name")
        .annotate(balance=Sum("amount"))
        .order_by("entity__name")
    )
    for wallet in wallets:
        wallet["balance"] = money(wallet["balance"])
    credit = sum((w["balance"] for w in wallets), Decimal("0.00"))
    return {"owed": owed, "wallets": wallets, "credit": credit, "net": owed - credit}


def balances(*, place) -> list[dict]:
    """Each member with something owed or some credit (staff view), one query each for owed and credit."""
    owed = {
        row["user_id"]: money(row["owed"])
        for row in with_amounts(
            Invoice.objects.filter(place=place, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)
        )
        .filter(due_amount__gt=0)
        .values("user_id")
        .annotate(owed=Sum("due_amount"))
    }
    credit = {
        row["user_id"]: money(row["credit"])
        for row in WalletEntry.objects.filter(place=place).values("user_id").annotate(credit=Sum("amount"))
        if row["credit"]
    }
    from comptoir.people.models import User

    users = User.objects.in_bulk(set(owed) | set(credit))
    rows = [
        {
            "user": users[uid],
            "owed": owed.get(uid, Decimal("0.00")),
            "credit": credit.get(uid, Decimal("0.00")),
        }
        for uid in users
    ]
    return sorted(rows, key=lambda r: (-(r["owed"] - r["credit"]), r["user"].display_name))


def billing_run_list(*, place) -> QuerySet[BillingRun]:
    return BillingRun.objects.filter(place=place).select_related("started_by")


def billing_run_get(*, place, period: str) -> BillingRun | None:
    return billing_run_list(place=place).filter(period=period).first()


def member_get(*, place, user_id) -> object | None:
    """A person who has (or had) a membership of the place, or None (other places' people stay unknown)."""
    from comptoir.people.models import Membership

    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    membership = Membership.objects.filter(place=place, user_id=user_id).select_related("user").first()
    return membership.user if membership else None


def billing_profile_get(*, place, user):
    from comptoir.billing.models import BillingProfile

    return BillingProfile.objects.filter(place=place, user=user).first()
