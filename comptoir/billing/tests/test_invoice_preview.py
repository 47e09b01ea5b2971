""""Invoice this member now" and the desk sale show what they will issue, and issue exactly that.

The preview writes nothing (no invoice, no number, no charge linked); the confirmation carries a signed
fingerprint, and an invoice that would differ from the preview in any way (a charge added, a price
changed) is refused with a fresh preview.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from comptoir.billing import services
from comptoir.billing.confirmations import SALT
from comptoir.billing.models import Charge, Invoice, InvoiceLine, NumberSequence, Payment
from comptoir.billing.services import today_in
from comptoir.billing.services.vat import line_incl_vat
from comptoir.core.errors import Conflict
from comptoir.people.tests.factories import member_of


def _charge(place, entity, user, source_id, *, price="10.00", rate="20", day=None, **extra):
    return Charge.objects.create(
        place=place, entity=entity, user=user, source_type="test", source_id=source_id,
        description=f"Salle {source_id}", quantity=extra.pop("quantity", 1), unit_price=Decimal(price), vat_rate=rate,
        service_date=day or today_in(place), **extra,
    )  # fmt: skip


def _counts():
    return (
        Invoice.objects.count(),
        InvoiceLine.objects.count(),
        list(NumberSequence.objects.order_by("pk").values_list("pk", "last_number")),
        list(Charge.objects.order_by("pk").values_list("pk", "invoice_line_id", "unit_price")),
    )


def _lines(invoice):
    return [
        (line.description, line.quantity, line.unit_price, line.vat_rate, line.total_excl_vat)
        for line in invoice.lines.order_by("position")
    ]


def _previewed(preview):
    return [(ln.description, ln.quantity, ln.unit_price, ln.vat_rate, ln.total_excl_vat) for ln in preview.lines]


# --- services ------------------------------------------------------------------------------------


def test_the_preview_writes_nothing_and_the_confirmation_issues_exactly_its_lines(place, scop, member, admin):
    _charge(place, scop, member, "a", price="10.00", rate="20")
    _charge(place, scop, member, "b", price="7.35", rate="5.5", quantity=Decimal("3"))
    _charge(place, scop, member, "later", day=today_in(place) + dt.timedelta(days=2))  # still to come
    issued_before = services.invoice_issue(
        invoice=services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[
            services.LineIn(description="Avant", quantity=Decimal("1"), unit_price=Decimal("1.00"), vat_rate="20")]),
        actor=admin,
    )  # fmt: skip
    before = _counts()
    preview = services.invoice_from_charges_preview(place=place, entity=scop, user=member, until=today_in(place))
    assert _counts() == before  # no invoice, no line, no number taken, no charge linked or repriced
    assert [ln.description for ln in preview.lines] == ["Salle a", "Salle b"]
    assert [(r, b, v) for r, b, v in preview.vat_rows] == [
        ("20 %", Decimal("10.00"), Decimal("2.00")), ("5,5 %", Decimal("22.05"), Decimal("1.21"))
    ]  # fmt: skip
    assert (preview.total_excl_vat, preview.total_vat, preview.total_incl_vat) == (
        Decimal("32.05"), Decimal("3.21"), Decimal("35.26")
    )  # fmt: skip
    assert preview.buyer["buyer_name"] == member.display_name and preview.entity_name == scop.name
    invoice = services.invoice_create_from_charges(
        place=place, entity=scop, user=member, actor=admin, issue=True, until=today_in(place),
        expected=preview.fingerprint,
    )  # fmt: skip
    assert invoice.number and invoice.number != issued_before.number
    assert _lines(invoice) == _previewed(preview)
    assert invoice.total_incl_vat == preview.total_incl_vat and invoice.vat_breakdown == [
        g.as_json() for g in preview.vat_groups
    ]
    assert sorted(Charge.objects.filter(invoice_line__invoice=invoice).values_list("pk", flat=True)) == sorted(
        preview.charge_ids
    )


def test_the_preview_balances_prices_incl_vat_as_the_invoice_does(place, scop, member, admin):
    """Ten 25.00 € lines incl. VAT: the preview shows the cents spread exactly as the issued invoice."""
    for index in range(10):
        line = line_incl_vat(description=f"Place {index}", price_incl_vat=Decimal("25.00"), vat_rate="20")
        _charge(place, scop, member, f"p{index}", price=str(line.unit_price), price_incl_vat=line.price_incl_vat)
    _charge(place, scop, member, "net", price="3.33")
    preview = services.invoice_from_charges_preview(place=place, entity=scop, user=member)
    assert preview.total_incl_vat in (Decimal("253.99"), Decimal("254.00"))
    invoice = services.invoice_create_from_charges(
        place=place, entity=scop, user=member, actor=admin, issue=True, expected=preview.fingerprint
    )
    assert _lines(invoice) == _previewed(preview) and invoice.total_incl_vat == preview.total_incl_vat


def test_the_preview_of_a_franchise_entity_is_exempt(place, entity, member, admin):
    entity.vat_exempt = True
    entity.save()
    _charge(place, entity, member, "a", price="12.00", rate="20")
    preview = services.invoice_from_charges_preview(place=place, entity=entity, user=member)
    assert [ln.vat_rate for ln in preview.lines] == ["exempt"] and preview.total_incl_vat == Decimal("12.00")
    invoice = services.invoice_create_from_charges(
        place=place, entity=entity, user=member, actor=admin, issue=True, expected=preview.fingerprint
    )
    assert _lines(invoice) == _previewed(preview)


@pytest.mark.parametrize("change", ["added", "price", "withdrawn", "invoiced", "buyer"])
def test_anything_changed_after_the_preview_is_refused_and_nothing_is_written(place, scop, member, admin, change):
    first = _charge(place, scop, member, "a")
    _charge(place, scop, member, "b", price="5.00")
    preview = services.invoice_from_charges_preview(place=place, entity=scop, user=member)
    if change == "added":  # e.g. a coworking plan handed over between the preview and the confirmation
        _charge(place, scop, member, "plan", price="99.00")
    elif change == "price":
        Charge.objects.filter(pk=first.pk).update(unit_price=Decimal("11.00"))
    elif change == "withdrawn":
        first.delete()
    elif change == "invoiced":  # someone else invoiced them meanwhile
        services.invoice_create_from_charges(place=place, entity=scop, user=member, actor=admin, issue=True)
    else:
        services.billing_profile_save(place=place, user=member, actor=admin, name="Atelier Dupont SARL",
                                      is_organisation=True, siren="123456782", address="1 rue Haute",
                                      postal_code="42000", city="Saint-Étienne")  # fmt: skip
    before = _counts()
    with pytest.raises(Conflict) as refusal, translation.override("fr"):
        services.invoice_create_from_charges(
            place=place, entity=scop, user=member, actor=admin, issue=True, expected=preview.fingerprint
        )
    assert refusal.value.code == "preview_stale" and "rien n'a été facturé" in str(refusal.value.message)
    assert _counts() == before


def test_desk_sale_preview_writes_nothing_and_a_price_change_is_refused(place, scop, member, admin, product):
    before = _counts()
    preview = services.desk_sale_preview(place=place, user=member, product=product, quantity=Decimal("2"))
    assert _counts() == before
    assert _previewed(preview) == [(product.name, Decimal("2"), Decimal("15.00"), "20", Decimal("30.00"))]
    assert preview.total_incl_vat == Decimal("36.00")
    product.unit_price = Decimal("16.00")
    product.save()
    with pytest.raises(Conflict):
        services.desk_sale(place=place, user=member, actor=admin, product=product, quantity=Decimal("2"),
                           payment_method="cash", expected=preview.fingerprint)  # fmt: skip
    assert _counts() == before and not Payment.objects.exists()
    fresh = services.desk_sale_preview(place=place, user=member, product=product, quantity=Decimal("2"))
    invoice = services.desk_sale(place=place, user=member, actor=admin, product=product, quantity=Decimal("2"),
                                 payment_method="cash", expected=fresh.fingerprint)  # fmt: skip
    assert _lines(invoice) == _previewed(fresh) and services.invoice_due(invoice) == 0


# --- pages ---------------------------------------------------------------------------------------


def _token(response):
    return response.context["token"]


def test_invoice_now_page_previews_then_confirms(client, place, scop, member, host):
    _charge(place, scop, member, "a", price="10.00")
    _charge(place, scop, member, "b", price="4.50", rate="10")
    client.force_login(host)
    url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
    before = _counts()
    with translation.override("fr"):
        response = client.post(url, {"user": member.pk, "entity": scop.pk}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200 and _counts() == before
    page = response.content.decode()
    assert "Vérifiez la facture avant de l" in page and "Salle a" in page and "Salle b" in page
    assert 'table class="responsive"' in page and 'data-label="Description"' in page
    assert scop.name in page and member.display_name in page and "16,95" in page  # 10 + 2 + 4.50 + 0.45
    response = client.post(url, {"confirmation": _token(response)})
    invoice = Invoice.objects.get(user=member)
    assert response.status_code == 302 and response.url.endswith(f"/{invoice.pk}/")
    assert [ln.description for ln in invoice.lines.order_by("position")] == ["Salle a", "Salle b"]


def test_invoice_now_refuses_a_charge_added_after_the_preview_with_a_fresh_preview(client, place, scop, member, host):
    _charge(place, scop, member, "a")
    client.force_login(host)
    url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
    token = _token(client.post(url, {"user": member.pk, "entity": scop.pk}))
    _charge(place, scop, member, "formule", price="82.50")
    response = client.post(url, {"confirmation": token}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 409 and not Invoice.objects.exists()
    page = response.content.decode()
    assert "rien n'a été facturé" in page.replace("&#x27;", "'") and "Salle formule" in page
    response = client.post(url, {"confirmation": _token(response)})
    assert response.status_code == 302
    assert Invoice.objects.get().lines.count() == 2


def test_invoice_now_refuses_a_forged_or_other_place_confirmation(client, place, scop, member, host):
    _charge(place, scop, member, "a")
    client.force_login(host)
    url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
    token = _token(client.post(url, {"user": member.pk, "entity": scop.pk}))
    other = member_of(place)
    _charge(place, scop, other, "x")
    data = signing.loads(token, salt=SALT)
    forged = signing.dumps({**data, "user": other.pk}, salt="another salt")
    for bad in (token[:-2] + "xx", forged, signing.dumps({**data, "place": place.pk + 1}, salt=SALT)):
        response = client.post(url, {"confirmation": bad}, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 302 and not Invoice.objects.exists()
    # The same fingerprint cannot be moved to another member: their invoice is not what was previewed.
    response = client.post(url, {"confirmation": signing.dumps({**data, "user": other.pk}, salt=SALT)})
    assert response.status_code == 409 and not Invoice.objects.exists()


def test_desk_sale_page_previews_then_confirms(client, place, scop, member, host, product):
    client.force_login(host)
    url = reverse("billing:sale", kwargs={"place_slug": place.slug})
    before = _counts()
    response = client.post(url, {"member": member.pk, "product": product.pk, "quantity": "2",
                                 "payment_method": "cash"}, HTTP_ACCEPT_LANGUAGE="fr")  # fmt: skip
    assert response.status_code == 200 and _counts() == before and not Payment.objects.exists()
    page = response.content.decode()
    assert product.name in page and "Espèces · 36,00\u00a0€" in page and "36.00" not in page
    product.unit_price = Decimal("20.00")
    product.save()
    response = client.post(url, {"confirmation": _token(response)}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 409 and _counts() == before and "48,00" in response.content.decode()
    response = client.post(url, {"confirmation": _token(response)})
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and invoice.total_incl_vat == Decimal("48.00")
    assert services.invoice_due(invoice) == 0


def test_a_zero_invoice_now_is_issued_only_when_ticked_on_the_preview(client, place, scop, member, host):
    _charge(place, scop, member, "gratuit", price="0.00")
    client.force_login(host)
    url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
    preview = client.post(url, {"user": member.pk, "entity": scop.pk})
    assert 'name="zero"' in preview.content.decode()
    client.post(url, {"confirmation": _token(preview)})
    assert not Invoice.objects.exists()
    client.post(url, {"confirmation": _token(preview), "zero": "1"})
    assert Invoice.objects.get().total_incl_vat == 0
