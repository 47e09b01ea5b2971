"""Digital mediation: a person without an account registers for a workshop from a phone with the keyboard
only; a mediator records three accompaniments in one go with the quick-entry form."""

import datetime as dt
import re

import pytest
from browser_helpers import assert_accessible, exact, html_lang, log_in, tr
from django.utils import timezone, translation
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.mediation.models import Accompaniment, Beneficiary, Registration
from comptoir.mediation.tests.factories import BeneficiaryFactory, SessionFactory
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
MAX_TABS = 80


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a 360px screen"


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, max_tabs: int = MAX_TABS) -> int:
    """Press Tab until ``locator`` has the focus; every stop on the way is visible and shows the focus."""
    for count in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const box = el.getBoundingClientRect();
                const style = getComputedStyle(el);
                return {tag: el.tagName, text: (el.innerText || el.value || el.name || '').slice(0, 60),
                        visible: box.width > 0 && box.height > 0,
                        indicated: el.matches(':focus-visible')
                            && (style.outlineStyle !== 'none' || style.boxShadow !== 'none')};
            }"""
        )
        assert stop is not None, f"the focus was lost after {count} Tab presses on {page.url}"
        assert stop["visible"], f"Tab stop {count} on {page.url} is not visible: {stop}"
        assert stop["indicated"], f"Tab stop {count} on {page.url} shows no focus indicator: {stop}"
        if is_focused(locator):
            return count
    raise AssertionError(f"{locator} not reached with {max_tabs} Tab presses on {page.url}")


def test_person_without_account_registers_with_the_keyboard_on_a_phone(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal", phone="04 77 00 00 00")
    session = SessionFactory(
        workshop__place=place,
        workshop__title="Débuter avec sa tablette",
        capacity=8,
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    page = new_page(**PHONE)
    page.goto(f"/{place.slug}/aide-numerique/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Get help with digital tools"))
    assert_accessible(page)
    assert_fits_the_screen(page)

    # Skip the header with the skip link, then Tab to the workshop's "Register" link.
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    assert_accessible(page)
    register = page.get_by_role("link", name=tr(page, "Register")).filter(has_text=session.workshop.title)
    tab_to(page, register)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/{place.slug}/aide-numerique/ateliers/{session.pk}/inscription/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(session.workshop.title)
    assert_accessible(page)
    assert_fits_the_screen(page)

    # A first try with the first name only: the form tells what is missing, on the field, and keeps the name.
    first_name = page.get_by_label(tr(page, "Your first name"))
    tab_to(page, first_name)
    page.keyboard.type("Ana")
    submit = page.get_by_role("button", name=exact(tr(page, "Register")))
    tab_to(page, submit, max_tabs=5)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    email = page.get_by_role("textbox", name=tr(page, "Or your e-mail address"))
    expect(email).to_have_attribute("aria-invalid", "true")
    missing = tr(page, "Give a phone number or an e-mail address, so we can reach you.")
    expect(email).to_have_accessible_description(re.compile(re.escape(missing)))
    expect(first_name).to_have_value("Ana")
    assert_accessible(page)
    assert not Registration.objects.exists()

    # Then the phone number typed in, and Enter on the button.
    phone = page.get_by_role("textbox", name=tr(page, "Your phone number"))
    tab_to(page, phone)
    page.keyboard.type("06 12 34 56 78")
    tab_to(page, submit, max_tabs=5)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "You are registered"))
    expect(page.locator("main")).to_contain_text("Ana")
    assert_accessible(page)

    registration = Registration.objects.get()
    assert (registration.session, registration.first_name) == (session, "Ana")
    assert registration.status == Registration.Status.CONFIRMED and registration.phone
    assert_fits_the_screen(page)

    # The cancel link of the confirmation is reachable with the keyboard too.
    cancel = page.get_by_role("link", name=tr(page, "Cancel my registration"))
    tab_to(page, cancel)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "My registration"))
    assert_accessible(page)


def test_mediator_records_three_accompaniments_quickly(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    mediator = member_of(place, Role.MEDIATOR, display_name="Sacha Médiatrice", email="sacha@example.org")
    known = BeneficiaryFactory(place=place, first_name="Bernadette", commune="Saint-Étienne")

    page = new_page()
    log_in(page, email=mediator.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/mediation/saisie/")
    assert page.url.endswith(f"/{place.slug}/gestion/mediation/saisie/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Record accompaniments"))
    assert_accessible(page)

    def line(number: int):
        return page.get_by_role("group", name=exact(tr(page, "Person %(n)s") % {"n": number}))

    def theme(group, label: str):
        return group.get_by_role("group", name=tr(page, "Themes")).get_by_label(tr(page, label), exact=True)

    # 1: a person already known, the defaults (one-to-one help, 30 min), one theme.
    first = line(1)
    first.get_by_label(tr(page, "Person already known")).select_option(label=f"{known} · Saint-Étienne")
    theme(first, "E-mail").check()
    # 2: anonymous, an administrative procedure of 45 minutes, two themes.
    second = line(2)
    second.get_by_role("group", name=tr(page, "Kind of help")).get_by_label(
        tr(page, "Administrative procedure")
    ).check()
    second.get_by_role("group", name=tr(page, "Duration")).get_by_label("45 min").check()
    theme(second, "Banking and shopping online").check()
    theme(second, "Health online").check()
    second.get_by_text(tr(page, "More details (equipment, autonomy, referral, age and gender)")).click()
    second.get_by_label(tr(page, "Gender (anonymous or new person)")).select_option(label=tr(page, "Woman"))
    assert_accessible(page)  # with the details open
    # 3: a new person who agrees that we keep their first name.
    third = line(3)
    third.get_by_label(tr(page, "Or a new person: first name or pseudonym")).fill("Jules")
    third.get_by_label(tr(page, "The new person agrees that we keep their first name.")).check()
    theme(third, "Finding a job").check()

    with page.expect_navigation():
        page.get_by_role("button", name=exact(tr(page, "Record"))).click()
    assert page.url.endswith(f"/{place.slug}/gestion/mediation/saisie/")
    with translation.override(html_lang(page) or "fr"):
        recorded = translation.ngettext(
            "%(count)s accompaniment recorded.", "%(count)s accompaniments recorded.", 3
        ) % {"count": 3}
    expect(page.get_by_text(recorded)).to_be_visible()
    assert_accessible(page)

    records = list(Accompaniment.objects.filter(place=place).order_by("pk"))
    assert len(records) == 3
    by_type = {record.type: record for record in records}
    assert by_type["demarche_administrative"].duration_minutes == 45
    assert sorted(by_type["demarche_administrative"].themes) == ["banque_et_achats_en_ligne", "sante"]
    assert by_type["demarche_administrative"].gender == "feminin"
    assert {record.beneficiary_id for record in records} >= {known.pk}
    jules = Beneficiary.objects.get(place=place, first_name="Jules")
    assert jules.consent_at is not None
    assert all(record.date == timezone.localdate(timezone=place.tz) for record in records)

    # The list of accompaniments shows them.
    with page.expect_navigation():
        page.get_by_role("navigation", name=tr(page, "Digital mediation")).get_by_role(
            "link", name=tr(page, "Accompaniments")
        ).click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Bernadette")
    expect(page.locator("main")).to_contain_text("Jules")
