"""The public workshops calendar (iCalendar) and its SpaceAPI declaration."""

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from comptoir.mediation.models import WorkshopSession
from comptoir.mediation.tests.factories import RegistrationFactory, SessionFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[3]
SPACEAPI_SCHEMA = REPO / "../shared/standards/spaceapi/15.json"


def feed_url(place):
    return reverse("mediation:workshops_feed", kwargs={"place_slug": place.slug})


def events(content: bytes):
    cal = Calendar.from_ical(content)
    return cal, [c for c in cal.walk("VEVENT")]


def test_the_feed_lists_upcoming_public_sessions(client, place):
    soon = SessionFactory(workshop__place=place, workshop__title="Débuter avec sa tablette", capacity=2)
    RegistrationFactory(session=soon, first_name="Personne-Secrète", email="secret@example.org")
    summer = SessionFactory(workshop__place=place, starts_at=dt.datetime(2027, 7, 1, 14, tzinfo=place.tz))
    SessionFactory(workshop__place=place, workshop__is_published=False)
    SessionFactory(workshop__place=place, status=WorkshopSession.Status.CANCELLED)
    SessionFactory(workshop__place=place, starts_at=timezone.now() - dt.timedelta(days=1))
    SessionFactory()  # another place
    response = client.get(feed_url(place))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    content = response.content
    assert b"Personne-Secr" not in content and b"secret@example.org" not in content
    cal, found = events(content)
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert len(found) == 2
    by_uid = {str(e["UID"]): e for e in found}
    assert len(by_uid) == 2 and all(e.get("DTSTAMP") for e in found)
    first = next(e for e in found if str(e["SUMMARY"]) == "Débuter avec sa tablette")
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first.decoded("DTSTART") == soon.starts_at.replace(microsecond=0)
    assert "1 place restante" in str(first["DESCRIPTION"])
    assert str(first["URL"]).startswith("http://testserver/") and f"/{soon.pk}/" in str(first["URL"])
    july = next(e for e in found if e is not first)
    assert july.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)  # summer time in the VTIMEZONE
    assert july.decoded("DTSTART") == summer.starts_at
    _, again = events(client.get(feed_url(place)).content)
    assert {str(e["UID"]) for e in again} == set(by_uid)  # stable UIDs


def test_empty_feed_and_places_without_mediation(client, place):
    cal, found = events(client.get(feed_url(place)).content)
    assert found == [] and cal.walk("VTIMEZONE")
    other = PlaceFactory(services=["coworking"])
    assert client.get(feed_url(other)).status_code == 404


def test_feed_query_count_is_constant(client, place):
    SessionFactory(workshop__place=place)
    client.get(feed_url(place))
    with CaptureQueriesContext(connection) as one:
        client.get(feed_url(place))
    for _ in range(4):
        RegistrationFactory(session=SessionFactory(workshop__place=place))
    with CaptureQueriesContext(connection) as five:
        _, found = events(client.get(feed_url(place)).content)
    assert len(found) == 5 and len(five) == len(one)


def test_spaceapi_declares_the_calendar(client, place):
    document = client.get(reverse("spaces:spaceapi", kwargs={"place_slug": place.slug})).json()
    jsonschema.Draft201909Validator(json.loads(SPACEAPI_SCHEMA.read_text())).validate(document)
    assert document["feeds"]["calendar"] == {"type": "ical", "url": f"http://testserver{feed_url(place)}"}
    other = PlaceFactory(services=["coworking"])
    document = client.get(reverse("spaces:spaceapi", kwargs={"place_slug": other.slug})).json()
    assert "calendar" not in document.get("feeds", {})


def test_the_help_page_links_the_feed(client, place):
    page = client.get(reverse("mediation:help", kwargs={"place_slug": place.slug})).content.decode()
    assert f'href="{feed_url(place)}"' in page and 'id="workshops-feed"' in page
