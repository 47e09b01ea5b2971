"""A host adds a photo to a space (members see it with its description) and moves a booking to another space.

Every page is checked with axe-core.
"""

import datetime as dt
import io

import pytest
from browser_helpers import assert_accessible, exact, log_in, tr
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.browser


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_host_adds_a_photo_members_see_it(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Alex Martin", email="alex@example.org")
    room = ResourceFactory(place=place, name="Salle Ardoise", slug="ardoise")

    page = new_page()
    log_in(page, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/espaces/ressources/ardoise/")
    assert_accessible(page)
    page.locator("#id_photo").set_input_files(
        {"name": "salle.gif", "mimeType": "image/gif", "buffer": b"not an image at all"}
    )
    page.get_by_label(tr(page, "description of the photo").capitalize()).fill("Une table ronde et un écran")
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Save")).click()
    expect(
        page.get_by_text(tr(page, "This file is not a readable image: send a JPEG, PNG or WebP photo."))
    ).to_be_visible()
    assert_accessible(page)
    page.locator("#id_photo").set_input_files({"name": "salle.png", "mimeType": "image/png", "buffer": png()})
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Save")).click()
    expect(page.get_by_text(tr(page, "The resource is saved."))).to_be_visible()
    assert_accessible(page)
    room.refresh_from_db()
    assert room.photo

    member_page = new_page()
    log_in(member_page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/espaces/ardoise/")
    expect(member_page.get_by_role("img", name="Une table ronde et un écran")).to_be_visible()
    assert_accessible(member_page)


def test_host_moves_a_booking_to_another_space(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Alex Martin", email="alex@example.org")
    small = ResourceFactory(place=place, name="Salle Ardoise", slug="ardoise")
    large = ResourceFactory(place=place, name="Grande salle", slug="grande-salle")
    start = next_weekday(1, hour=10)
    booking = services.booking_create(
        resource=small, person=member, start=start, end=start + dt.timedelta(hours=1), actor=member
    )

    page = new_page()
    log_in(
        page, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/espaces/reservations/{booking.pk}/"
    )
    assert_accessible(page)
    page.get_by_label(exact(tr(page, "Space"))).select_option(label=large.name)
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Move the booking")).click()
    expect(page.get_by_text(tr(page, "The booking is moved."))).to_be_visible()
    assert_accessible(page)
    booking.refresh_from_db()
    assert booking.resource == large
