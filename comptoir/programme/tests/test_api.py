"""The API: published activities and sessions (public), registration without an account."""

import pytest

from comptoir.programme.models import Activity, Registration
from comptoir.programme.tests.factories import ActivityFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_activities_and_sessions_are_public_and_published_only(client, place):
    activity = ActivityFactory(place=place, title="Meetup Python", themes=["code"])
    ActivityFactory(place=place, status=Activity.Status.DRAFT)
    session = SessionFactory(activity=activity, capacity=5)
    RegistrationFactory(session=session, seats=2)
    RegistrationFactory(session=session, seats=9, state=Registration.State.WAITING)
    activities = client.get(f"/api/v1/places/{place.slug}/programme/activities").json()
    assert [a["title"] for a in activities] == ["Meetup Python"] and activities[0]["themes"] == ["code"]
    [found] = client.get(f"/api/v1/places/{place.slug}/programme/sessions").json()
    assert (found["id"], found["activity_title"], found["seats_left"], found["waiting"]) == (
        session.pk, "Meetup Python", 3, 1
    )
    assert found["location_kind"] == "address" and found["is_cancelled"] is False
    assert client.get("/api/v1/places/nowhere/programme/sessions").status_code == 404


def test_registering_through_the_api(client, place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=2)
    address = f"/api/v1/places/{place.slug}/programme/sessions/{session.pk}/registrations"
    response = client.post(address, {"first_name": "Ana", "phone": "0612345678", "seats": 2},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "confirmed" and body["seats"] == 2 and body["token"]
    response = client.post(address, {"first_name": "Bob", "email": "bob@example.org"}, content_type="application/json")
    assert response.json()["state"] == "waiting"


def test_api_refusals_say_why_and_write_nothing(client, place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=2)
    address = f"/api/v1/places/{place.slug}/programme/sessions/{session.pk}/registrations"
    response = client.post(address, {"first_name": "Ana"}, content_type="application/json",
                           headers={"Accept-Language": "fr"})  # fmt: skip
    assert response.status_code == 400 and response.json()["field"] == "email"
    response = client.post(address, {"first_name": "Ana", "email": "a@example.org", "seats": 0},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    draft = SessionFactory(activity=ActivityFactory(place=place, status=Activity.Status.DRAFT))
    response = client.post(
        f"/api/v1/places/{place.slug}/programme/sessions/{draft.pk}/registrations",
        {"first_name": "Ana", "email": "a@example.org"}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_the_openapi_document_lists_the_programme(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/places/{slug}/programme/sessions/{session_id}/registrations" in paths
