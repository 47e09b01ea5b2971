"""Language switch, phone-sized screens and keyboard use, each page checked with axe-core."""

import pytest
from browser_helpers import assert_accessible, html_lang
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.place(name="Le Bocal", slug="le-bocal", summary="Coworking, fablab et café associatif."),
]


def test_language_switch_french_to_english_and_back(page, place):
    page.goto(f"/{place.slug}/")
    assert html_lang(page) == "fr"
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert html_lang(page) == "en"
    assert page.url.endswith(f"/{place.slug}/")  # back on the same page
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    assert_accessible(page)

    # The choice sticks for the next pages.
    page.goto("/compte/connexion/")
    assert html_lang(page) == "en"
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert html_lang(page) == "fr"
    assert "/compte/connexion/" in page.url
    expect(page.get_by_role("button", name="English")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/{slug}/", "/compte/connexion/", "/{slug}/rejoindre/"])
def test_phone_sized_screen(new_page, place, path):
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(path.format(slug=place.slug))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    # Nothing wider than the screen: no sideways scrolling on a 360 px phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 360px screen"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_content(page, place):
    page.goto(f"/{place.slug}/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert "skip-link" in focused["cls"].split(), focused
    assert focused["href"] == "#contenu"
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # shown when focused, not left off-screen
    box = skip_link.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1

    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert_accessible(page)
    # The next Tab continues inside the content, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('contenu').contains(document.activeElement)")
