"""The demo place as its staff and members see it: every page of the navigation passes axe-core.

The navigation is read from the page, so the pages of each new service are checked as soon as it
adds them to the menu.
"""

import pytest
from browser_helpers import assert_accessible, log_in
from playwright.sync_api import expect

from comptoir.demo.loader import DEMO_PASSWORD, DEMO_SLUG, load_demo

pytestmark = pytest.mark.browser

MAX_PAGES = 30


def visit_navigation(page) -> list[str]:
    """Visit every link of the main navigation and the account pages, each checked with axe."""
    hrefs = page.locator("nav.main-nav a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    paths = list(dict.fromkeys([*hrefs, "/compte/profil/", "/compte/jetons/"]))
    assert len(paths) <= MAX_PAGES
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page)
    return paths


@pytest.fixture
def demo(transactional_db):
    return load_demo()


def test_demo_staff_pages(new_page, demo):
    page = new_page()
    log_in(page, email="accueil@demo.comptoir.example", password=DEMO_PASSWORD, next_url=f"/{DEMO_SLUG}/gestion/")
    assert page.url.endswith(f"/{DEMO_SLUG}/gestion/")
    assert_accessible(page)
    visited = visit_navigation(page)
    assert f"/{DEMO_SLUG}/gestion/membres/" in visited


def test_demo_member_pages(new_page, demo):
    page = new_page()
    log_in(page, email="membre@demo.comptoir.example", password=DEMO_PASSWORD, next_url=f"/{DEMO_SLUG}/moi/")
    assert page.url.endswith(f"/{DEMO_SLUG}/moi/")
    assert_accessible(page)
    visited = visit_navigation(page)
    assert not any("/gestion/" in path for path in visited), "a member is shown staff pages"
