"""Reads of billing, always scoped to a place. Lists annotate what is paid and due in the same query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round

from comptoir.billing.models import (
    Allocation,
    BillingProfile,
    BillingRun,
    Charge,
    Invoice,
    InvoiceLine,
    Payment,
    Product,
    WalletEntry,
)
from comptoir.billing.totals import money
from comptoir.people.models import Membership, User

if TYPE_CHECKING:
    from comptoir.places.models import LegalEntity, Place

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


# The providers (``providers.py``) that take payments online; the others are paid at the desk.
ONLINE_PROVIDERS = {"sandbox"}


def payment_provider_name() -> str:
    """The payment provider the site uses (``BILLING_PAYMENT_PROVIDER``; the sandbox while ``DEBUG``)."""
    return getattr(settings, "BILLING_PAYMENT_PROVIDER", "") or ("sandbox" if settings.DEBUG else "manual")


def online_payment_offered() -> bool:
    """Whether members can pay their invoices online (the site's provider is an online one)."""
    return payment_provider_name() in ONLINE_PROVIDERS


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
    *,
    place: Place,
    user: User | None = None,
    kind: str = "",
    status: str = "",
    search: str = "",
    entity: LegalEntity | None = None,
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


def invoice_get(*, place: Place, pk: int, user: User | None = None) -> Invoice | None:
    invoices = invoice_list(place=place, user=user).prefetch_related("lines", "allocations__payment", "credit_notes")
    return invoices.filter(pk=pk).first()


def cancelled_invoices(*, place: Place | int) -> QuerySet[Invoice]:
    """The place's invoices cancelled by a credit note (what they billed no longer stands)."""
    return Invoice.objects.filter(place=place, status=Invoice.Status.CANCELLED)


def overdue_list(*, place: Place, on: dt.date) -> QuerySet[Invoice]:
    return (
        invoice_list(place=place, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)
        .filter(due_date__lt=on, due_amount__gt=0)
        .order_by("due_date", "pk")
    )


def open_invoices(*, place: Place, user: User) -> QuerySet[Invoice]:
    return invoice_list(place=place, user=user, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED).filter(
        due_amount__gt=0
    )


def charge_pending_list(*, place: Place) -> QuerySet[Charge]:
    return (
        Charge.objects.filter(place=place, invoice_line__isnull=True)
        .select_related("user", "entity", "product")
        .order_by("user__display_name", "entity_id", "service_date", "pk")
    )


def payment_list(*, place: Place, user: User | None = None) -> QuerySet[Payment]:
    payments = (
        Payment.objects.filter(place=place).select_related("user", "entity").prefetch_related("allocations__invoice")
    )
    return payments.filter(user=user) if user is not None else payments


def product_list(*, place: Place) -> QuerySet[Product]:
    return Product.objects.filter(place=place).select_related("entity")


def wallet_entries(*, place: Place, user: User) -> QuerySet[WalletEntry]:
    return WalletEntry.objects.filter(place=place, user=user).select_related("entity", "invoice")


def member_balance(*, place: Place, user: User) -> dict[str, Any]:
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


def balances(*, place: Place) -> list[dict[str, Any]]:
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


def billing_run_list(*, place: Place) -> QuerySet[BillingRun]:
    return BillingRun.objects.filter(place=place).select_related("started_by")


def billing_run_get(*, place: Place, period: str) -> BillingRun | None:
    return billing_run_list(place=place).filter(period=period).first()


def member_get(*, place: Place, user_id: int | str | None) -> User | None:
    """A person who has (or had) a membership of the place, or None (other places' people stay unknown)."""
    try:
        user_id = int(user_id)  # type: ignore[arg-type]  # None raises TypeError, caught below
    except (TypeError, ValueError):
        return None
    membership = Membership.objects.filter(place=place, user_id=user_id).select_related("user").first()
    return membership.user if membership else None


def billing_profile_get(*, place: Place, user: User) -> BillingProfile | None:
    return BillingProfile.objects.filter(place=place, user=user).first()


# What one invoice or wallet holds: read by the services (inside their transactions) and by other apps.


def invoice_paid(invoice: Invoice) -> Decimal:
    """What payments allocated to ``invoice`` so far."""
    # money(): SQLite sums decimals as floats; quantize back to cents.
    return money(Allocation.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"] or 0)


def invoice_credited(invoice: Invoice, *, exclude_pk: int | None = None) -> Decimal:
    """What issued credit notes of ``invoice`` cancelled (``exclude_pk``: leave one credit note out)."""
    notes = Invoice.objects.filter(credited_invoice=invoice).exclude(status=Invoice.Status.DRAFT)
    if exclude_pk is not None:
        notes = notes.exclude(pk=exclude_pk)
    return money(notes.aggregate(s=Sum("total_incl_vat"))["s"] or 0)


def invoice_due(invoice: Invoice) -> Decimal:
    """What the buyer still owes on an issued invoice (never negative)."""
    if invoice.kind != Invoice.Kind.INVOICE or invoice.is_draft:
        return Decimal("0.00")
    return max(invoice.total_incl_vat - invoice_paid(invoice) - invoice_credited(invoice), Decimal("0.00"))


def wallet_balance(*, place: Place, user: User, entity: LegalEntity) -> Decimal:
    """The member's prepaid credit with one legal entity."""
    entries = WalletEntry.objects.filter(place=place, user=user, entity=entity)
    return money(entries.aggregate(s=Sum("amount"))["s"] or 0)


def credited_quantities(invoice: Invoice) -> dict[int, Decimal]:
    """How much of each line of ``invoice`` issued credit notes already cancelled."""
    credited: dict[int, Decimal] = {}
    for line in InvoiceLine.objects.filter(credited_line__invoice=invoice, invoice__status=Invoice.Status.ISSUED).only(
        "credited_line_id", "quantity"
    ):
        key = line.credited_line_id
        assert key is not None  # filtered on credited_line
        credited[key] = credited.get(key, Decimal("0")) + line.quantity
    return credited


def line_remaining(line: InvoiceLine) -> Decimal:
    """The quantity of an invoice line that issued credit notes have not cancelled yet."""
    credited = (
        InvoiceLine.objects.filter(credited_line=line, invoice__status=Invoice.Status.ISSUED).aggregate(
            total=Sum("quantity")
        )["total"]
        or 0
    )
    return line.quantity - credited


# Charges of one source, for the apps that hand them to billing (through its services).


def source_charge(*, place: Place, source_type: str, source_id: int | str) -> Charge | None:
    """The (first) charge of a source, with its member, or None."""
    charges = Charge.objects.filter(place=place, source_type=source_type, source_id=str(source_id))
    return charges.select_related("user").order_by("pk").first()


def sources_charged(*, place: Place, source_type: str, source_ids: Iterable[int | str]) -> set[str]:
    """Which of ``source_ids`` have a charge (as strings, the way charges store them)."""
    return set(
        Charge.objects.filter(
            place=place, source_type=source_type, source_id__in=[str(pk) for pk in source_ids]
        ).values_list("source_id", flat=True)
    )


def sources_with_open_charges(*, place: Place, source_type: str) -> QuerySet[Charge, str]:
    """The ``source_id`` of the sources of this type with an uninvoiced charge (a values list, for a subquery)."""
    return Charge.objects.filter(place=place, source_type=source_type, invoice_line__isnull=True).values_list(
        "source_id", flat=True
    )
