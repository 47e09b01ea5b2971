"""Appointments in the API: free slots and booking without an account, the staff's day, held, no-show."""

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation.models import Accompaniment, Appointment
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"


def thursday(hour=10):
    return next_weekday(3, hour=hour, weeks_ahead=1)


def open_slot(place, mediator, **kwargs):
    kwargs.setdefault("first_start", thursday())
    return services.appointment_slots_create(place=place, mediator=mediator, actor=mediator, **kwargs)


def test_free_slots_and_booking_without_account(client, place, mediator):
    slot, other = open_slot(place, mediator, count=2)
    data = client.get(f"{API}/places/{place.slug}/appointment-slots").json()
    assert [s["key"] for s in data] == [f"a{slot.pk}", f"a{other.pk}"]
    assert "first_name" not in data[0] and data[0]["mediator_name"] == mediator.display_name
    book = f"{API}/places/{place.slug}/appointment-slots/a{slot.pk}/book"
    response = client.post(book, {"first_name": "Ana", "phone": "06 12 34 56 78"}, content_type=JSON)
    assert response.status_code == 201 and response.json()["status"] == "booked", response.content
    again = client.post(book, {"first_name": "Bob", "email": "bob@example.org"}, content_type=JSON)
    assert again.status_code == 409 and again.json()["detail"]
    bad = f"{API}/places/{place.slug}/appointment-slots/a{other.pk}/book"
    response = client.post(bad, {"first_name": "Bob"}, content_type=JSON)
    assert response.status_code == 400 and "detail" in response.json()
    response = client.post(bad, {"first_name": "Bob", "email": "not-an-email"}, content_type=JSON)
    assert response.status_code == 400 and Appointment.objects.get(pk=other.pk).status == "open"
    assert client.post(f"{API}/places/{place.slug}/appointment-slots/zz/book", {"first_name": "Bob"},
                       content_type=JSON).status_code == 404  # fmt: skip
    assert [s["key"] for s in client.get(f"{API}/places/{place.slug}/appointment-slots").json()] == [f"a{other.pk}"]


def test_a_slot_of_another_place_is_not_found(client, place, mediator):
    (slot,) = open_slot(place, mediator)
    elsewhere = PlaceFactory()
    response = client.post(f"{API}/places/{elsewhere.slug}/appointment-slots/a{slot.pk}/book",
                           {"first_name": "Ana", "phone": "0612345678"}, content_type=JSON)  # fmt: skip
    assert response.status_code == 404


def test_staff_open_slots_with_a_room(client, place, mediator):
    room = ResourceFactory(place=place)
    client.force_login(mediator)
    payload = {"mediator_id": mediator.pk, "first_start": thursday().isoformat(), "count": 3, "resource_id": room.pk}
    response = client.post(f"{API}/places/{place.slug}/appointment-slots", payload, content_type=JSON)
    assert response.status_code == 201 and len(response.json()) == 3
    assert all(a["room_booking_id"] for a in response.json())
    response = client.post(f"{API}/places/{place.slug}/appointment-slots", payload, content_type=JSON)
    assert response.status_code == 409 and response.json()["detail"]
    payload["resource_id"] = ResourceFactory(place=PlaceFactory()).pk
    response = client.post(f"{API}/places/{place.slug}/appointment-slots", payload, content_type=JSON)
    assert response.status_code == 400 and Appointment.objects.count() == 3
    client.force_login(member_of(place, Role.COWORKER))
    assert client.post(f"{API}/places/{place.slug}/appointment-slots", payload, content_type=JSON).status_code == 403


def test_staff_day_list_cancel_and_scoping(client, place, mediator):
    (slot,) = open_slot(place, mediator)
    services.appointment_take(appointment=slot, first_name="Ana", email="ana@example.org")
    day = timezone.localtime(slot.starts_at, place.tz).date()
    url = f"{API}/places/{place.slug}/appointments?day={day.isoformat()}"
    assert client.get(url).status_code == 401
    client.force_login(member_of(place, Role.HOST))
    assert client.get(url).status_code == 403  # personal data: mediators and admins only
    client.force_login(member_of(PlaceFactory(), Role.MEDIATOR))
    assert client.get(url).status_code == 404
    assert client.post(f"{API}/places/{place.slug}/appointments/{slot.pk}/cancel", {},
                       content_type=JSON).status_code == 404  # fmt: skip
    other_place = PlaceFactory()
    client.force_login(member_of(other_place, Role.MEDIATOR))
    assert client.post(f"{API}/places/{other_place.slug}/appointments/{slot.pk}/cancel", {},
                       content_type=JSON).status_code == 404  # fmt: skip
    client.force_login(mediator)
    data = client.get(url).json()
    assert [(a["id"], a["first_name"], a["status"]) for a in data] == [(slot.pk, "Ana", "booked")]
    tomorrow = (day + dt.timedelta(days=1)).isoformat()
    assert client.get(f"{API}/places/{place.slug}/appointments?day={tomorrow}").json() == []
    response = client.post(f"{API}/places/{place.slug}/appointments/{slot.pk}/cancel", {"reason": "Malade"},
                           content_type=JSON)  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    again = client.post(f"{API}/places/{place.slug}/appointments/{slot.pk}/cancel", {}, content_type=JSON)
    assert again.status_code == 400 and again.json()["detail"]


def _past_taken(place, mediator):
    (slot,) = open_slot(place, mediator)
    services.appointment_take(appointment=slot, first_name="Ana", phone="06 12 34 56 78")
    past = timezone.now() - dt.timedelta(hours=2)
    Appointment.objects.filter(pk=slot.pk).update(starts_at=past, ends_at=past + dt.timedelta(minutes=45))
    return slot


def test_held_becomes_an_accompaniment(client, place, mediator):
    slot = _past_taken(place, mediator)
    client.force_login(mediator)
    url = f"{API}/places/{place.slug}/appointments/{slot.pk}/held"
    response = client.post(url, {"themes": ["not-a-theme"]}, content_type=JSON)
    assert response.status_code == 400 and Accompaniment.objects.count() == 0
    response = client.post(url, {"themes": ["email"]}, content_type=JSON)
    assert response.status_code == 201, response.content
    accompaniment = Accompaniment.objects.get()
    assert response.json()["accompaniment_id"] == accompaniment.pk and accompaniment.duration_minutes == 45
    assert Appointment.objects.get(pk=slot.pk).status == "done"
    assert client.post(url, {"themes": ["email"]}, content_type=JSON).status_code == 400
    assert Accompaniment.objects.count() == 1


def test_no_show(client, place, mediator):
    (future,) = open_slot(place, mediator, first_start=thursday(15))
    services.appointment_take(appointment=future, first_name="Bob", phone="0612345678")
    slot = _past_taken(place, mediator)
    client.force_login(mediator)
    response = client.post(f"{API}/places/{place.slug}/appointments/{future.pk}/no-show")
    assert response.status_code == 400 and response.json()["detail"]
    response = client.post(f"{API}/places/{place.slug}/appointments/{slot.pk}/no-show")
    assert response.status_code == 200 and response.json()["status"] == "no_show"
    held = client.post(f"{API}/places/{place.slug}/appointments/{slot.pk}/held", {"themes": ["email"]},
                       content_type=JSON)  # fmt: skip
    assert held.status_code == 400


def test_appointments_are_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in ("/places/{slug}/appointment-slots", "/places/{slug}/appointment-slots/{key}/book",
                 "/places/{slug}/appointments", "/places/{slug}/appointments/{appointment_id}/no-show",
                 "/places/{slug}/appointments/{appointment_id}/held"):  # fmt: skip
        assert f"/api/v1{path}" in paths or path in paths


def test_staff_page_marks_a_no_show(client, place, mediator):
    from django.urls import reverse

    slot = _past_taken(place, mediator)
    now = timezone.now()
    minutes = dt.timedelta(minutes=1)
    Appointment.objects.filter(pk=slot.pk).update(starts_at=now - 5 * minutes, ends_at=now + 25 * minutes)
    client.force_login(mediator)
    page = client.get(reverse("mediation:appointments", kwargs={"place_slug": place.slug})).content.decode()
    url = reverse("mediation:appointment_no_show", kwargs={"place_slug": place.slug, "appointment_id": slot.pk})
    assert url in page
    assert client.post(url).status_code == 302
    assert Appointment.objects.get(pk=slot.pk).status == "no_show"
    client.force_login(member_of(PlaceFactory(), Role.MEDIATOR))
    assert client.post(url).status_code == 404
