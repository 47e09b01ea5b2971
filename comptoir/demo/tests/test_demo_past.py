"""The demo place has a past: a fresh ``make run`` shows figures on every staff page of the last weeks."""

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.billing.models import BillingRun, Charge, Invoice, Payment
from comptoir.coworking.models import CheckIn, CoworkingCharge
from comptoir.demo.loader import load_demo
from comptoir.people.models import User
from comptoir.spaces.models import Booking, BookingCharge

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    models = (Booking, BookingCharge, CheckIn, CoworkingCharge, Charge, Invoice, Payment, BillingRun, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo():
    return load_demo()["place"]


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = _counts()
    load_demo()
    assert _counts() == counts


def test_the_demo_has_weeks_of_past_bookings_check_ins_invoices_and_payments(demo):
    today = timezone.localdate(timezone=demo.tz)
    first_of_last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    since = dt.datetime.combine(first_of_last_month, dt.time.min, tzinfo=demo.tz)
    past = Booking.objects.filter(place=demo, start__gte=since, start__lt=timezone.now())
    assert past.count() >= 20 and past.values("person").distinct().count() >= 3
    weeks = {booking.start.astimezone(demo.tz).isocalendar()[1] for booking in past}
    assert len(weeks) >= 4
    assert CheckIn.objects.filter(place=demo, day__lt=today).values("day").distinct().count() >= 12
    run = BillingRun.objects.get(place=demo, period=f"{first_of_last_month:%Y-%m}")
    assert run.status == BillingRun.Status.DONE and run.invoices_created >= 3
    invoices = Invoice.objects.filter(place=demo, billing_period=run.period, status=Invoice.Status.ISSUED)
    assert invoices.count() == run.invoices_created and all(invoice.number for invoice in invoices)
    assert Payment.objects.filter(place=demo, allocations__invoice__in=invoices).distinct().count() >= 2
    # Last month's bookings and day passes were all handed to billing and invoiced.
    last_month = Charge.objects.filter(
        place=demo, service_date__gte=first_of_last_month, service_date__lt=today.replace(day=1)
    )
    assert last_month.exists() and not last_month.filter(invoice_line__isnull=True).exists()


def test_staff_pages_of_spaces_coworking_and_billing_show_the_past(client, demo):
    client.force_login(User.objects.get(email="accueil@demo.comptoir.example"))
    today = timezone.localdate(timezone=demo.tz)
    booking = Booking.objects.filter(place=demo, start__lt=timezone.now(), title="Réunion des bénévoles").first()
    day = booking.start.astimezone(demo.tz).date()
    monday = day - dt.timedelta(days=day.weekday())
    page = client.get(f"/{demo.slug}/gestion/espaces/", {"debut": monday.isoformat()}).content.decode()
    assert "Réunion des bénévoles" in page

    checkin = CheckIn.objects.filter(place=demo, day__lt=today).select_related("person").first()
    page = client.get(f"/{demo.slug}/gestion/coworking/", {"jour": checkin.day.isoformat()}).content.decode()
    assert checkin.person.display_name in page

    invoice = Invoice.objects.filter(place=demo, billing_period__gt="").first()
    assert invoice.number in client.get(f"/{demo.slug}/gestion/facturation/").content.decode()
    paid = Payment.objects.filter(place=demo, allocations__invoice__billing_period=invoice.billing_period)
    payments = client.get(f"/{demo.slug}/gestion/facturation/paiements/").content.decode()
    assert paid.count() >= 2 and all(payment.user.display_name in payments for payment in paid)
    run_page = client.get(f"/{demo.slug}/gestion/facturation/facturation-mensuelle/").content.decode()
    assert BillingRun.objects.get(place=demo).period in run_page
