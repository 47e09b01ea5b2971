import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.billing import services
from comptoir.billing.models import Invoice, Payment
from comptoir.billing.services import LineIn
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def _issue(place, entity, user, actor, price="100.00"):
    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal(price), vat_rate="20")
    draft = services.invoice_create(place=place, entity=entity, user=user, actor=actor, lines=[line])
    return services.invoice_issue(invoice=draft, actor=actor)


def test_member_sees_own_invoices_and_balance(client, place, scop, member, admin):
    mine = _issue(place, scop, member, admin)
    other = _issue(place, scop, member_of(place), admin)
    _login(client, member)
    response = client.get(reverse("billing:mine", kwargs={"place_slug": place.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert mine.number in body and "120" in body
    pdf_url = reverse("billing:invoice_pdf", kwargs={"place_slug": place.slug, "invoice_id": other.pk})
    assert client.get(pdf_url).status_code == 404
    response = client.get(f"/api/v1/places/{place.slug}/invoices")
    assert [row["number"] for row in response.json()["items"]] == [mine.number]
    assert client.get(f"/api/v1/places/{place.slug}/invoices/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/places/{place.slug}/balances/me").json()["owed"] == "120.00"
    assert client.get(f"/api/v1/places/{place.slug}/payments").status_code == 403


def test_member_downloads_pdf(client, place, scop, member, admin):
    invoice = _issue(place, scop, member, admin)
    _login(client, member)
    response = client.get(reverse("billing:invoice_pdf", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    import facturx

    response = client.get(f"/api/v1/places/{place.slug}/invoices/{invoice.pk}/pdf")
    assert response.status_code == 200
    assert facturx.get_xml_from_pdf(response.content, check_xsd=False)[0] == "factur-x.xml"


def test_staff_pages_and_payment(client, place, scop, member, host, product):
    invoice = _issue(place, scop, member, host)
    services.charge_sync_for_source(place=place, user=member, source_type="x", source_id=1,
                                    lines=[services.line_for_product(product=product, quantity=1)])  # fmt: skip
    _login(client, host)
    for name in ("invoices", "charges", "payments", "overdue", "products", "run"):
        assert client.get(reverse(f"billing:{name}", kwargs={"place_slug": place.slug})).status_code == 200, name
    detail = reverse("billing:invoice", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    assert invoice.number in client.get(detail).content.decode()
    pay = reverse("billing:invoice_pay", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    response = client.post(pay, {"method": "sepa", "amount": "120.00"})
    assert response.status_code == 400 and "mandat" in response.content.decode()
    assert not Payment.objects.exists()
    assert client.post(pay, {"method": "cheque", "amount": "120.00", "reference": "123"}).status_code == 302
    assert services.invoice_due(invoice) == 0
    preview = client.post(reverse("billing:charges_invoice", kwargs={"place_slug": place.slug}),
                          {"user": member.pk, "entity": scop.pk})  # fmt: skip
    assert preview.status_code == 200 and Invoice.objects.count() == 1  # a preview first, nothing issued
    response = client.post(reverse("billing:charges_invoice", kwargs={"place_slug": place.slug}),
                           {"confirmation": preview.context["token"]})  # fmt: skip
    assert response.status_code == 302 and Invoice.objects.count() == 2
    bad = client.post(reverse("billing:charges_invoice", kwargs={"place_slug": place.slug}),
                      {"user": "x", "entity": "abc"})  # fmt: skip
    assert bad.status_code == 404
    # hosts do not export the accounts
    assert client.get(reverse("billing:accounting", kwargs={"place_slug": place.slug})).status_code == 403


def test_api_records_payment_and_reports_errors(client, place, scop, member, host):
    invoice = _issue(place, scop, member, host)
    _login(client, host)
    url = f"/api/v1/places/{place.slug}/payments"
    response = client.post(url, {"user_id": member.pk, "method": "cash", "amount": "-3", "invoice_ids": [invoice.pk]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "detail" in response.json()
    response = client.post(url, {"user_id": member.pk, "method": "cash", "amount": "50", "invoice_ids": [invoice.pk]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201 and response.json()["invoices"] == [invoice.number]
    assert client.get(f"/api/v1/places/{place.slug}/balances/{member.pk}").json()["owed"] == "70.00"
    detail = client.get(f"/api/v1/places/{place.slug}/invoices/{invoice.pk}").json()
    assert detail["due_amount"] == "70.00" and detail["lines"][0]["vat_rate"] == "20"
    assert "/api/v1/places/{slug}/invoices" in client.get("/api/v1/openapi.json").json()["paths"]


def test_other_place_staff_sees_nothing(client, place, scop, member, admin):
    invoice = _issue(place, scop, member, admin)
    elsewhere = PlaceFactory()
    LegalEntityFactory(place=elsewhere)
    outsider = member_of(elsewhere, "admin")
    _login(client, outsider)
    for slug in (place.slug, elsewhere.slug):
        url = reverse("billing:invoice", kwargs={"place_slug": slug, "invoice_id": invoice.pk})
        assert client.get(url).status_code == 404
    pdf = reverse("billing:invoice_pdf", kwargs={"place_slug": elsewhere.slug, "invoice_id": invoice.pk})
    assert client.get(pdf).status_code == 404
    assert client.get(f"/api/v1/places/{place.slug}/invoices").status_code == 404
    assert client.get(f"/api/v1/places/{elsewhere.slug}/invoices/{invoice.pk}").status_code == 404
    assert client.get(f"/api/v1/places/{elsewhere.slug}/balances/{member.pk}").status_code == 404


@pytest.mark.parametrize("name", ["invoices", "payments", "overdue"])
def test_list_query_count_is_constant(client, place, scop, admin, name):
    def make(count):
        for _ in range(count):
            user = member_of(place)
            invoice = _issue(place, scop, user, admin, price="10.00")
            services.payment_record(place=place, user=user, method="cash", amount="5", actor=admin,
                                    invoices=[invoice], received_on=dt.date.today())  # fmt: skip

    _login(client, admin)
    url = reverse(f"billing:{name}", kwargs={"place_slug": place.slug})
    make(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_api_partial_credit_note(client, place, scop, member, host):
    invoice = _issue(place, scop, member, host)
    line = invoice.lines.get()
    _login(client, host)
    url = f"/api/v1/places/{place.slug}/invoices/{invoice.pk}/credit-notes"
    response = client.post(url, {"lines": {str(line.pk): "0.5"}, "reason": "Geste"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "COOP-AV-000001" and response.json()["total_incl_vat"] == "60.00"
    response = client.post(url, {"lines": {str(line.pk): "1"}}, content_type="application/json")
    assert response.status_code == 400
    client.logout()
    _login(client, member)
    assert client.post(url, {}, content_type="application/json").status_code == 403


def test_member_bills_their_organisation(client, place, scop, member, admin):
    _login(client, member)
    url = reverse("billing:profile", kwargs={"place_slug": place.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"is_organisation": "on", "name": "Atelier Lumière", "siren": "123"})
    assert response.status_code == 400  # invalid SIREN, shown on the form
    organisation = {"is_organisation": "on", "name": "Atelier Lumière", "siren": "552 081 317",
                    "address": "3 rue Neuve"}  # fmt: skip
    response = client.post(url, organisation)
    assert response.status_code == 400  # no postal code nor city: the address is incomplete
    response = client.post(url, {**organisation, "postal_code": "42000", "city": "Saint-Étienne"})
    assert response.status_code == 302
    invoice = _issue(place, scop, member, admin)
    assert invoice.buyer_name == "Atelier Lumière" and invoice.buyer_siren == "552081317"
    assert invoice.buyer_address == "3 rue Neuve\n42000 Saint-Étienne"


def test_charges_list_query_count_is_constant(client, place, scop, admin, product):
    def make(start, count):
        for n in range(start, start + count):
            services.charge_sync_for_source(place=place, user=member_of(place), source_type="x", source_id=n,
                                            lines=[services.line_for_product(product=product, quantity=1)])  # fmt: skip

    _login(client, admin)
    url = reverse("billing:charges", kwargs={"place_slug": place.slug})
    make(0, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(5, 45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_staff_tops_up_and_refunds_a_wallet(client, place, scop, member, host):
    _login(client, host)
    url = reverse("billing:top_up", kwargs={"place_slug": place.slug, "user_id": member.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "top_up", "entity": scop.pk, "method": "cash", "amount": "30"})
    assert response.status_code == 302
    assert services.wallet_balance(place=place, user=member, entity=scop) == Decimal("30.00")
    response = client.post(url, {"action": "refund", "refund-entity": scop.pk, "refund-method": "cash",
                                 "refund-amount": "50"})  # fmt: skip
    assert response.status_code == 400  # more than the wallet holds
    response = client.post(url, {"action": "refund", "refund-entity": scop.pk, "refund-method": "cash",
                                 "refund-amount": "30"})  # fmt: skip
    assert response.status_code == 302
    assert services.wallet_balance(place=place, user=member, entity=scop) == 0
    other = member_of(PlaceFactory())
    assert (
        client.get(reverse("billing:top_up", kwargs={"place_slug": place.slug, "user_id": other.pk})).status_code == 404
    )


def test_desk_sale(client, place, scop, member, host, product):
    _login(client, host)
    url = reverse("billing:sale", kwargs={"place_slug": place.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"member": member.pk, "product": product.pk, "quantity": "-2"})
    assert response.status_code == 400 and not Invoice.objects.exists()
    preview = client.post(url, {"member": member.pk, "product": product.pk, "quantity": "2",
                                "payment_method": "cash"})  # fmt: skip
    assert preview.status_code == 200 and not Invoice.objects.exists()  # a preview first, nothing issued
    response = client.post(url, {"confirmation": preview.context["token"]})
    assert response.status_code == 302
    invoice = Invoice.objects.get()
    assert invoice.total_incl_vat == Decimal("36.00") and services.invoice_due(invoice) == 0


def test_staff_partial_credit_note(client, place, scop, member, host):
    invoice = _issue(place, scop, member, host)
    line = invoice.lines.get()
    _login(client, host)
    detail = reverse("billing:invoice", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    assert f'name="qty-{line.pk}"' in client.get(detail).content.decode()
    url = reverse("billing:credit_note", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    client.post(url, {"partial": "1", f"qty-{line.pk}": "abc"})
    client.post(url, {"partial": "1", f"qty-{line.pk}": "2"})  # more than invoiced
    assert Invoice.objects.filter(kind="credit_note").count() == 0
    response = client.post(url, {"partial": "1", f"qty-{line.pk}": "0,25", "reason": "Geste commercial"})
    assert response.status_code == 302
    note = Invoice.objects.get(kind="credit_note")
    assert note.total_excl_vat == Decimal("25.00") and note.note == "Geste commercial"


def test_staff_creates_and_edits_products(client, place, scop, host, product):
    _login(client, host)
    url = reverse("billing:products", kwargs={"place_slug": place.slug})
    response = client.post(url, {"entity": scop.pk, "code": "salle", "name": "Salle", "kind": "service",
                                 "unit_price": "20.00", "vat_rate": "20", "is_active": "on"})  # fmt: skip
    assert response.status_code == 302
    edit = reverse("billing:product_edit", kwargs={"place_slug": place.slug, "product_id": product.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"entity": scop.pk, "code": product.code, "name": "Journée", "kind": "service",
                                  "unit_price": "16.00", "vat_rate": "10"})  # fmt: skip
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.unit_price, product.vat_rate, product.is_active) == (Decimal("16.00"), "10", False)
    response = client.post(edit, {"entity": scop.pk, "code": "salle", "name": "X", "kind": "service",
                                  "unit_price": "1", "vat_rate": "20"})  # fmt: skip
    assert response.status_code == 200 and "code" in response.content.decode()  # duplicate code refused
