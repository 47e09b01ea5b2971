"""Property test: whatever members buy, pay, get credited or refunded, the books balance and agree with balances."""

from collections import Counter
from decimal import Decimal

from django.db.models import Sum
from hypothesis import HealthCheck, event, example, given, settings
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
invoice = st.tuples(st.just("invoice"), amounts, st.sampled_from(["20", "10", "5.5", "2.1", "0", "exempt"]))
top_up = st.tuples(st.just("top_up"), amounts, st.just("cash"))
step = st.one_of(
    invoice,
    st.tuples(st.just("pay"), amounts, st.sampled_from(["cash", "card", "transfer"])),
    top_up,
    st.tuples(st.just("wallet"), amounts, st.just("")),
    st.tuples(st.just("credit"), amounts, st.just("")),
    st.tuples(st.just("refund"), amounts, st.just("cash")),
)
# Paying from the wallet, crediting and refunding need an issued invoice or money in the wallet: drawn at random
# they are mostly skipped or refused. Half the examples therefore open with a purchase and a top-up, so that those
# steps are done often enough to be checked; the other half start from an empty account, where refusals are
# the point.
opening = st.one_of(st.just([]), st.tuples(invoice, top_up).map(list))
steps = st.tuples(opening, st.lists(step, min_size=1, max_size=12)).map(lambda parts: parts[0] + parts[1])


class LedgerProperties(TestCase):
    """A step may be refused, and the books must still balance; but a run where (almost) every step is refused
    would check nothing. What each step did is counted over the whole run and checked once it is over."""

    def setUp(self):
        self.outcomes = Counter()  # (kind, "done" | "refused" | "nothing to do") over every example of the run

    def tearDown(self):
        done = Counter(kind for kind, outcome in self.outcomes.elements() if outcome == "done")
        refused = Counter(kind for kind, outcome in self.outcomes.elements() if outcome == "refused")
        # Buying, paying and topping up positive amounts are valid by construction: done every time.
        assert done["invoice"] and done["pay"] and done["top_up"], self.outcomes
        assert not (refused["invoice"] or refused["pay"] or refused["top_up"]), self.outcomes
        # The steps that need an issued invoice or money in the wallet went through at least once each (the
        # explicit example takes each where it is valid; random runs may draw them only where they are not).
        assert done["wallet"] and done["credit"] and done["refund"], self.outcomes
        super().tearDown()

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps)
    @example([("invoice", Decimal("100.00"), "20"), ("top_up", Decimal("50.00"), "cash"),
              ("refund", Decimal("10.00"), "cash"), ("wallet", Decimal("0.01"), ""),
              ("credit", Decimal("0.01"), ""), ("pay", Decimal("30.00"), "card")])  # fmt: skip
    def test_books_balance(self, steps):
        place = PlaceFactory()
        entity = LegalEntityFactory(place=place)
        member = member_of(place)
        staff = member_of(place, "admin")
        for kind, amount, extra in steps:
            outcome = "done"
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
                elif kind in ("wallet", "credit"):
                    invoice = Invoice.objects.filter(entity=entity, kind="invoice", status="issued").first()
                    if invoice is None:
                        outcome = "nothing to do"
                    elif kind == "wallet":
                        services.wallet_pay_invoice(invoice=invoice, actor=staff)
                    else:
                        services.credit_note_create(invoice=invoice, actor=staff)
                elif kind == "refund":
                    services.wallet_refund(place=place, user=member, entity=entity, method=extra, amount=amount,
                                           actor=staff)  # fmt: skip
            except ServiceError:
                outcome = "refused"  # refused operations (nothing to pay, wallet too small...) must leave no trace
            self.outcomes[kind, outcome] += 1
            event(f"{kind}: {outcome}")
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
