"""The billing run invoices a period once it is over, a long past one only when confirmed; invoicing a member
now never takes a booking or a workshop still to come."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from comptoir.billing.models import BillingRun, Charge, Invoice
from comptoir.billing.services import billing_run, today_in
from comptoir.core.errors import ServiceError
from comptoir.people.tests.factories import member_of


def _month(day: dt.date, back: int) -> str:
    index = day.year * 12 + day.month - 1 - back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _charge(place, entity, user, day, source_id):
    return Charge.objects.create(
        place=place, entity=entity, user=user, source_type="test", source_id=source_id, description="Salle",
        quantity=1, unit_price=Decimal("10.00"), vat_rate="20", service_date=day,
    )  # fmt: skip


@pytest.mark.parametrize("back", [0, -1])
def test_a_period_not_over_is_refused_in_plain_words(place, scop, admin, back):
    period = _month(today_in(place), back)
    for language, words in (("fr", ["n'est pas terminé", "à partir du 1"]), ("en", ["is not over yet"])):
        with pytest.raises(ServiceError) as refusal, translation.override(language):
            billing_run(place=place, period=period, actor=admin)
        assert refusal.value.field == "period"
        assert all(word in str(refusal.value.message) for word in words), refusal.value.message
    assert not BillingRun.objects.exists()


def test_the_month_just_over_runs(place, scop, admin):
    member = member_of(place)
    last_month_day = today_in(place).replace(day=1) - dt.timedelta(days=1)
    _charge(place, scop, member, last_month_day, "1")
    run = billing_run(place=place, period=_month(today_in(place), 1), actor=admin)
    assert run.invoices_created == 1


def test_a_long_past_period_needs_a_confirmation(place, scop, admin):
    period = _month(today_in(place), 5)
    with pytest.raises(ServiceError) as refusal, translation.override("fr"):
        billing_run(place=place, period=period, actor=admin)
    assert refusal.value.field == "confirm_past" and "plus de 3 mois" in str(refusal.value.message)
    assert billing_run(place=place, period=period, actor=admin, confirm_past=True).status == BillingRun.Status.DONE


def test_the_run_page_says_why_it_refuses(client, place, scop, admin):
    client.force_login(admin)
    url = reverse("billing:run", kwargs={"place_slug": place.slug})
    page = client.post(url, {"period": _month(today_in(place), 0)}).content.decode()
    assert "pas terminé" in page and not BillingRun.objects.exists()
    page = client.post(url, {"period": _month(today_in(place), 6)}).content.decode()
    assert "plus de 3 mois" in page and not BillingRun.objects.exists()
    response = client.post(url, {"period": _month(today_in(place), 6), "confirm_past": "on"})
    assert response.status_code == 302 and BillingRun.objects.count() == 1


def test_invoice_now_leaves_what_has_not_taken_place(client, place, scop, admin):
    member = member_of(place)
    today = today_in(place)
    _charge(place, scop, member, today, "past")
    later = _charge(place, scop, member, today + dt.timedelta(days=3), "later")
    client.force_login(admin)
    url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
    preview = client.post(url, {"entity": scop.pk, "user": member.pk})
    assert preview.status_code == 200 and "later" not in preview.content.decode()  # what will be invoiced
    assert client.post(url, {"confirmation": preview.context["token"]}).status_code == 302
    invoice = Invoice.objects.get(user=member)
    assert invoice.total_excl_vat == Decimal("10.00")
    later.refresh_from_db()
    assert later.invoice_line_id is None
