"""Charges priced incl. VAT from several apps (spaces and coworking through ledger_settle, workshops
through line_incl_vat) on one invoice: each rate's total incl. VAT is the sum of the prices paid."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from comptoir.billing import services
from comptoir.billing.services.bridges import bridge_product, ledger_settle
from comptoir.billing.services.vat import balance_group, gross_from_net, net_from_gross
from comptoir.billing.totals import CENT, compute_totals, vat_percent
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)
rates = st.sampled_from(["20", "10", "5.5", "2.1"])
DAY = dt.date(2026, 10, 12)


def _reachable(target: Decimal, rate: str) -> Decimal:
    """What an invoice of one rate can cost closest to ``target`` without exceeding it."""
    return gross_from_net(net_from_gross(target, rate), rate)


@settings(max_examples=400, deadline=None)
@given(grosses=st.lists(prices, min_size=1, max_size=15), fixed=st.lists(prices, max_size=3), rate=rates)
def test_balanced_group_costs_the_sum_of_its_prices(grosses, fixed, rate):
    fixed_net = sum(fixed, Decimal("0.00"))
    nets = balance_group(grosses=grosses, fixed_net=fixed_net, vat_rate=rate)
    assert all(net >= 0 for net in nets)
    totals = compute_totals([(Decimal("1"), net, rate) for net in [*nets, fixed_net] if net])
    target = sum(grosses, Decimal("0.00")) + (gross_from_net(fixed_net, rate) if fixed_net else 0)
    assert totals.incl_vat == _reachable(target, rate)
    assert target - totals.incl_vat in (Decimal("0.00"), CENT)  # exact, or one cent less when no net gives it
    for net, gross in zip(nets, grosses, strict=True):  # each line stays within a few cents of its share
        assert abs(net - gross * 100 / (100 + vat_percent(rate))) < 3 * CENT


def test_one_line_alone_is_net_from_gross():
    for gross in ("25.00", "25.05", "0.01", "99.99"):
        assert balance_group(grosses=[Decimal(gross)], fixed_net=Decimal("0"), vat_rate="20") == [
            net_from_gross(Decimal(gross), "20")
        ]


class MixedSourcesInvoice(TestCase):
    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        items=st.lists(
            st.tuples(st.sampled_from(["spaces", "coworking", "mediation", "catalogue"]), prices, rates),
            min_size=1,
            max_size=10,
        )
    )
    def test_invoice_of_vat_included_charges_costs_what_was_paid(self, items):
        place = PlaceFactory()
        entity = LegalEntityFactory(place=place, is_primary=True)
        member = member_of(place)
        staff = member_of(place, "admin")
        paid: dict[str, Decimal] = {}  # per rate: prices incl. VAT, plus catalogue lines' own cost
        fixed: dict[str, Decimal] = {}
        for n, (source, price, rate) in enumerate(items):
            if source in ("spaces", "coworking"):
                product = bridge_product(place=place, code=f"{source}-{rate}", name=source, vat_rate=rate)
                ledger_settle(place=place, user=member, source_type=f"{source}.test", source_id=n,
                              read_total=lambda price=price: price, product=product, description=source,
                              service_date=DAY, stamp=lambda reference: None)  # fmt: skip
                paid[rate] = paid.get(rate, Decimal("0.00")) + price
            elif source == "mediation":
                line = services.line_incl_vat(description="Atelier", price_incl_vat=price, vat_rate=rate,
                                              service_date=DAY)  # fmt: skip
                services.charge_sync_for_source(place=place, user=member, source_type="mediation.test", source_id=n,
                                                lines=[line], entity=entity)  # fmt: skip
                paid[rate] = paid.get(rate, Decimal("0.00")) + price
            else:  # a catalogue line priced excl. VAT on the same invoice
                line = services.LineIn(description="Forfait", quantity=Decimal("1"), unit_price=price, vat_rate=rate,
                                       service_date=DAY)  # fmt: skip
                services.charge_sync_for_source(place=place, user=member, source_type="catalogue.test", source_id=n,
                                                lines=[line], entity=entity)  # fmt: skip
                fixed[rate] = fixed.get(rate, Decimal("0.00")) + price
        invoice = services.invoice_create_from_charges(place=place, entity=entity, user=member, actor=staff,
                                                       issue=True)  # fmt: skip
        assert invoice is not None and invoice.number
        groups = {group["rate"]: Decimal(group["base"]) + Decimal(group["vat"]) for group in invoice.vat_breakdown}
        for rate in set(paid) | set(fixed):
            target = paid.get(rate, Decimal("0.00")) + (gross_from_net(fixed[rate], rate) if rate in fixed else 0)
            assert groups[rate] == _reachable(target, rate)
            assert target - groups[rate] in (Decimal("0.00"), CENT)
        assert invoice.total_incl_vat == sum(groups.values(), Decimal("0.00"))
        assert invoice.total_excl_vat + invoice.total_vat == invoice.total_incl_vat


def test_two_seats_and_a_booking_cost_exactly_what_was_paid(place, scop, member, admin):
    """The case that used to lose a cent: three lines of 25.00 € at 20 % (20.83 € excl. VAT each alone)."""
    scop.is_primary = True
    scop.save()
    for n in range(2):
        line = services.line_incl_vat(description="Atelier", price_incl_vat=Decimal("25.00"), vat_rate="20")
        services.charge_sync_for_source(place=place, user=member, source_type="mediation.test", source_id=n,
                                        lines=[line], entity=scop)  # fmt: skip
    product = bridge_product(place=place, code="room", name="Salle", vat_rate="20")
    ledger_settle(place=place, user=member, source_type="spaces.test", source_id=1, read_total=lambda: Decimal("25.00"),
                  product=product, description="Salle", service_date=DAY, stamp=lambda reference: None)  # fmt: skip
    invoice = services.invoice_create_from_charges(place=place, entity=scop, user=member, actor=admin, issue=True)
    assert invoice.total_incl_vat == Decimal("75.00")
    assert sorted(line.unit_price for line in invoice.lines.all()) == [Decimal("20.83"), Decimal("20.83"),
                                                                        Decimal("20.84")]  # fmt: skip
