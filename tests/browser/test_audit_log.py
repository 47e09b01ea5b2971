"""The audit log on a 360 px phone and a desktop: words for people, axe-clean, no sideways scrolling,
dates on one line."""

import datetime as dt
import zoneinfo

import pytest
from browser_helpers import assert_accessible, log_in, tr
from playwright.sync_api import expect

from comptoir.audit.services import audit_record
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.services.bookings import booking_create
from comptoir.spaces.tests.factories import ResourceFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def place_and_admin():
    place = PlaceFactory(name="Le Bocal", slug="le-bocal", services=["coworking"])
    admin = member_of(place, Role.ADMIN, display_name="Alex Admin", email="admin@example.org")
    member = member_of(place, Role.COWORKER, display_name="Camille Membre")
    room = ResourceFactory(place=place, name="Salle Ardoise")
    start = dt.datetime(2027, 3, 1, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    booking_create(resource=room, person=member, start=start, end=start + dt.timedelta(hours=1), actor=admin,
                   as_staff=True)  # fmt: skip
    # A long unbroken value (an invoice's fingerprint) must not widen the page.
    audit_record(place=place, actor=admin, action="resource.updated", obj=room,
                 before={"description": ""}, after={"description": "f" * 64, "requires_approval": True})  # fmt: skip
    return place, admin


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 800}])
def test_the_log_reads_as_words_and_fits_the_screen(new_page, place_and_admin, viewport):
    place, admin = place_and_admin
    phone = viewport["width"] == 360
    page = new_page(viewport=viewport, is_mobile=phone, has_touch=phone)
    log_in(page, email=admin.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/journal/")
    assert_accessible(page)
    table = page.locator("table.audit-log")
    expect(table).to_contain_text("Réservation Salle Ardoise, lundi 1 mars 2027 10:00–11:00")
    expect(table).to_contain_text(tr(page, "Booking made"))
    expect(table).to_contain_text("Oui")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    for time in page.locator("table.audit-log time").all():
        assert time.evaluate("t => t.getClientRects().length") == 1, "a date wraps"
        box = time.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"]
    # Filtering by an action's label keeps only its entries.
    page.get_by_label(tr(page, "Action")).select_option(label=tr(page, "Booking made"))
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Filter")).click()
    assert_accessible(page)
    expect(page.locator("table.audit-log tbody tr")).to_have_count(1)
