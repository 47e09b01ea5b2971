""""Invoice this member now" shows a coworking plan not handed to billing yet before invoicing it, and a plan
sold after the preview is never invoiced unseen."""

from decimal import Decimal

import pytest
from django.urls import reverse

from comptoir.billing.models import Invoice
from comptoir.coworking import services
from comptoir.coworking.models import Plan
from comptoir.coworking.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_a_plan_sold_before_the_preview_is_shown_one_sold_after_is_refused(client, place, scop, member, host):
    plan = PlanFactory(place=place, kind=Plan.Kind.NOMAD, name="Nomade", price=Decimal("99.00"), days=8,
                       validity_months=1)  # fmt: skip
    services.subscription_start(place=place, person=member, plan=plan, actor=host)
    client.force_login(host)
    url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
    preview = client.post(url, {"user": member.pk, "entity": scop.pk})
    assert preview.status_code == 200 and not Invoice.objects.exists()
    assert [line.description[:6] for line in preview.context["preview"].lines] == ["Nomade"]
    assert "Nomade" in preview.content.decode() and preview.context["preview"].total_incl_vat == Decimal("99.00")

    second = PlanFactory(place=place, kind=Plan.Kind.NOMAD, name="Bureau", price=Decimal("150.00"), days=20,
                         validity_months=1)  # fmt: skip
    services.subscription_start(place=place, person=member, plan=second, actor=host)
    refused = client.post(url, {"confirmation": preview.context["token"]})
    assert refused.status_code == 409 and not Invoice.objects.exists()
    assert sorted(line.description[:6] for line in refused.context["preview"].lines) == ["Bureau", "Nomade"]

    response = client.post(url, {"confirmation": refused.context["token"]})
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and invoice.total_incl_vat == Decimal("249.00")
    assert [ln.description for ln in invoice.lines.order_by("position")] == [
        ln.description for ln in refused.context["preview"].lines
    ]
