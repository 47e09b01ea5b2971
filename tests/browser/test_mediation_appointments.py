"""Digital mediation, appointments: a person takes a time of a mediator's weekly availability on a phone and
cancels it with the link of their messages; staff add the weekly availability, see the day's appointments,
and choose the legal entity of a Pass Numérique payment. axe finds nothing on any of these pages."""

import datetime as dt
from decimal import Decimal

import pytest
from browser_helpers import assert_accessible, html_lang, log_in, tr
from django.utils import timezone, translation
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.mediation import availability, services
from comptoir.mediation.models import Appointment, AvailabilityRule
from comptoir.mediation.tests.factories import BookletFactory, SessionFactory
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def test_person_takes_a_weekly_time_and_cancels_it(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal", phone="04 77 00 00 00")
    mediator = member_of(place, Role.MEDIATOR, display_name="Sacha Médiatrice")
    services.availability_rule_create(
        place=place, mediator=mediator, actor=mediator, weekday=2, start_time=dt.time(10), end_time=dt.time(12),
        slot_minutes=30,
    )  # fmt: skip
    SessionFactory(workshop__place=place, starts_at=timezone.now() + dt.timedelta(days=4))
    page = new_page(**PHONE)
    page.goto(f"/{place.slug}/aide-numerique/")
    assert_accessible(page)
    expect(page.locator("#workshops-feed")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=tr(page, "Take an appointment with a mediator")).click()
    assert_accessible(page)
    first = availability.free_slots(place=place)[0]
    with page.expect_navigation():
        page.locator("#appointment-slots a.button").first.click()
    assert page.url.endswith(f"/creneau/{first.key}/")
    assert_accessible(page)
    page.get_by_label(tr(page, "Your first name")).fill("Ana")
    page.get_by_role("textbox", name=tr(page, "Or your e-mail address")).fill("ana@example.org")
    with page.expect_navigation():
        page.locator("#appointment-form button[type=submit]").click()
    assert_accessible(page)
    appointment = Appointment.objects.get()
    assert appointment.status == Appointment.Status.BOOKED and appointment.rule_id is not None

    token = services.appointment_cancel_token(appointment)
    page.goto(f"/{place.slug}/aide-numerique/rendez-vous/annuler/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "My appointment"))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Yes, cancel my appointment")).click()
    expect(page.get_by_role("status")).to_contain_text(
        tr(page, "Your appointment is cancelled. Thank you for telling us: someone else can take this time.")
    )
    assert_accessible(page)
    assert Appointment.objects.get().status == Appointment.Status.CANCELLED


def test_staff_weekly_availability_appointments_and_claims(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    LegalEntityFactory(place=place)
    LegalEntityFactory(place=place, is_primary=False, name="Association du Bocal", vat_exempt=True,
                       kind="association", siret="", rna="W423001234", vat_number="")  # fmt: skip
    mediator = member_of(place, Role.MEDIATOR, display_name="Sacha Médiatrice", email="sacha@example.org")
    page = new_page()
    log_in(page, email=mediator.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/mediation/disponibilites/")
    assert_accessible(page)
    form = page.locator("#availability-form")
    with translation.override(html_lang(page) or "fr"):
        wednesday = str(translation.pgettext("weekday choice", "Wednesday"))
    form.get_by_label(tr(page, "Every")).select_option(label=wednesday)
    form.get_by_label(tr(page, "From"), exact=True).fill("14:00")
    form.get_by_label(tr(page, "To"), exact=True).fill("16:00")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert_accessible(page)
    expect(page.locator("#availability-table")).to_contain_text("14:00–16:00")
    assert AvailabilityRule.objects.get().slot_minutes == 30

    (slot,) = services.appointment_slots_create(
        place=place, mediator=mediator, actor=mediator, first_start=timezone.now() + dt.timedelta(hours=1)
    )
    services.appointment_take(appointment=slot, first_name="Bob", phone="06 12 34 56 78")
    page.goto(f"/{place.slug}/gestion/mediation/rendez-vous/")
    expect(page.locator("#appointments-table")).to_contain_text("Bob")
    assert_accessible(page)

    year = timezone.localdate().year
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    received = last_month if last_month.year == year else dt.date(year, 1, 1)
    BookletFactory(place=place, face_value=Decimal("10.00"), validity_year=received.year)
    services.voucher_record(place=place, actor=mediator, code="PN-1", funder="Département de la Loire",
                            validity_year=received.year, received_on=received)  # fmt: skip
    (claim,) = services.voucher_claims_prepare(place=place, actor=mediator, month=received)
    services.voucher_claim_mark(claim=claim, actor=mediator, status="claimed")
    board = member_of(place, Role.BOARD, email="board@example.org")
    page.context.clear_cookies()
    log_in(
        page,
        email=board.email,
        password=PASSWORD,
        next_url=f"/{place.slug}/gestion/mediation/pass-numerique/remboursements/",
    )
    assert_accessible(page)
    page.get_by_label(tr(page, "Revenue recorded by")).select_option(label="Association du Bocal")
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Mark as paid")).click()
    assert_accessible(page)
    claim.refresh_from_db()
    assert claim.status == "paid"
