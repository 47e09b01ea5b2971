"""invoice_issue_for_source: a source charged and invoiced at once (the adhésion's way), in the caller's
transaction, writing only through billing."""

from decimal import Decimal

import pytest
from django.db import transaction

from comptoir.billing import services
from comptoir.billing.models import Charge, Invoice, JournalLine
from comptoir.billing.services import LineIn


def fee_line(amount="30.00"):
    return LineIn(description="Adhésion  2026", quantity=Decimal("1"), unit_price=Decimal(amount), vat_rate="exempt",
                  is_fee=True)  # fmt: skip


def test_charges_the_source_and_issues_its_invoice_in_the_callers_transaction(place, scop, member, admin):
    with transaction.atomic():
        invoice = services.invoice_issue_for_source.in_transaction(
            place=place, entity=scop, user=member, actor=admin, source_type="test.source", source_id=7,
            lines=[fee_line()],
        )  # fmt: skip
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED and invoice.total_incl_vat == Decimal("30.00")
    charge = Charge.objects.get(place=place, source_type="test.source", source_id="7")
    line = invoice.lines.get()
    assert charge.invoice_line == line and line.is_fee and line.description == "Adhésion 2026"
    fees = JournalLine.objects.filter(entry__invoice=invoice, account="756")
    assert [f.credit for f in fees] == [Decimal("30.00")]  # posted to the fees account
    assert services.invoice_due(invoice) == Decimal("30.00")


def test_rolls_back_with_the_caller(place, scop, member, admin):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.invoice_issue_for_source.in_transaction(
                place=place, entity=scop, user=member, actor=admin, source_type="test.source", source_id=8,
                lines=[fee_line()],
            )  # fmt: skip
            raise RuntimeError("the caller fails")
    assert not Charge.objects.filter(source_type="test.source").exists()
    assert not Invoice.objects.filter(place=place).exists()
