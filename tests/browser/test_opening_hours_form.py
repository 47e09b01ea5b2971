"""Opening hours day by day on a 360 px phone: one fieldset per day, keyboard-operable, axe-clean; the
OpenStreetMap syntax stays one click away and opens by itself for rules the days cannot show."""

import pytest
from browser_helpers import assert_accessible, log_in
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser


def test_a_host_sets_the_week_day_by_day_on_a_phone(new_page):
    place = PlaceFactory(slug="le-bocal", name="Le Bocal", opening_hours="Mo-Fr 09:00-18:00")
    admin = member_of(place, Role.ADMIN, email="admin@example.org")
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    log_in(page, email=admin.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/lieu/")
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 360px screen"

    monday = page.get_by_role("group", name="Lundi")
    expect(monday.get_by_label("Lundi, première plage, de")).to_have_value("09:00")
    expect(page.get_by_role("group", name="Samedi").get_by_label("Fermé")).to_be_checked()
    expect(page.locator("details.hours-advanced")).not_to_have_attribute("open", "")

    # Saturday: untick "Fermé" with the keyboard, then Tab reaches its first range.
    saturday_closed = page.get_by_role("group", name="Samedi").get_by_label("Fermé")
    saturday_closed.focus()
    page.keyboard.press("Space")
    expect(saturday_closed).not_to_be_checked()
    page.keyboard.press("Tab")
    start = page.get_by_label("Samedi, première plage, de")
    expect(start).to_be_focused()
    start.fill("10:00")
    page.get_by_label("Samedi, à").first.fill("13:00")
    page.get_by_label("Lundi, seconde plage (facultative), puis de").fill("14:00")
    page.get_by_label("Lundi, à").nth(1).fill("18:00")
    page.get_by_label("Lundi, à").first.fill("12:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    place.refresh_from_db()
    assert place.opening_hours == "Mo 09:00-12:00,14:00-18:00; Tu-Fr 09:00-18:00; Sa 10:00-13:00"


def test_rules_the_days_cannot_show_open_in_the_syntax(new_page):
    place = PlaceFactory(slug="le-bocal", name="Le Bocal", opening_hours="Mo-Fr 09:00-18:00; PH off")
    admin = member_of(place, Role.ADMIN, email="admin@example.org")
    page = new_page()
    log_in(page, email=admin.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/lieu/")
    expect(page.locator("details.hours-advanced")).to_have_attribute("open", "")
    expect(page.get_by_label("Horaires dans la syntaxe OpenStreetMap")).to_have_value("Mo-Fr 09:00-18:00; PH off")
    expect(page.get_by_text("jours fériés").first).to_be_visible()
    assert_accessible(page)
