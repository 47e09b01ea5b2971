"""The entrance kiosk on a tablet or phone: no way into the staff pages, axe-clean, and a plain "closed"
page (not a login form) once the session that opened it is gone."""

import os
from pathlib import Path

import pytest
from browser_helpers import assert_accessible, log_in, tr
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser


def screenshot(page, name: str) -> None:
    """``COMPTOIR_SCREENSHOTS=/some/dir``: keep what the page looked like, to look at it."""
    folder = os.environ.get("COMPTOIR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_kiosk_shows_no_staff_navigation_and_closes_plainly(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    kiosk = f"/{place.slug}/gestion/coworking/borne/"
    log_in(page, email=host.email, password=PASSWORD, next_url=kiosk)
    assert page.url.endswith(kiosk)
    assert_accessible(page)
    expect(page.get_by_role("navigation")).to_have_count(0)
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert not [href for href in hrefs if "/gestion/" in href or "/compte/" in href], hrefs
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "kiosk")

    with page.expect_response(lambda response: "q=Dom" in response.url):
        page.get_by_role("searchbox").press_sequentially("Dom", delay=50)
    button = page.get_by_role("button", name=tr(page, "Check in %(name)s") % {"name": "Dominique Dupont"})
    with page.expect_navigation():
        button.click()
    assert page.url.endswith(kiosk)
    assert_accessible(page)
    messages = page.locator("main > .messages")
    expect(messages).to_contain_text("Dominique Dupont")
    expect(messages).to_have_count(0, timeout=30_000)  # the confirmation goes away by itself

    # The host's session ends (expiry, log-out elsewhere): a reload shows the kiosk closed, no login form.
    page.context.clear_cookies()
    page.reload()
    assert page.url.endswith(kiosk)
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "The check-in kiosk is closed"))
    expect(page.locator("#id_password")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "kiosk_closed")
