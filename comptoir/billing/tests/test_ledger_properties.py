"""Property test: whatever members buy, pay, get credited or refunded, the books balance and agree with balances."""

from decimal import Decimal

from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from comptoir.billing import services
from comptoir.billing.models import Invoice, JournalLine
from comptoir.billing.services import LineIn
from comptoir.billing.totals import money
from comptoir.core.errors import ServiceError
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("invoice"), amounts, st.sampled_from(["20", "10", "5.5", "2.1", "0", "exempt"])),
        st.tuples(st.just("pay"), amounts, st.sampled_from(["cash", "card", "transfer"])),
        st.tuples(st.just("top_up"), amounts, st.just("cash")),
        st.tuples(st.just("wallet"), amounts, st.just("")),
        st.tuples(st.just("credit"), amounts, st.just("")),
        st.tuples(st.just("refund"), amounts, st.just("cash")),
    ),
    min_size=1,
    max_size=12,
)


class LedgerProperties(TestCase):
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps)
    def test_books_balance(self, steps):
        place = PlaceFactory()
        entity = LegalEntityFactory(place=place)
        member = member_of(place)
        staff = member_of(place, "admin")
        for kind, amount, extra in steps:
            try:
                if kind == "invoice":
                    line = LineIn(description="x", quantity=Decimal("1"), unit_price=amount, vat_rate=extra)
                    draft = services.invoice_create(place=place, entity=entity, user=member, actor=staff,
                                                    lines=[line])  # fmt: skip
                    services.invoice_issue(invoice=draft, actor=staff)
                elif kind == "pay":
                    services.payment_record(place=place, user=member, method=extra, amount=amount, actor=staff,
                                            entity=entity)  # fmt: skip
                elif kind == "top_up":
                    services.wallet_top_up(place=place, user=member, method=extra, amount=amount, actor=staff,
                                           entity=entity)  # fmt: skip
                elif kind == "wallet":
                    invoice = Invoice.objects.filter(entity=entity, kind="invoice", status="issued").first()
                    if invoice is not None:
                        services.wallet_pay_invoice(invoice=invoice, actor=staff)
                elif kind == "credit":
                    invoice = Invoice.objects.filter(entity=entity, kind="invoice", status="issued").first()
                    if invoice is not None:
                        services.credit_note_create(invoice=invoice, actor=staff)
                elif kind == "refund":
                    services.wallet_refund(place=place, user=member, entity=entity, method=extra, amount=amount,
                                           actor=staff)  # fmt: skip
            except ServiceError:
                pass  # refused operations (nothing to pay, wallet too small...) must leave no trace
            lines = JournalLine.objects.filter(entry__entity=entity)
            totals = lines.aggregate(d=Sum("debit"), c=Sum("credit"))
            assert money(totals["d"] or 0) == money(totals["c"] or 0)  # SQLite sums decimals as floats
            # the customer account (411) equals what the member still owes
            receivable = lines.filter(account="411").aggregate(d=Sum("debit"), c=Sum("credit"))
            owed = sum(
                (services.invoice_due(inv) for inv in Invoice.objects.filter(entity=entity, kind="invoice")),
                Decimal("0"),
            )
            assert money((receivable["d"] or 0) - (receivable["c"] or 0)) == owed
            # the advances account (4191) equals the wallet
            advances = lines.filter(account="4191").aggregate(d=Sum("debit"), c=Sum("credit"))
            wallet = services.wallet_balance(place=place, user=member, entity=entity)
            assert money((advances["c"] or 0) - (advances["d"] or 0)) == wallet >= 0
