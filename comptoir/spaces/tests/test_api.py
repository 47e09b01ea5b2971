import datetime as dt

import pytest

from comptoir.core.permissions import Role
from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import BookingFactory, ResourceFactory, next_weekday

pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-a")]
H = dt.timedelta(hours=1)


def headers_for(user):
    _token, secret = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, slug="ardoise", capacity=8)


def url(path, slug="lieu-a"):
    return f"/api/v1/places/{slug}{path}"


def test_book_move_cancel_through_the_api(client, place, room):
    member = member_of(place, Role.COWORKER)
    h = headers_for(member)
    start = next_weekday(1, hour=14)
    body = {"resource": "ardoise", "start": start.isoformat(), "end": (start + 2 * H).isoformat(), "attendees": 4}
    response = client.post(url("/bookings"), body, content_type="application/json", headers=h)
    assert response.status_code == 201, response.content
    booking_id = response.json()["id"]
    assert response.json()["state"] == "confirmed"
    # The same slot again: 409 with a reason.
    response = client.post(url("/bookings"), body, content_type="application/json", headers=h)
    assert response.status_code == 409
    assert response.json()["code"] == "already_booked"
    # Move it.
    new = {"start": (start + 3 * H).isoformat(), "end": (start + 4 * H).isoformat()}
    response = client.post(url(f"/bookings/{booking_id}/move"), new, content_type="application/json", headers=h)
    assert response.status_code == 200, response.content
    listed = client.get(url("/bookings"), headers=h).json()
    assert [b["id"] for b in listed] == [booking_id]
    response = client.post(url(f"/bookings/{booking_id}/cancel"), {}, content_type="application/json", headers=h)
    assert response.json()["state"] == "cancelled"


def test_clear_4xx_errors(client, place, room):
    member = member_of(place)
    h = headers_for(member)
    start = next_weekday(1, hour=21)
    body = {"resource": "ardoise", "start": start.isoformat(), "end": (start + H).isoformat()}
    response = client.post(url("/bookings"), body, content_type="application/json", headers=h)
    assert response.status_code == 400
    assert response.json()["code"] == "closed"
    body["resource"] = "nope"
    assert client.post(url("/bookings"), body, content_type="application/json", headers=h).status_code == 404
    response = client.post(url("/bookings"), {"resource": "ardoise"}, content_type="application/json", headers=h)
    assert response.status_code == 422
    bad = {"start": start.isoformat(), "end": (start - H).isoformat()}
    response = client.get(url("/availability"), bad, headers=h)
    assert response.status_code == 400
    assert client.get(url("/resources")).status_code == 401


def test_availability_and_free(client, place, room):
    h = headers_for(member_of(place))
    start = next_weekday(1, hour=14)
    BookingFactory(resource=room, start=start)
    ResourceFactory(place=place, slug="grande", capacity=12)
    response = client.get(url("/availability"), {"start": start.isoformat(), "end": (start + 2 * H).isoformat(),
                                                 "attendees": 6}, headers=h)  # fmt: skip
    assert response.status_code == 200
    by_slug = {r["resource"]: r for r in response.json()}
    assert by_slug["grande"]["bookable"]
    assert by_slug["ardoise"]["reasons"][0]["code"] == "taken"
    monday = next_weekday(0, hour=0)
    response = client.get(url("/free"), {"start": monday.isoformat(), "end": (monday + 7 * 24 * H).isoformat()},
                          headers=h)  # fmt: skip
    assert response.status_code == 200
    assert {r["resource"] for r in response.json()} == {"ardoise", "grande"}


def test_place_b_is_invisible_to_place_a(client, place, room):
    other = PlaceFactory(slug="lieu-b")
    other_room = ResourceFactory(place=other, slug="b-room")
    outsider_booking = BookingFactory(resource=other_room, start=next_weekday(1, hour=10))
    host_a = member_of(place, Role.HOST)
    h = headers_for(host_a)
    assert client.get(url("/resources", "lieu-b"), headers=h).status_code == 404
    assert client.get(url(f"/bookings/{outsider_booking.pk}"), headers=h).status_code == 404
    assert client.get(url(f"/bookings/{outsider_booking.pk}", "lieu-b"), headers=h).status_code == 404
    assert client.post(url(f"/bookings/{outsider_booking.pk}/cancel"), {"reason": "x"},
                       content_type="application/json", headers=h).status_code == 404  # fmt: skip


def test_member_cannot_touch_others_bookings_but_host_can(client, place, room):
    owner = member_of(place)
    booking = BookingFactory(resource=room, person=owner, start=next_weekday(1, hour=10))
    h = headers_for(member_of(place))
    assert client.get(url(f"/bookings/{booking.pk}"), headers=h).status_code == 404
    assert client.get(url("/bookings"), {"everyone": True}, headers=h).status_code == 403
    host = headers_for(member_of(place, Role.HOST))
    response = client.post(url(f"/bookings/{booking.pk}/cancel"), {}, content_type="application/json", headers=host)
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    response = client.post(url(f"/bookings/{booking.pk}/cancel"), {"reason": "Fuite"}, content_type="application/json",
                           headers=host)  # fmt: skip
    assert response.status_code == 200
    assert Booking.objects.get(pk=booking.pk).cancel_reason == "Fuite"


def test_host_books_for_a_member(client, place, room):
    member = member_of(place, email="sam@example.org")
    start = next_weekday(1, hour=10)
    body = {"resource": "ardoise", "start": start.isoformat(), "end": (start + H).isoformat(),
            "person_email": "sam@example.org"}  # fmt: skip
    assert client.post(url("/bookings"), body, content_type="application/json",
                       headers=headers_for(member_of(place))).status_code == 403  # fmt: skip
    response = client.post(url("/bookings"), body, content_type="application/json",
                           headers=headers_for(member_of(place, Role.HOST)))  # fmt: skip
    assert response.status_code == 201
    assert Booking.objects.get().person == member


def test_non_member_gets_404(client, place, room):
    h = headers_for(UserFactory())
    assert client.get(url("/resources"), headers=h).status_code == 404


def test_openapi_lists_the_spaces_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/places/{slug}/availability" in paths
    assert "/api/v1/places/{slug}/bookings/{booking_id}/move" in paths


def test_weekly_series_preview_then_book(client, place, room):
    h = headers_for(member_of(place))
    start = next_weekday(1, hour=14)
    BookingFactory(resource=room, start=start + dt.timedelta(weeks=1))
    body = {"resource": "ardoise", "start": start.isoformat(), "end": (start + H).isoformat(), "every_weeks": 1,
            "until": (start + dt.timedelta(weeks=2)).date().isoformat()}  # fmt: skip
    preview = client.post(url("/bookings/series/preview"), body, content_type="application/json", headers=h).json()
    assert [o["bookable"] for o in preview] == [True, False, True]
    assert preview[1]["reasons"][0]["code"] == "taken"
    response = client.post(url("/bookings/series"), body, content_type="application/json", headers=h)
    assert response.status_code == 409 and response.json()["code"] == "series_conflicts"
    body["skip_conflicts"] = True
    response = client.post(url("/bookings/series"), body, content_type="application/json", headers=h)
    assert response.status_code == 201
    assert len(response.json()["bookings"]) == 2 and len(response.json()["skipped"]) == 1
