"""Mediation ↔ billing: Pass Numérique claims become revenue; paid workshops become charges."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from comptoir.billing.models import Charge, ClosedPeriod, JournalEntry
from comptoir.billing.services.revenue import revenue_record
from comptoir.core.errors import ServiceError
from comptoir.mediation import services
from comptoir.mediation.models import Registration, VoucherClaim
from comptoir.mediation.tests.factories import BeneficiaryFactory, BookletFactory, SessionFactory, WorkshopFactory
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _claim(place, mediator, *, count=3, status="claimed"):
    year = timezone.localdate().year
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    received = last_month if last_month.year == year else dt.date(year, 1, 1)
    BookletFactory(place=place, face_value=Decimal("10.00"), validity_year=received.year, count=20)
    for index in range(count):
        services.voucher_record(
            place=place, actor=mediator, code=f"PN-{index}", funder="Département de la Loire",
            validity_year=received.year, received_on=received,
        )  # fmt: skip
    (claim,) = services.voucher_claims_prepare(place=place, actor=mediator, month=received)
    if status == "claimed":
        claim = services.voucher_claim_mark(claim=claim, actor=mediator, status="claimed")
    return claim


def _lines(entry):
    return {(line.account, line.debit, line.credit) for line in entry.lines.all()}


# (a) Pass Numérique claims → revenue


def test_paid_claim_records_revenue_once(place, entity, mediator):
    entity.vat_exempt = True
    entity.save()
    claim = _claim(place, mediator)
    claim = services.voucher_claim_mark(claim=claim, actor=mediator, status="paid")
    entries = JournalEntry.objects.filter(entity=entity, journal="BQ")
    assert entries.count() == 1
    entry = entries.get()
    assert claim.revenue_ref == f"BQ{entry.number}-{entity.pk}"
    assert _lines(entry) == {("512", Decimal("30.00"), Decimal("0")), ("706", Decimal("0"), Decimal("30.00"))}
    assert "Pass Numérique" in entry.label
    again = services.voucher_claim_mark(claim=claim, actor=mediator, status="paid")
    assert again.revenue_ref == claim.revenue_ref
    assert JournalEntry.objects.filter(entity=entity).count() == 1
    assert VoucherClaim.objects.get(pk=claim.pk).status == VoucherClaim.Status.PAID


def test_vat_registered_entity_collects_vat_and_chart_override(place, entity, mediator):
    from comptoir.billing.services import account_set

    account_set(place=place, entity=entity, role="services", number="7068", label="Médiation", actor=mediator)
    claim = services.voucher_claim_mark(claim=_claim(place, mediator), actor=mediator, status="paid")
    entry = JournalEntry.objects.get(entity=entity, journal="BQ")
    assert claim.revenue_ref
    assert _lines(entry) == {
        ("512", Decimal("30.00"), Decimal("0")),
        ("7068", Decimal("0"), Decimal("25.00")),
        ("44571", Decimal("0"), Decimal("5.00")),
    }


def test_closed_period_refuses_and_claim_stays_claimed(place, entity, mediator):
    claim = _claim(place, mediator)
    ClosedPeriod.objects.create(place=place, entity=entity, closed_until=timezone.localdate(timezone=place.tz))
    with pytest.raises(ServiceError) as error:
        services.voucher_claim_mark(claim=claim, actor=mediator, status="paid")
    assert error.value.code == "closed_period"
    assert timezone.localdate(timezone=place.tz).strftime("%d/%m/%Y") in str(error.value.message)
    claim.refresh_from_db()
    assert claim.status == VoucherClaim.Status.CLAIMED and claim.revenue_ref == "" and claim.paid_at is None
    assert not JournalEntry.objects.filter(entity=entity).exists()


def test_claim_of_a_place_without_legal_entity_is_paid_without_entry(place, mediator):
    claim = services.voucher_claim_mark(claim=_claim(place, mediator), actor=mediator, status="paid")
    assert claim.status == VoucherClaim.Status.PAID and claim.revenue_ref == ""
    assert not JournalEntry.objects.exists()


def test_claim_refuses_another_places_entity(place, entity, mediator):
    claim = _claim(place, mediator)
    other = LegalEntityFactory(place=PlaceFactory())
    with pytest.raises(ServiceError) as error:
        services.voucher_claim_mark(claim=claim, actor=mediator, status="paid", entity=other)
    assert error.value.code == "entity"
    assert VoucherClaim.objects.get(pk=claim.pk).status == VoucherClaim.Status.CLAIMED


def test_revenue_record_is_idempotent_and_checks_input(place, entity, mediator):
    first = revenue_record(place=place, entity=entity, amount=Decimal("12.00"), piece_ref="X1", label="x",
                           actor=mediator)  # fmt: skip
    second = revenue_record(place=place, entity=entity, amount=Decimal("12.00"), piece_ref="X1", label="x",
                            actor=mediator)  # fmt: skip
    assert first.pk == second.pk
    for bad in (Decimal("0"), Decimal("-1"), Decimal("1.001")):
        with pytest.raises(ServiceError):
            revenue_record(place=place, entity=entity, amount=bad, piece_ref="X2", label="x", actor=mediator)
    other = LegalEntityFactory(place=PlaceFactory())
    with pytest.raises(ServiceError):
        revenue_record(place=place, entity=other, amount=Decimal("1"), piece_ref="X3", label="x", actor=mediator)
    assert JournalEntry.objects.filter(entity=entity).count() == 1


# (b) Paid workshops → charges


@pytest.fixture
def paid_session(place, entity):
    workshop = WorkshopFactory(place=place, price_kind="paid", price=Decimal("12.00"), capacity=1,
                               pass_numerique_accepted=True)  # fmt: skip
    return SessionFactory(workshop=workshop)


def _charges(registration):
    return Charge.objects.filter(source_type="mediation.registration", source_id=str(registration.pk))


def test_member_registering_themselves_is_charged_and_cancel_withdraws(place, paid_session):
    member = member_of(place, email="ana@example.org")
    registration = services.registration_create(
        session=paid_session, first_name="Ana", email="ANA@example.org", actor=member
    )
    charge = _charges(registration).get()
    assert charge.user == member and charge.quantity == 1
    assert charge.unit_price == Decimal("10.00") and charge.vat_rate == "20"  # 12 € incl. VAT
    # idempotent: syncing again changes nothing
    from comptoir.mediation.services.registration_charges import registration_charge_sync

    result = registration_charge_sync.in_transaction(registration=registration, actor=member)
    assert result.unchanged and not result.created and _charges(registration).count() == 1
    services.registration_cancel(registration=registration, actor=member)
    assert not _charges(registration).exists()


def test_no_charge_without_account_or_membership(place, paid_session, mediator):
    paid_session.capacity = 5
    paid_session.save()
    desk = services.registration_create(session=paid_session, first_name="Bob", phone="0612345678", actor=mediator)
    public = services.registration_create(session=paid_session, first_name="Cy", email="cy@example.org")
    outsider = UserFactory(email="dee@example.org")  # an account, but not a member of the place
    stranger = services.registration_create(session=paid_session, first_name="Dee", email="dee@example.org",
                                            actor=outsider)  # fmt: skip
    # someone typing a member's e-mail does not charge the member
    member_of(place, email="eve@example.org")
    typed = services.registration_create(session=paid_session, first_name="Eve", email="eve@example.org")
    for registration in (desk, public, stranger, typed):
        assert not _charges(registration).exists()


def test_free_workshop_not_charged(place, entity):
    session = SessionFactory(workshop=WorkshopFactory(place=place))
    member = member_of(place)
    registration = services.registration_create(session=session, first_name="Ana", email="x@example.org",
                                                account=member)  # fmt: skip
    assert not _charges(registration).exists()


def test_voucher_paid_registration_is_not_charged(place, paid_session, mediator):
    member = member_of(place)
    registration = services.registration_create(session=paid_session, first_name="Ana", email="a@example.org",
                                                account=member)  # fmt: skip
    assert _charges(registration).exists()
    BookletFactory(place=place)
    services.voucher_record(place=place, actor=mediator, code="PN-9", funder="Département de la Loire",
                            validity_year=timezone.localdate().year, registration=registration)  # fmt: skip
    assert not _charges(registration).exists()
    from comptoir.mediation.services.registration_charges import registration_charge_sync

    assert registration_charge_sync.in_transaction(registration=registration, actor=mediator) is None


def test_waiting_list_charged_on_promotion_only(place, paid_session):
    first, second = member_of(place), member_of(place)
    a = services.registration_create(session=paid_session, first_name="A", email="a@example.org", account=first)
    b = services.registration_create(session=paid_session, first_name="B", email="b@example.org", account=second)
    assert b.status == Registration.Status.WAITING and not _charges(b).exists()
    services.registration_cancel(registration=a)
    assert not _charges(a).exists()
    charge = _charges(b).get()
    assert charge.user == second


def test_invoiced_charge_is_not_changed_by_cancellation(place, entity, paid_session, mediator):
    from comptoir.billing.services import invoice_create_from_charges

    member = member_of(place)
    registration = services.registration_create(session=paid_session, first_name="A", email="a@example.org",
                                                account=member)  # fmt: skip
    invoice = invoice_create_from_charges(place=place, entity=entity, user=member, actor=mediator, issue=True)
    assert invoice.total_incl_vat == Decimal("12.00")
    services.registration_cancel(registration=registration, actor=mediator)
    charge = _charges(registration).get()
    assert charge.invoice_line_id is not None


def test_session_cancel_withdraws_charges(place, paid_session, mediator):
    member = member_of(place)
    registration = services.registration_create(session=paid_session, first_name="A", email="a@example.org",
                                                account=member)  # fmt: skip
    services.session_cancel(session=paid_session, actor=mediator)
    assert not _charges(registration).exists()


def test_franchise_entity_charges_the_price_exempt(place, entity, paid_session):
    entity.vat_exempt = True
    entity.save()
    member = member_of(place)
    registration = services.registration_create(session=paid_session, first_name="A", email="a@example.org",
                                                account=member)  # fmt: skip
    charge = _charges(registration).get()
    assert charge.unit_price == Decimal("12.00") and charge.vat_rate == "exempt"


def test_moved_session_updates_the_uninvoiced_charge(place, paid_session, mediator):
    member = member_of(place)
    registration = services.registration_create(
        session=paid_session, first_name="A", email="a@example.org", account=member
    )
    new_start = paid_session.starts_at + dt.timedelta(days=7)
    services.session_move(session=paid_session, actor=mediator, starts_at=new_start)
    charge = _charges(registration).get()
    assert charge.service_date == timezone.localtime(new_start, place.tz).date()
    assert charge.service_date.strftime("%d/%m/%Y") in charge.description


def test_voucher_revenue_appears_in_the_fec(place, entity, mediator):
    from comptoir.billing.exports import fec_export

    services.voucher_claim_mark(claim=_claim(place, mediator), actor=mediator, status="paid")
    today = timezone.localdate(timezone=place.tz)
    name, content = fec_export(place=place, entity=entity, start=today.replace(month=1, day=1), end=today)
    text = content.decode("iso-8859-15")
    assert name.startswith(entity.siren) and "\t512\t" in text and "\t706\t" in text and "Pass Num" in text


def test_signed_in_member_registering_on_the_public_page_is_charged(client, place, paid_session):
    from django.urls import reverse

    member = member_of(place, email="lea@example.org")
    client.force_login(member)
    url = reverse("mediation:register", kwargs={"place_slug": place.slug, "session_id": paid_session.pk})
    response = client.post(url, {"first_name": "Léa", "email": "lea@example.org", "phone": ""})
    assert response.status_code == 200
    registration = paid_session.registrations.get()
    assert registration.account == member
    assert _charges(registration).get().user == member


def test_erasure_forgets_the_account_of_a_registration(place, paid_session, mediator):
    member = member_of(place, email="ana@example.org")
    registration = services.registration_create(
        session=paid_session, first_name="Ana", email="ana@example.org", actor=member
    )
    assert registration.account == member
    beneficiary = BeneficiaryFactory(place=place, email="ana@example.org")
    services.beneficiary_erase(beneficiary=beneficiary, actor=mediator)
    registration.refresh_from_db()
    assert registration.account is None and registration.email == ""


def test_two_seats_on_one_invoice_cost_exactly_the_two_prices(place, entity, mediator):
    """25 € incl. VAT at 20 % has no exact net in cents: the charge keeps the price paid, so an invoice
    gathering two seats costs 50.00 €, not 49.99 €."""
    from comptoir.billing.services import invoice_create_from_charges

    workshop = WorkshopFactory(place=place, price_kind="paid", price=Decimal("25.00"), capacity=5)
    member = member_of(place)
    for session in (SessionFactory(workshop=workshop), SessionFactory(workshop=workshop)):
        services.registration_create(session=session, first_name="A", email="a@example.org", account=member)
    assert {c.price_incl_vat for c in Charge.objects.filter(source_type="mediation.registration")} == {Decimal("25.00")}
    invoice = invoice_create_from_charges(place=place, entity=entity, user=member, actor=mediator, issue=True)
    assert invoice.total_incl_vat == Decimal("50.00")
