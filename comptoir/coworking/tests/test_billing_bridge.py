"""Coworking sales → billing, and the whole path: book a room, check in with a day pass, run the billing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from comptoir.billing.models import Charge, Invoice
from comptoir.billing.services import billing_run
from comptoir.billing.services.vat import gross_from_net
from comptoir.core.permissions import Role
from comptoir.coworking import billing_bridge, services
from comptoir.coworking.models import CoworkingCharge, Plan
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import member_of
from comptoir.spaces import services as space_services
from comptoir.spaces.models import BookingCharge
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def run_once_the_period_is_over(monkeypatch):
    """These tests book ahead and invoice the booking's month at once, as the run does once that month is
    over: billing's own tests pin the refusal of a period not over yet (``period_check``)."""
    monkeypatch.setattr("comptoir.billing.services.run.period_check", lambda **kwargs: None)


@pytest.fixture
def day_pass(place):
    return PlanFactory(place=place, kind=Plan.Kind.DAY_PASS, price=Decimal("15.00"), days=0, validity_months=1)


def sales(line):
    return list(Charge.objects.filter(source_type="coworking.sale", source_id=str(line.pk)))


def prepare(place):
    return billing_bridge.billing_prepare(place=place, start=None, end=None)


def test_a_day_pass_sold_at_check_in_becomes_a_charge(place, scop, member, host, day_pass):
    checkin = services.check_in(place=place, person=member, actor=host)
    line = CoworkingCharge.objects.get(checkin=checkin)
    assert prepare(place)["sales"] == 1
    [charge] = sales(line)
    assert (charge.unit_price, charge.vat_rate, charge.service_date) == (Decimal("12.50"), "20", checkin.day)
    assert charge.product.code == "coworking-pass-journee" and charge.entity == scop and charge.user == member
    line.refresh_from_db()
    assert line.billed_at is not None and line.billing_reference == f"coworking.sale:{line.pk}#1"
    assert prepare(place)["sales"] == 0 and sales(line) == [charge]


def test_plans_and_renewals_are_each_one_charge(place, scop, member, host):
    plan = PlanFactory(place=place, kind=Plan.Kind.NOMAD, price=Decimal("99.00"), days=8, validity_months=1)
    subscription = services.subscription_start(place=place, person=member, plan=plan, actor=host, renews=True)
    services.subscription_renew(subscription=subscription, actor=host)
    prepare(place)
    lines = list(CoworkingCharge.objects.filter(subscription=subscription).order_by("pk"))
    assert len(lines) == 2
    for line in lines:
        [charge] = sales(line)
        assert charge.product.code == "coworking-formule" and charge.description == line.description
        assert gross_from_net(charge.unit_price, charge.vat_rate) == Decimal("99.00")


def test_a_negative_line_is_kept_pending_not_lost(place, scop, member):
    line = CoworkingCharge.objects.create(place=place, person=member, amount=Decimal("-5.00"), description="Avoir")
    summary = prepare(place)
    assert summary["pending"] == Decimal("-5.00") and sales(line) == []
    line.refresh_from_db()
    assert line.billed_at is None  # still there for staff and for the next run


def test_book_a_room_check_in_with_a_day_pass_and_run_the_billing(place, scop, member, host, day_pass):
    room = ResourceFactory(place=place, price_hour_member=Decimal("12.50"))
    start = next_weekday(1, hour=14)
    end = start + dt.timedelta(hours=2)
    booking = space_services.booking_create(resource=room, person=member, start=start, end=end, actor=member)
    checkin = services.check_in(place=place, person=member, actor=host)
    resident = member_of(place, Role.COWORKER)
    plan = PlanFactory(place=place, kind=Plan.Kind.UNLIMITED, price=Decimal("180.00"), days=0, validity_months=1)
    services.subscription_start(place=place, person=resident, plan=plan, actor=host)
    today = timezone.localtime(timezone.now(), place.tz).date()
    period = f"{max(today, start.date()):%Y-%m}"

    run = billing_run(place=place, period=period, actor=host)

    assert run.invoices_created == 2
    invoice = Invoice.objects.get(place=place, user=member)
    lines = list(invoice.lines.order_by("position"))
    assert [(ln.product.code, ln.unit_price, ln.service_date) for ln in lines] == [
        ("coworking-pass-journee", Decimal("12.50"), checkin.day),
        ("espaces-location", Decimal("20.83"), start.date()),
    ]
    assert (invoice.total_excl_vat, invoice.total_vat, invoice.total_incl_vat) == (
        Decimal("33.33"), Decimal("6.67"), Decimal("40.00"),
    )  # fmt: skip
    assert invoice.entity == scop and invoice.status == Invoice.Status.ISSUED and invoice.billing_period == period
    other = Invoice.objects.get(place=place, user=resident)
    assert (other.total_excl_vat, other.total_incl_vat) == (Decimal("150.00"), Decimal("180.00"))
    assert BookingCharge.objects.get(booking=booking).billing_reference == f"spaces.booking:{booking.pk}#1"
    assert not CoworkingCharge.objects.filter(place=place, billed_at__isnull=True).exists()
    assert not Charge.objects.filter(place=place, invoice_line__isnull=True).exists()

    again = billing_run(place=place, period=period, actor=host)
    assert again.invoices_created == 2 and Invoice.objects.filter(place=place).count() == 2
    assert Charge.objects.filter(place=place).count() == 3
