"""A member books a meeting room from a phone and finds the booking in their bookings and calendar.

Each page (and each htmx swap that changes the address) is checked with axe-core.
"""

import pytest
from browser_helpers import assert_accessible, exact, log_in, tr
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a 360px screen"


def test_member_books_a_meeting_room_on_a_phone(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    room = ResourceFactory(place=place, name="Salle Ardoise", slug="ardoise", capacity=8, description="Un écran.")
    member = member_of(place, Role.COWORKER, display_name="Alex Martin", email="alex@example.org")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    start = next_weekday(1, hour=10)  # a Tuesday at least a week away, inside the opening hours
    day = start.date().isoformat()

    page = new_page(**PHONE)
    log_in(page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/espaces/")
    assert page.url.endswith(f"/{place.slug}/espaces/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Rooms and desks"))
    assert_accessible(page)
    assert_fits_the_screen(page)

    # The room's page and its slot picker for the chosen day (htmx swaps the slots in).
    with page.expect_navigation():
        page.get_by_role("link", name=exact(room.name)).click()
    assert page.url.endswith(f"/{place.slug}/espaces/{room.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(room.name)
    assert_accessible(page)
    assert_fits_the_screen(page)

    with page.expect_response(lambda response: f"jour={day}" in response.url):
        page.get_by_label(tr(page, "Day")).fill(day)
    slot_name = tr(page, "Book from %(start)s to %(end)s") % {"start": "10:00", "end": "11:00"}
    slot = page.get_by_role("button", name=slot_name)
    expect(slot).to_be_visible()
    assert f"jour={day}" in page.url  # the address follows the chosen day
    assert_accessible(page)
    assert_fits_the_screen(page)

    with page.expect_navigation():
        slot.tap()
    assert page.url.endswith(f"/{place.slug}/espaces/mes-reservations/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "My bookings"))
    expect(page.get_by_text(tr(page, "Booked!"))).to_be_visible()
    bookings = page.get_by_role("table", name=tr(page, "My upcoming bookings"))
    row = bookings.get_by_role("row").filter(has=page.get_by_role("rowheader", name=room.name))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("10:00")
    expect(row).to_contain_text("11:00")
    assert_accessible(page)
    assert_fits_the_screen(page)

    booking = Booking.objects.get()
    assert (booking.person, booking.resource, booking.start) == (member, room, start)
    assert booking.state == Booking.State.CONFIRMED

    # Back in the picker, the slot is taken; the member's calendar feed gets an address.
    page.goto(f"/{place.slug}/espaces/{room.slug}/?jour={day}&duree=60")
    assert_accessible(page)
    expect(page.get_by_role("button", name=slot_name)).to_have_count(0)
    page.goto(f"/{place.slug}/espaces/mes-reservations/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Get my calendar address")).tap()
    assert_accessible(page)
    expect(page.locator("main code")).to_contain_text(f"/{place.slug}/espaces/agenda/")
    feed = page.request.get(page.locator("main code").inner_text().strip())
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY" in feed.text() and "DTSTART;TZID=Europe/Paris:" in feed.text()

    # The staff week view (the place's calendar) shows the booking too.
    staff = new_page()
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/espaces/?debut={day}")
    assert_accessible(staff)
    week = staff.get_by_role("table", name=tr(staff, "Week of %(start)s").split("%")[0].strip())
    expect(week.get_by_role("link", name=f"10:00–11:00 {member.display_name}")).to_be_visible()


def test_member_finds_a_room_for_six_on_a_phone_and_books_it(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    room = ResourceFactory(place=place, name="Salle Ardoise", slug="ardoise", capacity=8)
    ResourceFactory(place=place, name="Petit bureau", slug="petit-bureau", capacity=2)
    member = member_of(place, Role.COWORKER, display_name="Alex Martin", email="alex@example.org")
    start = next_weekday(1, hour=14)
    day = start.date().isoformat()

    page = new_page(**PHONE)
    log_in(page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/espaces/")
    assert_accessible(page)
    search = page.get_by_role("search")
    search.get_by_label(tr(page, "Day"), exact=True).fill(day)
    search.get_by_label(tr(page, "From"), exact=True).fill("14:00")
    search.get_by_label(tr(page, "To"), exact=True).fill("16:00")
    search.get_by_label(tr(page, "People"), exact=True).fill("6")
    with page.expect_response(lambda response: "attendees=6" in response.url):
        search.get_by_role("button", name=tr(page, "Search")).tap()
    book = page.get_by_role("button", name=tr(page, "Book %(name)s") % {"name": room.name})
    expect(book).to_be_visible()
    too_small = page.locator("#search-results li.card").filter(has_text="Petit bureau")
    expect(too_small).to_contain_text(tr(page, "Not bookable"))
    expect(too_small.get_by_role("button")).to_have_count(0)
    assert "attendees=6" in page.url  # the search can be shared and reloaded
    assert_accessible(page)
    assert_fits_the_screen(page)

    with page.expect_navigation():
        book.tap()
    assert page.url.endswith(f"/{place.slug}/espaces/mes-reservations/")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=room.name))
    expect(row).to_contain_text("14:00")
    expect(row).to_contain_text("16:00")
    assert_accessible(page)
    booking = Booking.objects.get()
    assert (booking.resource, booking.start, booking.attendees) == (room, start, 6)
