"""Billing details: the entity recording Pass Numérique revenue, workshop VAT rates, re-pricing seats."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.billing.models import Charge, JournalEntry
from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation.models import VoucherClaim, Workshop
from comptoir.mediation.tests.factories import BookletFactory, SessionFactory, WorkshopFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(place):
    return LegalEntityFactory(place=place, is_primary=False, name="Association Les Amis", vat_exempt=True,
                              kind="association", siret="", rna="W423001234", vat_number="")  # fmt: skip


def _claimed(place, mediator):
    year = timezone.localdate().year
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    received = last_month if last_month.year == year else dt.date(year, 1, 1)
    BookletFactory(place=place, face_value=Decimal("10.00"), validity_year=received.year, count=5)
    for index in range(2):
        services.voucher_record(place=place, actor=mediator, code=f"PN-{index}", funder="Département de la Loire",
                                validity_year=received.year, received_on=received)  # fmt: skip
    (claim,) = services.voucher_claims_prepare(place=place, actor=mediator, month=received)
    return services.voucher_claim_mark(claim=claim, actor=mediator, status="claimed")


def test_claims_page_chooses_the_entity_of_the_revenue(client, place, entity, association, mediator):
    claim = _claimed(place, mediator)
    board = member_of(place, Role.BOARD)
    client.force_login(board)
    page = client.get(reverse("mediation:claims", kwargs={"place_slug": place.slug})).content.decode()
    assert f'id="entity-{claim.pk}"' in page and "Association Les Amis" in page
    mark = reverse("mediation:claim_mark", kwargs={"place_slug": place.slug, "claim_id": claim.pk})
    other = LegalEntityFactory(place=PlaceFactory())
    client.post(mark, {"status": "paid", "entity": other.pk})  # another place's entity: refused
    client.post(mark, {"status": "paid", "entity": "abc"})
    assert VoucherClaim.objects.get(pk=claim.pk).status == "claimed" and not JournalEntry.objects.exists()
    assert client.post(mark, {"status": "paid", "entity": association.pk}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.revenue_ref.endswith(f"-{association.pk}")
    entry = JournalEntry.objects.get()
    assert entry.entity == association


def test_one_entity_no_choice_shown(client, place, entity, mediator):
    claim = _claimed(place, mediator)
    client.force_login(member_of(place, Role.BOARD))
    page = client.get(reverse("mediation:claims", kwargs={"place_slug": place.slug})).content.decode()
    assert f'id="entity-{claim.pk}"' not in page
    mark = reverse("mediation:claim_mark", kwargs={"place_slug": place.slug, "claim_id": claim.pk})
    assert client.post(mark, {"status": "paid"}).status_code == 302
    assert JournalEntry.objects.get().entity == entity


def _charge(registration):
    return Charge.objects.get(source_type="mediation.registration", source_id=str(registration.pk))


@pytest.mark.parametrize(
    ("rate", "net"),
    [("20", "10.00"), ("10", "10.91"), ("5.5", "11.37"), ("2.1", "11.75"), ("0", "12.00"), ("exempt", "12.00")],
)
def test_workshop_vat_rates(place, entity, rate, net):
    workshop = WorkshopFactory(place=place, price_kind="paid", price=Decimal("12.00"), vat_rate=rate)
    member = member_of(place)
    registration = services.registration_create(session=SessionFactory(workshop=workshop), first_name="A",
                                                email="a@example.org", account=member)  # fmt: skip
    charge = _charge(registration)
    assert (charge.vat_rate, charge.unit_price) == (rate, Decimal(net))


def test_franchise_wins_over_the_workshop_rate(place, entity):
    entity.vat_exempt = True
    entity.save()
    workshop = WorkshopFactory(place=place, price_kind="paid", price=Decimal("12.00"), vat_rate="5.5")
    registration = services.registration_create(session=SessionFactory(workshop=workshop), first_name="A",
                                                email="a@example.org", account=member_of(place))  # fmt: skip
    assert _charge(registration).vat_rate == "exempt"


def _data(workshop, **changes):
    data = {name: getattr(workshop, name) for name in ("title", "description", "themes", "level", "audience",
            "duration_minutes", "capacity", "equipment_needed", "price_kind", "price", "vat_rate",
            "price_condition", "pass_numerique_accepted", "is_published")}  # fmt: skip
    data.update(changes)
    return data


def test_unknown_vat_rate_is_refused(place, entity, mediator):
    workshop = WorkshopFactory(place=place, price_kind="paid", price=Decimal("12.00"))
    with pytest.raises(ServiceError) as caught:
        services.workshop_update(workshop=workshop, actor=mediator, **_data(workshop, vat_rate="7"))
    assert caught.value.field == "vat_rate"
    assert Workshop.objects.get(pk=workshop.pk).vat_rate == "20"


def test_price_change_reprices_uninvoiced_seats_only(place, entity, mediator):
    from comptoir.billing.services import invoice_create_from_charges

    workshop = WorkshopFactory(place=place, price_kind="paid", price=Decimal("12.00"), capacity=5)
    session = SessionFactory(workshop=workshop)
    invoiced_member, member = member_of(place), member_of(place)
    invoiced = services.registration_create(session=session, first_name="A", email="a@example.org",
                                            account=invoiced_member)  # fmt: skip
    invoice_create_from_charges(place=place, entity=entity, user=invoiced_member, actor=mediator, issue=True)
    open_seat = services.registration_create(session=session, first_name="B", email="b@example.org", account=member)
    free_seat = services.registration_create(session=session, first_name="C", email="c@example.org")  # no account
    services.workshop_update(workshop=workshop, actor=mediator,
                             **_data(workshop, price=Decimal("15.00"), vat_rate="5.5"))  # fmt: skip
    assert (_charge(open_seat).unit_price, _charge(open_seat).vat_rate) == (Decimal("14.22"), "5.5")
    assert (_charge(invoiced).unit_price, _charge(invoiced).vat_rate) == (Decimal("10.00"), "20")  # untouched
    assert not Charge.objects.filter(source_id=str(free_seat.pk), source_type="mediation.registration").exists()
    entry = AuditEntry.objects.filter(action="mediation.workshop.repriced").get()
    assert entry.after["seats_repriced"] == [open_seat.pk]
    assert entry.after["seats_invoiced_unchanged"] == [invoiced.pk]
    # the workshop becomes free: the open charge is withdrawn, the invoiced one stays
    services.workshop_update(workshop=workshop, actor=mediator, **_data(workshop, price_kind="free", price=None))
    assert not Charge.objects.filter(source_id=str(open_seat.pk), source_type="mediation.registration").exists()
    assert _charge(invoiced).invoice_line_id is not None
    # an edit that keeps the price re-prices nothing
    workshop.refresh_from_db()
    services.workshop_update(workshop=workshop, actor=mediator, **_data(workshop, title="Nouveau titre"))
    assert AuditEntry.objects.filter(action="mediation.workshop.repriced").count() == 2


def test_workshop_form_offers_every_rate(client, place, mediator):
    client.force_login(mediator)
    page = client.get(reverse("mediation:workshop_new", kwargs={"place_slug": place.slug})).content.decode()
    for rate in ("20", "10", "5.5", "2.1", "0", "exempt"):
        assert f'value="{rate}"' in page
