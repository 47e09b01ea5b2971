"""The pages: public agenda, event page with registration, self-service link, staff list and the door."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.programme.models import Activity, Attendance, Registration
from comptoir.programme.tests.factories import ActivityFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def url(place, name, **kwargs):
    return reverse(f"programme:{name}", kwargs={"place_slug": place.slug, **kwargs})


def test_the_agenda_lists_upcoming_published_sessions_with_seats_left(client, place):
    goûter = ActivityFactory(place=place, title="Goûter de code")
    session = SessionFactory(activity=goûter, capacity=10)
    RegistrationFactory(session=session, seats=3)
    SessionFactory(activity=goûter, starts_at=timezone.now() - dt.timedelta(days=2))  # over
    SessionFactory(activity=ActivityFactory(place=place, title="Brouillon secret", status=Activity.Status.DRAFT))
    SessionFactory(activity=ActivityFactory(title="Ailleurs"))  # another place
    page = client.get(url(place, "agenda")).content.decode()
    assert "Goûter de code" in page and "7 places restantes" in page
    assert page.count(url(place, "event", session_id=session.pk)) == 1
    assert "Brouillon secret" not in page and "Ailleurs" not in page
    assert 'class="responsive"' in page and 'data-label="Quand"' in page


def test_the_agenda_costs_the_same_queries_for_one_or_many_sessions(client, place):
    activity = ActivityFactory(place=place)
    SessionFactory(activity=activity)
    client.get(url(place, "agenda"))
    with CaptureQueriesContext(connection) as one:
        client.get(url(place, "agenda"))
    for _ in range(8):
        RegistrationFactory(session=SessionFactory(activity=ActivityFactory(place=place)))
    with CaptureQueriesContext(connection) as many:
        client.get(url(place, "agenda"))
    assert len(many) == len(one)


def test_registering_without_an_account_on_the_event_page(client, place, django_capture_on_commit_callbacks):
    session = SessionFactory(activity=ActivityFactory(place=place, title="Quinzaine"), capacity=4)
    page = client.get(url(place, "event", session_id=session.pk)).content.decode()
    assert "S'inscrire" in page and "4 places restantes" in page and 'autocomplete="given-name"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(place, "event", session_id=session.pk),
            {"first_name": "Inès", "email": "ines@example.org", "phone": "", "seats": "3", "child_first_name": "Noé",
             "child_age": "9"},
        )  # fmt: skip
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert (registration.first_name, registration.seats, registration.child_age, registration.state) == (
        "Inès", 3, 9, "confirmed"
    )
    assert "3 places vous sont réservées" in response.content.decode()
    assert url(place, "registration", token=registration.token) in response.content.decode()
    assert mail.outbox[0].to == ["ines@example.org"]


def test_a_refusal_is_shown_on_the_form_and_nothing_is_written(client, place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=2)
    response = client.post(url(place, "event", session_id=session.pk), {"first_name": "Inès", "seats": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Indiquez une adresse e-mail ou un numéro de téléphone" in page
    response = client.post(
        url(place, "event", session_id=session.pk), {"first_name": "Inès", "email": "i@example.org", "seats": "3"}
    )
    assert "2 places en tout" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_cancelled_or_past_session_shows_no_form(client, place):
    cancelled = SessionFactory(activity=ActivityFactory(place=place), is_cancelled=True, cancelled_at=timezone.now(),
                               cancel_reason="Orage annoncé")  # fmt: skip
    page = client.get(url(place, "event", session_id=cancelled.pk)).content.decode()
    assert "Cette séance est annulée." in page and "Orage annoncé" in page and "registration-form" not in page
    client.post(url(place, "event", session_id=cancelled.pk), {"first_name": "A", "email": "a@example.org", "seats": 1})
    assert not Registration.objects.exists()
    past = SessionFactory(activity=ActivityFactory(place=place), starts_at=timezone.now() - dt.timedelta(minutes=5))
    assert "registration-form" not in client.get(url(place, "event", session_id=past.pk)).content.decode()


def test_a_draft_or_another_places_session_is_not_found(client, place):
    draft = SessionFactory(activity=ActivityFactory(place=place, status=Activity.Status.DRAFT))
    elsewhere = SessionFactory()
    assert client.get(url(place, "event", session_id=draft.pk)).status_code == 404
    assert client.get(url(place, "event", session_id=elsewhere.pk)).status_code == 404


def test_the_self_service_link_shows_the_qr_code_and_cancels(client, place, django_capture_on_commit_callbacks):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=1)
    mine = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, state=Registration.State.WAITING, email="next@example.org")
    page = client.get(url(place, "registration", token=mine.token)).content.decode()
    assert "<svg" in page and "Montrez ce code à l’entrée" in page
    assert mine.qr_token not in page.replace(url(place, "door", qr_token=mine.qr_token), "")  # only inside the code
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(place, "registration", token=mine.token))
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.state == "cancelled" and waiting.state == "confirmed"
    assert mail.outbox[-1].to == ["next@example.org"]
    page = client.get(url(place, "registration", token=mine.token)).content.decode()
    assert "registration-cancel-form" not in page and "<svg" not in page


def test_a_wrong_token_or_another_places_token_is_not_found(client, place):
    other = RegistrationFactory()
    assert client.get(url(place, "registration", token="nope")).status_code == 404
    assert client.get(url(place, "registration", token=other.token)).status_code == 404
    assert client.get(url(place, "registration", token=other.qr_token)).status_code == 404


def test_staff_see_an_activitys_sessions_and_registrations(client, place, host):
    activity = ActivityFactory(place=place, title="Repair café")
    session = SessionFactory(activity=activity, capacity=2)
    RegistrationFactory(session=session, first_name="Alix", seats=2, child_first_name="Lou", child_age=7)
    RegistrationFactory(session=session, first_name="Basile", state=Registration.State.WAITING)
    client.force_login(host)
    assert "Repair café" in client.get(url(place, "staff_activities")).content.decode()
    page = client.get(url(place, "staff_activity", activity_id=activity.pk)).content.decode()
    assert "2 places prises sur 2" in page and "1 en attente" in page
    assert page.index("Alix") < page.index("Basile") and "Lou (7 ans)" in page
    assert 'class="responsive registrations"' in page


def test_the_staff_activity_page_costs_the_same_queries_whatever_the_registrations(client, place, host):
    activity = ActivityFactory(place=place)
    RegistrationFactory(session=SessionFactory(activity=activity))
    client.force_login(host)
    address = url(place, "staff_activity", activity_id=activity.pk)
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    for _ in range(3):
        session = SessionFactory(activity=activity)
        for _ in range(4):
            RegistrationFactory(session=session)
    with CaptureQueriesContext(connection) as many:
        client.get(address)
    assert len(many) == len(one)


def test_staff_pages_are_closed_to_members_and_other_places(client, place, member):
    activity = ActivityFactory(place=place)
    client.force_login(member)
    assert client.get(url(place, "staff_activities")).status_code == 403
    stranger = member_of(PlaceFactory(), "host")
    client.force_login(stranger)
    assert client.get(url(place, "staff_activity", activity_id=activity.pk)).status_code == 404


def test_the_door_checks_a_person_in_with_their_qr_code(client, place, host):
    session = SessionFactory(activity=ActivityFactory(place=place), starts_at=timezone.now() + dt.timedelta(minutes=5))
    registration = RegistrationFactory(session=session, first_name="Maëlle", seats=2)
    client.force_login(host)
    door = url(place, "door", qr_token=registration.qr_token)
    assert "Maëlle" in client.get(door).content.decode()
    page = client.post(door, follow=True).content.decode()
    assert "Maëlle est accueilli·e (2 places)." in page and "Accueilli·e à" in page
    assert Attendance.objects.get().checked_in_at is not None
    page = client.post(door, follow=True).content.decode()
    assert re.search(r"Déjà accueilli·e à \d\d:\d\d", page)
    assert Attendance.objects.count() == 1


def test_the_door_is_for_staff_of_the_place_only(client, place, member):
    registration = RegistrationFactory(session=SessionFactory(activity=ActivityFactory(place=place)))
    door = url(place, "door", qr_token=registration.qr_token)
    assert client.get(door).status_code == 302  # to the login page
    client.force_login(member)
    assert client.get(door).status_code == 403
    assert not Attendance.objects.exists()


def test_english_pages(client, place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=3)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(url(place, "event", session_id=session.pk)).content.decode()
    assert "3 seats left" in page and ">Register<" in page


def test_staff_cancel_a_session_with_a_reason(client, place, mediator, host, django_capture_on_commit_callbacks):
    session = SessionFactory(activity=ActivityFactory(place=place))
    RegistrationFactory(session=session, email="a@example.org")
    address = url(place, "session_cancel", session_id=session.pk)
    client.force_login(host)
    assert client.get(address).status_code == 403  # hosts see and check in, they do not cancel
    assert url(place, "session_cancel", session_id=session.pk) not in client.get(
        url(place, "staff_activity", activity_id=session.activity_id)
    ).content.decode()
    client.force_login(mediator)
    page = client.post(address, {"reason": ""}).content.decode()
    assert "Ce champ est obligatoire" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address, {"reason": "Salle inondée"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "Salle inondée"
    assert mail.outbox[-1].to == ["a@example.org"]


def test_the_attendance_sheet_and_walk_ins(client, place, host):
    session = SessionFactory(activity=ActivityFactory(place=place), starts_at=timezone.now() - dt.timedelta(minutes=5))
    alix = RegistrationFactory(session=session, first_name="Alix", seats=2)
    basile = RegistrationFactory(session=session, first_name="Basile")
    RegistrationFactory(session=session, first_name="Chloé", state=Registration.State.WAITING)
    client.force_login(host)
    address = url(place, "attendance", session_id=session.pk)
    page = client.get(address).content.decode()
    assert "Alix" in page and "Basile" in page and "Chloé" not in page
    client.post(address, {"absent": [str(basile.pk)]})
    assert {a.registration_id: a.present for a in Attendance.objects.all()} == {alix.pk: True, basile.pk: False}
    client.post(address, {"walk_in": "1", "first_name": "Dora", "headcount": "2"})
    walk_in = Attendance.objects.get(registration__isnull=True)
    assert (walk_in.walk_in_name, walk_in.headcount) == ("Dora", 2)
    assert "Dora" in client.get(address).content.decode()


def test_the_attendance_sheet_waits_for_the_doors(client, place, host):
    session = SessionFactory(activity=ActivityFactory(place=place), starts_at=timezone.now() + dt.timedelta(days=1))
    RegistrationFactory(session=session)
    client.force_login(host)
    address = url(place, "attendance", session_id=session.pk)
    assert 'id="attendance-not-open"' in client.get(address).content.decode()
    page = client.post(address, {"absent": []}, follow=True).content.decode()
    assert "Les portes ouvrent le" in page
    assert not Attendance.objects.exists()


def test_staff_create_an_activity_and_schedule_a_weekly_series_in_a_room(client, place, mediator):
    from comptoir.spaces.models import Booking
    from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

    room = ResourceFactory(place=place, name="Grande salle", capacity=30)
    client.force_login(mediator)
    assert "Nouvelle activité" in client.get(url(place, "staff_activities")).content.decode()
    response = client.post(url(place, "activity_new"), {
        "title": "Goûter de code", "description": "On code.", "audience": "Familles", "age_min": "7", "age_max": "12",
        "level": "beginner", "themes": "code, jeux", "image_alt": "", "accessibility": "", "language": "fr",
        "organiser": "", "partners": "", "doors_open_minutes": "30", "status": "published",
    })  # fmt: skip
    activity = Activity.objects.get()
    assert response.status_code == 302 and activity.themes == ["code", "jeux"] and activity.age_max == 12
    start = next_weekday(2, hour=14)
    response = client.post(url(place, "sessions_new", activity_id=activity.pk), {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "12", "location_kind": "room", "resource": str(room.pk), "address": "", "online_url": "",
        "weeks": "3",
    })  # fmt: skip
    assert response.status_code == 302
    sessions = list(activity.sessions.order_by("starts_at"))
    assert [s.starts_at for s in sessions] == [start + dt.timedelta(weeks=w) for w in range(3)]  # the place's time
    assert Booking.objects.filter(resource=room, internal_use=True).count() == 3
    edit = url(place, "activity_edit", activity_id=activity.pk)
    assert 'value="code, jeux"' in client.get(edit).content.decode()


def test_a_refused_schedule_is_shown_on_the_form(client, place, mediator):
    from comptoir.spaces.tests.factories import next_weekday

    activity = ActivityFactory(place=place)
    client.force_login(mediator)
    start = next_weekday(2, hour=14)
    page = client.post(url(place, "sessions_new", activity_id=activity.pk), {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "12", "location_kind": "address", "address": "Parc", "weeks": "1",
    }).content.decode()  # fmt: skip
    assert "La fin doit venir après le début." in page
    page = client.post(url(place, "activity_new"), {
        "title": "x" * 151, "level": "all", "language": "fr", "doors_open_minutes": "30", "status": "draft",
    }).content.decode()  # fmt: skip
    assert "151" in page
    assert not activity.sessions.exists() and Activity.objects.count() == 1
