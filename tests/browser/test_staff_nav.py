"""The staff navigation grouped by service: labelled groups, every link reachable with the keyboard, the
current page marked, axe-clean, and usable on a phone-sized screen."""

import pytest
from browser_helpers import assert_accessible, exact, html_lang, log_in, tr
from django.utils import translation
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser

GROUPS = ["Front desk", "Community", "Spaces & coworking", "Digital mediation", "Management"]
LINKS = ["Today", "Members", "Adhésions", "Bookings", "Spaces", "Check-in", "Plans", "Mediation", "Billing"]


def group_label(page, message: str) -> str:
    """A group's label as the page's language shows it (the labels carry a translation context)."""
    with translation.override(html_lang(page) or "fr"):
        return translation.pgettext("staff navigation group", message)


@pytest.fixture
def place_and_admin():
    place = PlaceFactory(name="Le Bocal", slug="le-bocal", services=["coworking", "mediation"])
    return place, member_of(place, Role.ADMIN, display_name="Alex Admin", email="admin@example.org")


def staff_nav(page):
    return page.get_by_role("navigation", name=tr(page, "Main menu")).get_by_role("list", name=tr(page, "Staff"))


def test_groups_keyboard_and_current_page(new_page, place_and_admin):
    place, user = place_and_admin
    page = new_page()
    log_in(page, email=user.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/")
    assert_accessible(page)
    nav = staff_nav(page)
    for message in GROUPS:
        group = nav.get_by_role("list", name=group_label(page, message))
        expect(group).to_be_visible()
    community = nav.get_by_role("list", name=group_label(page, "Community"))
    expect(community.get_by_role("link")).to_have_text([tr(page, "Members"), tr(page, "Adhésions")])
    expect(nav.get_by_role("link", name=exact(tr(page, "Today")))).to_have_attribute("aria-current", "page")

    # From the top of the page, Tab reaches the Members link; Enter opens it, which becomes the current page.
    page.locator("body").focus()
    members = nav.get_by_role("link", name=exact(tr(page, "Members")))
    for _ in range(25):
        page.keyboard.press("Tab")
        if members.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("the Members link is not reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/{place.slug}/gestion/membres/")
    assert_accessible(page)
    expect(members).to_have_attribute("aria-current", "page")
    expect(page.locator("[aria-current=page]")).to_have_count(1)


def test_phone_sized_screen(new_page, place_and_admin):
    place, user = place_and_admin
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    log_in(page, email=user.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    # On a phone the menu is folded behind one button: open it first.
    page.get_by_text(tr(page, "Menu"), exact=True).click()
    nav = staff_nav(page)
    for message in LINKS:
        link = nav.get_by_role("link", name=exact(tr(page, message)))
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360, message
