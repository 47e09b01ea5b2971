"""The buyer's billing address: given by the member or staff, frozen on the invoice at issue, printed
on the PDF and carried in the Factur-X buyer postal address."""

import importlib
import io
from decimal import Decimal

import facturx
import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from comptoir.billing import services
from comptoir.billing.models import BillingProfile, Invoice
from comptoir.billing.services import LineIn
from comptoir.billing.services.documents import invoice_pdf_read
from comptoir.core.errors import ServiceError
from comptoir.people.tests.factories import PASSWORD

RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
LINE = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal("50.00"), vat_rate="20")
HOME = {"is_organisation": False, "address": "12 rue des Lilas\nBât. B", "postal_code": "42100",
        "city": "Saint-Étienne", "country": "FR"}  # fmt: skip


def _draft(place, scop, member, admin):
    return services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[LINE])


def _buyer_address_xml(pdf: bytes) -> dict:
    xml = etree.fromstring(facturx.get_xml_from_pdf(pdf, check_xsd=True)[1])
    buyer = xml.find(f".//{RAM}BuyerTradeParty")
    address = buyer.find(f"{RAM}PostalTradeAddress")
    return {child.tag.replace(RAM, ""): child.text for child in address}


def test_individual_address_is_frozen_at_issue_printed_and_in_facturx(place, scop, member, admin):
    draft = _draft(place, scop, member, admin)  # drafted before the member gave an address
    services.billing_profile_save(place=place, user=member, actor=member, **HOME)
    invoice = services.invoice_issue(invoice=draft, actor=admin)
    assert not invoice.buyer_is_organisation
    assert invoice.buyer_address == "12 rue des Lilas\nBât. B\n42100 Saint-Étienne"
    assert (invoice.buyer_postal_code, invoice.buyer_city, invoice.buyer_country) == ("42100", "Saint-Étienne", "FR")
    pdf = invoice_pdf_read(invoice=invoice)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "12 rue des Lilas" in text and "42100 Saint-Étienne" in text
    assert _buyer_address_xml(pdf) == {
        "PostcodeCode": "42100", "LineOne": "12 rue des Lilas Bât. B", "CityName": "Saint-Étienne", "CountryID": "FR",
    }  # fmt: skip
    # A later move changes the next invoices, never this one (and the database refuses the change).
    services.billing_profile_save(place=place, user=member, actor=member, **{**HOME, "postal_code": "69001",
                                                                             "city": "Lyon"})  # fmt: skip
    invoice.refresh_from_db()
    assert invoice.buyer_city == "Saint-Étienne"
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(buyer_city="Lyon")
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(buyer_street="ailleurs")
    assert services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin).buyer_city == "Lyon"
    # A credit note keeps its invoice's buyer.
    note = services.credit_note_create(invoice=invoice, actor=admin)
    assert (note.buyer_address, note.buyer_city) == (invoice.buyer_address, "Saint-Étienne")


def test_foreign_address_prints_its_country(place, scop, member, admin):
    services.billing_profile_save(place=place, user=member, actor=member,
                                  **{**HOME, "postal_code": "1000", "city": "Bruxelles", "country": "be"})  # fmt: skip
    invoice = services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin)
    assert invoice.buyer_address.endswith("1000 Bruxelles\nBE")
    assert _buyer_address_xml(invoice_pdf_read(invoice=invoice))["CountryID"] == "BE"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"postal_code": "4210"}, "postal_code"),
        ({"postal_code": ""}, "postal_code"),
        ({"city": ""}, "city"),
        ({"address": ""}, "address"),
        ({"country": "France"}, "country"),
        ({"is_organisation": True, "name": "Asso", "siren": "552081317", "address": "", "postal_code": "",
          "city": ""}, "address"),  # fmt: skip
    ],
)
def test_incomplete_or_wrong_address_is_refused_and_nothing_saved(place, member, changes, field):
    with pytest.raises(ServiceError) as error:
        services.billing_profile_save(place=place, user=member, actor=member, **{**HOME, **changes})
    assert error.value.field == field
    assert not BillingProfile.objects.exists()


def test_a_person_may_have_no_address_yet_and_the_portal_asks_for_it(client, place, scop, member, admin):
    services.billing_profile_save(place=place, user=member, actor=member, is_organisation=False)
    invoice = services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin)
    assert invoice.buyer_address == "" and invoice.buyer_name
    assert client.login(email=member.email, password=PASSWORD)
    mine = reverse("billing:mine", kwargs={"place_slug": place.slug})
    assert "billing:profile" not in (page := client.get(mine).content.decode())
    assert reverse("billing:profile", kwargs={"place_slug": place.slug}) in page and 'class="notice"' in page
    response = client.post(reverse("billing:profile", kwargs={"place_slug": place.slug}),
                           {**HOME, "is_organisation": ""})  # fmt: skip
    assert response.status_code == 302
    assert 'class="notice"' not in client.get(mine).content.decode()


def test_staff_edit_the_member_address_and_see_it_on_the_draft(client, place, scop, member, host):
    assert client.login(email=host.email, password=PASSWORD)
    url = reverse("billing:top_up", kwargs={"place_slug": place.slug, "user_id": member.pk})
    data = {"action": "profile", **{f"profile-{key}": value for key, value in HOME.items() if value}}
    assert client.post(url, {**data, "profile-postal_code": "ABC"}).status_code == 400  # refused, shown
    assert not BillingProfile.objects.exists()
    assert client.post(url, data).status_code == 302
    draft = _draft(place, scop, member, host)
    page = client.get(reverse("billing:invoice", kwargs={"place_slug": place.slug, "invoice_id": draft.pk}))
    assert "42100 Saint-Étienne" in page.content.decode()


def test_migration_splits_old_free_addresses():
    migration = importlib.import_module("comptoir.billing.migrations.0005_buyer_postal_address")
    assert migration._split_address("3 rue Neuve\n42000 Saint-Étienne") == ("3 rue Neuve", "42000", "Saint-Étienne")
    assert migration._split_address("3 rue Neuve, 42000 Saint-Étienne") == ("3 rue Neuve", "42000", "Saint-Étienne")
    assert migration._split_address("quelque part") == ("quelque part", "", "")
