"""The staff pages on a 360 px phone: tables reflow instead of scrolling sideways, the staff menu folds
into one disclosure button, and every page stays axe-clean.

``COMPTOIR_SCREENSHOTS=/some/dir``: save a full-page screenshot of each page visited (to look at them).
"""

import os
from pathlib import Path

import pytest
from browser_helpers import assert_accessible, log_in, tr
from playwright.sync_api import expect

from comptoir.demo.loader import DEMO_PASSWORD, DEMO_SLUG, load_demo

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
# The staff pages holding the tables a host and a mediator read every day.
HOST_PAGES = [
    "gestion/",
    "gestion/membres/",
    "gestion/adhesions/",
    "gestion/adhesions/cotisations/",
    "gestion/espaces/",
    "gestion/espaces/ressources/",
    "gestion/coworking/",
    "gestion/coworking/formules/",
    "gestion/facturation/",
    "gestion/facturation/paiements/",
    "gestion/facturation/a-facturer/",
    "gestion/facturation/impayes/",
    "gestion/facturation/produits/",
    "gestion/facturation/comptabilite/",
    "gestion/lieu/",
    "gestion/journal/",
]
MEDIATOR_PAGES = [
    "gestion/mediation/",
    "gestion/mediation/ateliers/",
    "gestion/mediation/seances/",
    "gestion/mediation/accompagnements/",
    "gestion/mediation/beneficiaires/",
    "gestion/mediation/rendez-vous/",
    "gestion/mediation/disponibilites/",
    "gestion/mediation/pass-numerique/",
    "gestion/mediation/bilan/",
]


@pytest.fixture
def demo(transactional_db):
    return load_demo()


def screenshot(page, name: str) -> None:
    folder = os.environ.get("COMPTOIR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def check_pages(page, paths: list[str]) -> None:
    """Every page answers 200, is axe-clean and no wider than the screen (all listed, not the first only)."""
    too_wide = []
    for path in paths:
        response = page.goto(f"/{DEMO_SLUG}/{path}")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        assert_accessible(page)
        screenshot(page, path.strip("/").replace("/", "_") or "home")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{path} ({width} px)")
    assert not too_wide, f"pages scrolling sideways at 360 px: {', '.join(too_wide)}"


def test_host_pages_fit_a_phone(new_page, demo):
    page = new_page(**PHONE)
    log_in(page, email="accueil@demo.comptoir.example", password=DEMO_PASSWORD, next_url=f"/{DEMO_SLUG}/gestion/")
    assert_accessible(page)
    check_pages(page, HOST_PAGES)


def test_mediator_pages_fit_a_phone(new_page, demo):
    page = new_page(**PHONE)
    log_in(page, email="mediation@demo.comptoir.example", password=DEMO_PASSWORD, next_url=f"/{DEMO_SLUG}/gestion/")
    assert_accessible(page)
    check_pages(page, MEDIATOR_PAGES)


def test_the_staff_menu_folds_on_a_phone(new_page, demo):
    """The header takes less than a third of the first screen; the menu opens with the keyboard."""
    page = new_page(**PHONE)
    log_in(page, email="accueil@demo.comptoir.example", password=DEMO_PASSWORD, next_url=f"/{DEMO_SLUG}/gestion/")
    assert_accessible(page)
    header = page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] <= 740 / 3, f"the header is {header and header['height']} px high"
    members = page.get_by_role("link", name=tr(page, "Members"), exact=True)
    expect(members).to_be_hidden()
    toggle = page.locator("details.menu > summary")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(members).to_be_visible()
    assert_accessible(page)
    screenshot(page, "menu_open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
