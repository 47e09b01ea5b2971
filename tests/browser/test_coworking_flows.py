"""A host checks a member in from the desk screen: search as you type, one click, the day's log."""

import pytest
from browser_helpers import assert_accessible, html_lang, log_in, tr
from django.utils import translation
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.coworking import selectors, services
from comptoir.coworking.models import CheckIn, Plan
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser


def test_host_checks_a_member_in_from_the_desk(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")
    member_of(place, Role.COWORKER, display_name="Dora Durand", email="dora@example.org")
    carnet = PlanFactory(place=place, name="Carnet 10 jours", kind=Plan.Kind.CARNET, days=10)
    services.subscription_start(place=place, person=member, plan=carnet, actor=host)

    page = new_page()
    log_in(page, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/coworking/")
    assert page.url.endswith(f"/{place.slug}/gestion/coworking/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Coworking desk"))
    expect(page.get_by_role("cell", name=tr(page, "Nobody checked in on this day."))).to_be_visible()
    assert_accessible(page)

    # Search as you type: the results come in while typing, without a page load.
    search = page.get_by_role("searchbox", name=tr(page, "Member's name or e-mail"))
    with page.expect_response(lambda response: "partial=results" in response.url and "q=Do" in response.url):
        search.press_sequentially("Do", delay=50)
    dominique = tr(page, "Check in %(name)s") % {"name": member.display_name}
    dora = tr(page, "Check in %(name)s") % {"name": "Dora Durand"}
    expect(page.get_by_role("button", name=dominique)).to_be_visible()
    expect(page.get_by_role("button", name=dora)).to_be_visible()
    assert_accessible(page)
    with page.expect_response(lambda response: "q=Dominique" in response.url):
        search.press_sequentially("minique", delay=50)
    expect(page.get_by_role("button", name=dora)).to_have_count(0)
    assert page.url.endswith(f"/{place.slug}/gestion/coworking/")  # swapped in place
    assert_accessible(page)

    # One click: the member is in, the carnet covers the day.
    with page.expect_navigation():
        page.get_by_role("button", name=dominique).click()
    assert page.url.endswith(f"/{place.slug}/gestion/coworking/")
    message = tr(page, "Checked in with “%(plan)s”.") % {"plan": carnet.name}
    expect(page.get_by_text(f"{member.display_name}: {message}")).to_be_visible()
    log = page.get_by_role("table", name=tr(page, "Check-ins of %(day)s").split("%")[0].strip())
    row = log.get_by_role("row").filter(has=page.get_by_role("rowheader", name=member.display_name))
    expect(row).to_contain_text(carnet.name)
    expect(row).to_contain_text(tr(page, "still here"))
    with translation.override(html_lang(page) or "fr"):
        one_present = translation.ngettext(
            "%(counter)s person present for %(seats)s seats.", "%(counter)s people present for %(seats)s seats.", 1
        )
    present = one_present % {"counter": 1, "seats": selectors.seats(place=place)}
    expect(page.get_by_text(present)).to_be_visible()
    assert_accessible(page)

    checkin = CheckIn.objects.get()
    assert checkin.person == member and checkin.method == CheckIn.Method.DESK
    assert checkin.subscription is not None and not checkin.over_use and not checkin.day_pass

    # Searching again offers to check the member out.
    with page.expect_response(lambda response: "partial=results" in response.url):
        page.get_by_role("searchbox", name=tr(page, "Member's name or e-mail")).press_sequentially("dupont", delay=50)
    checkout = tr(page, "Check out %(name)s") % {"name": member.display_name}
    expect(page.get_by_role("button", name=checkout)).to_be_visible()
    assert_accessible(page)

    # The entrance kiosk (a tablet opened by the host): the member types their name and checks out.
    with page.expect_navigation():
        page.get_by_role("link", name=tr(page, "Open the entrance kiosk")).click()
    assert page.url.endswith(f"/{place.slug}/gestion/coworking/borne/")
    welcome = tr(page, "Welcome to %(place_a)s") % {"place_a": "au Bocal" if html_lang(page) == "fr" else place.name}
    expect(page.get_by_role("heading", level=1)).to_have_text(welcome)
    assert_accessible(page)
    with page.expect_response(lambda response: "q=Domi" in response.url):
        page.get_by_role("searchbox", name=tr(page, "Type your name")).press_sequentially("Domi", delay=50)
    expect(page.get_by_role("button", name=checkout)).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=checkout).click()
    assert page.url.endswith(f"/{place.slug}/gestion/coworking/borne/")
    expect(page.get_by_text(tr(page, "%(name)s checked out.") % {"name": member.display_name})).to_be_visible()
    assert_accessible(page)
    checkin.refresh_from_db()
    assert checkin.checked_out_at is not None
