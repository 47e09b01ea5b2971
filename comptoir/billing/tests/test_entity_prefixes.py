"""Two legal entities of one place never print the same invoice number: each numbers with its own prefix."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from comptoir.billing import services
from comptoir.billing.services import LineIn
from comptoir.core.errors import Conflict
from comptoir.people.tests.factories import PASSWORD
from comptoir.places import services as places_services
from comptoir.places.models import LegalEntity
from comptoir.places.tests.factories import LegalEntityFactory, association_of


def _issue(place, entity, user, actor):
    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal("10.00"), vat_rate="20")
    draft = services.invoice_create(place=place, entity=entity, user=user, actor=actor, lines=[line])
    return services.invoice_issue(invoice=draft, actor=actor)


def test_two_entities_of_a_place_number_with_their_own_prefix(client, place, scop, member, admin):
    asso = association_of(place)
    from_scop, from_asso = _issue(place, scop, member, admin), _issue(place, asso, member, admin)
    assert (from_scop.number, from_asso.number) == ("COOP-F-000001", "ASSO-F-000001")
    credit = services.credit_note_create(invoice=from_asso, actor=admin)
    assert credit.number == "ASSO-AV-000001"
    # The staff list, the member's page and the API say which entity issued each number.
    assert client.login(email=admin.email, password=PASSWORD)
    staff = client.get(reverse("billing:invoices", kwargs={"place_slug": place.slug})).content.decode()
    for invoice, entity in ((from_scop, scop), (from_asso, asso)):
        row = staff[staff.index(invoice.number):]
        assert entity.name in row[: row.index("</tr>")]
    rows = client.get(f"/api/v1/places/{place.slug}/invoices").json()["items"]
    by_number = {row["number"]: row for row in rows}
    assert by_number["COOP-F-000001"]["entity"] == scop.name and by_number["COOP-F-000001"]["entity_id"] == scop.pk
    assert by_number["ASSO-F-000001"]["entity"] == asso.name and by_number["ASSO-F-000001"]["entity_id"] == asso.pk
    assert client.login(email=member.email, password=PASSWORD)
    mine = client.get(reverse("billing:mine", kwargs={"place_slug": place.slug})).content.decode()
    assert "COOP-F-000001" in mine and "ASSO-F-000001" in mine and asso.name in mine and scop.name in mine


def test_overdue_and_wallet_lists_name_the_entity(client, place, scop, member, admin):
    import datetime as dt

    asso = association_of(place)
    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal("10.00"), vat_rate="20")
    for entity in (scop, asso):
        draft = services.invoice_create(place=place, entity=entity, user=member, actor=admin, lines=[line])
        with transaction.atomic():
            services.invoice_issue.in_transaction(
                invoice=draft, actor=admin, issue_date=dt.date.today() - dt.timedelta(days=60)
            )
    assert client.login(email=admin.email, password=PASSWORD)
    for url in (
        reverse("billing:overdue", kwargs={"place_slug": place.slug}),
        reverse("billing:top_up", kwargs={"place_slug": place.slug, "user_id": member.pk}),
    ):
        page = client.get(url).content.decode()
        for number, entity in (("COOP-F-000001", scop), ("ASSO-F-000001", asso)):
            row = page[page.index(number):]
            assert entity.name in row[: row.index("</tr>")], url


def test_a_new_entity_gets_a_distinct_prefix_that_can_be_changed(place, admin):
    asso = places_services.legal_entity_save(
        place=place, actor=admin, kind="association", name="Asso", legal_form="Loi 1901", rna="W423000000"
    )
    scop = places_services.legal_entity_save(
        place=place, actor=admin, kind="cooperative", name="Scop", legal_form="SCOP SARL", siret="55208131766522"
    )
    assert (asso.invoice_prefix, scop.invoice_prefix) == ("ASSO", "COOP")
    asso = places_services.legal_entity_save(place=place, actor=admin, entity=asso, invoice_prefix=" ac2 ")
    assert asso.invoice_prefix == "AC2"
    with pytest.raises(Conflict) as refused:
        places_services.legal_entity_save(place=place, actor=admin, entity=scop, invoice_prefix="AC2")
    assert refused.value.field == "invoice_prefix"


def test_the_database_refuses_two_entities_with_one_prefix(place):
    LegalEntityFactory(place=place, invoice_prefix="LIEU")
    with pytest.raises(IntegrityError), transaction.atomic():
        association_of(place, invoice_prefix="LIEU")
    with pytest.raises(IntegrityError), transaction.atomic():
        association_of(place, invoice_prefix="")


def test_a_changed_prefix_applies_to_new_numbers_and_the_sequence_goes_on(place, scop, member, admin):
    first = _issue(place, scop, member, admin)
    places_services.legal_entity_save(place=place, actor=admin, entity=scop, invoice_prefix="SCOP")
    scop.refresh_from_db()
    second = _issue(place, scop, member, admin)
    first.refresh_from_db()
    assert (first.number, second.number) == ("COOP-F-000001", "SCOP-F-000002")
    assert LegalEntity.objects.get(pk=scop.pk).invoice_prefix == "SCOP"
