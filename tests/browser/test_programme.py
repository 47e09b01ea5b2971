"""The programme on a 360 px phone, keyboard only: the public agenda, an event page, registering a family
without an account, the self-service page with its QR code; then the staff pages and the door. Every
page is axe-clean and no wider than the screen."""

import pytest
from browser_helpers import assert_accessible, log_in

from comptoir.demo.loader import DEMO_PASSWORD, DEMO_SLUG, load_demo
from comptoir.programme.models import Registration, Session

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def demo(transactional_db):
    return load_demo()


def fits(page) -> None:
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways at 360 px ({width} px)"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus, as someone using the keyboard alone."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_a_family_registers_without_an_account_on_a_phone_with_the_keyboard(new_page, demo):
    session = Session.objects.filter(activity__title="Goûter de code").order_by("starts_at").last()
    page = new_page(**PHONE)
    page.goto(f"/{DEMO_SLUG}/agenda/")
    fits(page)
    tab_to(page, f"a[href$='/agenda/{session.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fits(page)
    assert page.locator("h2#register-title").inner_text() == "S'inscrire"
    tab_to(page, "#id_first_name")
    page.keyboard.type("Inès")
    tab_to(page, "#id_email")
    page.keyboard.type("ines.b@example.org")
    tab_to(page, "#id_seats")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    tab_to(page, "#id_child_first_name")
    page.keyboard.type("Noé")
    tab_to(page, "#id_child_age")
    page.keyboard.type("9")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fits(page)
    registration = Registration.objects.get(email="ines.b@example.org")
    assert (registration.seats, registration.child_age, registration.state) == (3, 9, "confirmed")
    tab_to(page, f"a[href$='/agenda/inscription/{registration.token}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fits(page)
    assert page.locator("figure.door-qr svg").count() == 1


def test_staff_pages_and_the_door_fit_a_phone(new_page, demo):
    registration = Registration.objects.filter(session__activity__title="Goûter de code").first()
    session = registration.session
    page = new_page(**PHONE)
    log_in(page, email="accueil@demo.comptoir.example", password=DEMO_PASSWORD,
           next_url=f"/{DEMO_SLUG}/gestion/programme/")  # fmt: skip
    fits(page)
    for path in (
        f"gestion/programme/activites/{session.activity_id}/",
        f"gestion/programme/activites/{session.activity_id}/modifier/",
        f"gestion/programme/activites/{session.activity_id}/seances/",
        f"gestion/programme/seances/{session.pk}/presences/",
        f"gestion/programme/seances/{session.pk}/annuler/",
        f"gestion/programme/porte/{registration.qr_token}/",
    ):
        response = page.goto(f"/{DEMO_SLUG}/{path}")
        assert response is not None and response.status == 200, path
        fits(page)
