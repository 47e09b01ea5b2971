"""Date inputs hold the ISO value the browser's date picker needs, in French and in English, and the forms
that have them can be sent as they come: the spaces search, the slot picker and the FEC export.

A localised value ("05/12/2026") is dropped by ``<input type="date">``: the field shows empty, the search
cannot be sent without retyping the day and the FEC export answers "required".
"""

import datetime as dt

import pytest
from browser_helpers import assert_accessible, log_in, tr
from django.utils import timezone
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory
from comptoir.spaces.tests.factories import ResourceFactory

pytestmark = pytest.mark.browser

LANGUAGES = [("fr-FR", "fr"), ("en-GB", "en")]


def _today(place) -> dt.date:
    return timezone.localtime(timezone.now(), place.tz).date()


@pytest.mark.parametrize(("locale", "language"), LANGUAGES)
def test_spaces_search_and_slot_picker_hold_the_day(new_page, locale, language):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    room = ResourceFactory(place=place, name="Salle Ardoise", slug="ardoise", capacity=8)
    member = member_of(place, Role.COWORKER, email="alex@example.org", preferred_language=language)
    today = _today(place).isoformat()

    page = new_page(locale=locale)
    log_in(page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/espaces/")
    assert_accessible(page)
    assert page.locator("html").get_attribute("lang") == language
    day = page.get_by_label(tr(page, "Day"))
    expect(day).to_have_value(today)
    # The day is not typed again: only the hours are chosen, and the search is sent.
    page.get_by_label(tr(page, "From")).fill("14:00")
    page.get_by_label(tr(page, "To")).fill("15:00")
    with page.expect_response(lambda response: f"date={today}" in response.url):
        page.get_by_role("button", name=tr(page, "Search")).click()
    expect(page.locator("#search-results").get_by_role("heading", name=room.name)).to_be_visible()
    expect(day).to_have_value(today)  # the form shown again keeps the day
    assert_accessible(page)

    # The slot picker opens on today, and a change of duration sends the day it holds.
    page.goto(f"/{place.slug}/espaces/{room.slug}/")
    assert_accessible(page)
    expect(page.get_by_label(tr(page, "Day"))).to_have_value(today)
    duration = page.get_by_label(tr(page, "Duration"))
    with page.expect_response(lambda response: f"jour={today}" in response.url):
        duration.select_option(index=1)
    expect(page.get_by_label(tr(page, "Day"))).to_have_value(today)
    assert_accessible(page)


@pytest.mark.parametrize(("locale", "language"), LANGUAGES)
def test_fec_export_is_sent_as_it_comes(new_page, locale, language):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    entity = LegalEntityFactory(place=place, name="Le Bocal SCIC", siret="55208131700015")
    treasurer = member_of(place, Role.BOARD, email="tresor@example.org", preferred_language=language)
    year = _today(place).year

    page = new_page(locale=locale)
    log_in(page, email=treasurer.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/facturation/comptabilite/")
    assert_accessible(page)
    # The only legal entity is chosen, the dates are the current financial year: nothing to type.
    exports = page.locator("form").filter(has=page.get_by_role("button", name=tr(page, "Download the FEC")))
    expect(exports.get_by_label(tr(page, "Legal entity"))).to_have_value(str(entity.pk))
    expect(exports.get_by_label(tr(page, "Start of the financial year"))).to_have_value(f"{year}-01-01")
    expect(exports.get_by_label(tr(page, "End of the financial year"))).to_have_value(f"{year}-12-31")
    with page.expect_download() as download:
        exports.get_by_role("button", name=tr(page, "Download the FEC")).click()
    assert download.value.suggested_filename == f"552081317FEC{year}1231.txt"
