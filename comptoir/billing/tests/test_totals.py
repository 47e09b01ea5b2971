from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.billing.totals import VAT_RATES, clean_price, clean_quantity, clean_vat_rate, compute_totals, money
from comptoir.core.errors import ServiceError

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("9999"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999"), places=2)
rates = st.sampled_from(list(VAT_RATES))
lines = st.lists(st.tuples(quantities, prices, rates), min_size=1, max_size=30)


@settings(database=None)
@given(lines)
def test_lines_vat_and_totals_add_up(lines):
    totals = compute_totals(lines)
    assert totals.excl_vat == sum(totals.lines, Decimal("0"))
    assert totals.excl_vat == sum((g.base for g in totals.groups), Decimal("0"))
    assert totals.vat == sum((g.vat for g in totals.groups), Decimal("0"))
    assert totals.incl_vat == totals.excl_vat + totals.vat
    for value in (totals.excl_vat, totals.vat, totals.incl_vat, *totals.lines):
        assert value == value.quantize(Decimal("0.01"))
    for group in totals.groups:
        # VAT is rounded once per rate, half-up, on the base of that rate.
        exact = group.base * VAT_RATES[group.rate][0] / 100
        assert abs(group.vat - exact) <= Decimal("0.005")
        assert group.base == sum(n for n, (_q, _p, r) in zip(totals.lines, lines, strict=True) if r == group.rate)
    assert len({g.rate for g in totals.groups}) == len(totals.groups)


@settings(database=None)
@given(lines)
def test_franchise_has_no_vat(lines):
    totals = compute_totals(lines, vat_exempt=True)
    assert totals.vat == 0
    assert [g.rate for g in totals.groups] == ["exempt"]
    assert totals.incl_vat == totals.excl_vat


@settings(database=None)
@given(quantities, prices)
def test_line_is_rounded_half_up(quantity, price):
    (net,) = compute_totals([(quantity, price, "20")]).lines
    assert net == money(quantity * price)


def test_vat_rounded_per_rate_not_per_line():
    # three lines of 0.10 € at 5.5 %: per line VAT would be 3 × 0.01, per rate it is 0.02
    totals = compute_totals([(Decimal("1"), Decimal("0.10"), "5.5")] * 3)
    assert totals.vat == Decimal("0.02")
    assert totals.incl_vat == Decimal("0.32")


@pytest.mark.parametrize("bad", ["19.6", "", "abc", "21"])
def test_unknown_vat_rate(bad):
    with pytest.raises(ServiceError):
        clean_vat_rate(bad)


@pytest.mark.parametrize("bad", ["-1", "0", "abc", "NaN", "Infinity", "1.0001"])
def test_bad_quantity(bad):
    with pytest.raises(ServiceError):
        clean_quantity(bad)


@pytest.mark.parametrize("bad", ["-0.01", "x", "1.001"])
def test_bad_price(bad):
    with pytest.raises(ServiceError):
        clean_price(bad)
