"""Scheduling sessions (a room booked through the booking engine, all or nothing) and cancelling them."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import Conflict, ServiceError
from comptoir.programme import services
from comptoir.programme.models import Registration, Session
from comptoir.programme.tests.factories import ActivityFactory, RegistrationFactory, SessionFactory
from comptoir.spaces import services as spaces_services
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import ClosureFactory, ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle des fêtes", capacity=30)


def schedule(activity, actor, start, **fields):
    data = {"ends_at": start + 2 * H, "capacity": 12, "location_kind": "room"}
    data.update(fields)
    return services.session_schedule(activity=activity, actor=actor, starts_at=start, **data)


def test_a_session_in_a_room_books_it_through_the_booking_engine(place, admin, room):
    activity = ActivityFactory(place=place, title="Goûter de code")
    start = next_weekday(2, hour=14)
    [session] = schedule(activity, admin, start, resource=room)
    booking = session.room_booking
    assert (booking.resource, booking.start, booking.end, booking.state) == (room, start, start + 2 * H, "confirmed")
    assert booking.internal_use and booking.title == "Goûter de code" and booking.attendees == 12
    assert session.place == place and session.location_label == "Salle des fêtes"
    assert AuditEntry.objects.filter(action="programme.sessions.scheduled").count() == 1


def test_a_weekly_series_keeps_its_local_time_across_the_clock_change(admin):
    from comptoir.places.tests.factories import PlaceFactory

    place = PlaceFactory(timezone="Europe/Paris")
    activity = ActivityFactory(place=place)
    tz = place.tz
    # Three Saturdays around the last Sunday of October (summer time ends).
    year = timezone.now().year + 1
    last_sunday = max(dt.date(year, 10, d) for d in range(25, 32) if dt.date(year, 10, d).weekday() == 6)
    start = dt.datetime.combine(last_sunday - dt.timedelta(days=8), dt.time(10, 0), tzinfo=tz)
    sessions = schedule(activity, admin, start, location_kind="address", address="Parc", weeks=3)
    assert [timezone.localtime(s.starts_at, tz).time() for s in sessions] == [dt.time(10, 0)] * 3
    assert len({s.series for s in sessions}) == 1 and sessions[0].series is not None
    assert {s.starts_at.utcoffset() for s in sessions} == {dt.timedelta(hours=2), dt.timedelta(hours=1)}


def test_a_closed_room_refuses_the_session_and_nothing_is_written(place, admin, room):
    activity = ActivityFactory(place=place)
    start = next_weekday(1, hour=10)
    ClosureFactory(place=place, resource=room, start=start - H, end=start + 5 * H, reason="Travaux")
    with pytest.raises(ServiceError) as error:
        schedule(activity, admin, start, resource=room)
    assert error.value.field == "resource"
    with translation.override("fr"):
        assert "ne peut pas être réservée, rien n’a été programmé" in str(error.value.message)
    assert not Session.objects.exists() and not Booking.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programme.").exists()


def test_one_taken_date_refuses_the_whole_series_naming_it(place, admin, room, member):
    activity = ActivityFactory(place=place)
    start = next_weekday(3, hour=10)
    spaces_services.booking_create(resource=room, person=member, start=start + dt.timedelta(weeks=2),
                                   end=start + dt.timedelta(weeks=2) + H, actor=member)  # fmt: skip
    with pytest.raises(Conflict) as error:
        schedule(activity, admin, start, resource=room, weeks=4)
    assert error.value.code == "room_taken"
    assert timezone.localtime(start + dt.timedelta(weeks=2), place.tz).strftime("%d/%m/%Y") in str(error.value.message)
    assert not Session.objects.exists()
    assert Booking.objects.count() == 1  # the member's only: the three other dates were rolled back


def test_outside_the_opening_hours_the_room_is_refused(place, admin, room):
    activity = ActivityFactory(place=place)
    sunday = next_weekday(6, hour=10)  # the place is closed on Sundays
    with pytest.raises(ServiceError):
        schedule(activity, admin, sunday, resource=room)
    assert not Session.objects.exists()


def test_an_outside_address_or_an_online_link(place, admin):
    activity = ActivityFactory(place=place)
    start = next_weekday(2, hour=18)
    [outside] = schedule(activity, admin, start, location_kind="address", address="Parc de l'Europe")
    [online] = schedule(activity, admin, start, location_kind="online", online_url="https://visio.example.org/abc")
    assert outside.location_label == "Parc de l'Europe" and outside.room_booking is None
    assert online.online_url == "https://visio.example.org/abc"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"ends_at": "start"}, "ends_at", "La fin doit venir après le début"),
        ({"ends_at": "before"}, "ends_at", "La fin doit venir après le début"),
        ({"capacity": 0}, "capacity", "nombre de places"),
        ({"capacity": -3}, "capacity", "nombre de places"),
        ({"location_kind": "address", "address": ""}, "address", "adresse"),
        ({"location_kind": "online", "online_url": "javascript:alert(1)"}, "online_url", "https://"),
        ({"location_kind": "moon"}, "location_kind", "où a lieu"),
        ({"location_kind": "room", "resource": None}, "resource", "salles du lieu"),
        ({"weeks": 53}, "weeks", "semaines"),
    ],
)
def test_bad_sessions_get_a_clear_french_message_and_nothing_is_written(place, admin, fields, field, words):
    activity = ActivityFactory(place=place)
    start = next_weekday(2, hour=10)
    fields = dict(fields)
    if fields.get("ends_at") == "start":
        fields["ends_at"] = start
    elif fields.get("ends_at") == "before":
        fields["ends_at"] = start - H
    fields.setdefault("location_kind", "address")
    fields.setdefault("address", "Parc")
    with pytest.raises(ServiceError) as error:
        schedule(activity, admin, start, **fields)
    assert error.value.field == field
    with translation.override("fr"):
        assert words in str(error.value.message), str(error.value.message)
    assert not Session.objects.exists() and not Booking.objects.exists()


def test_a_session_in_the_past_is_refused(place, admin):
    with pytest.raises(ServiceError) as error:
        schedule(ActivityFactory(place=place), admin, timezone.now() - H, location_kind="address", address="Parc")
    assert error.value.field == "starts_at"


def test_another_places_room_is_refused(place, admin):
    other_room = ResourceFactory()
    with pytest.raises(ServiceError) as error:
        schedule(ActivityFactory(place=place), admin, next_weekday(2, hour=10), resource=other_room)
    assert error.value.field == "resource"
    assert not Booking.objects.exists()


def test_cancelling_tells_everyone_and_frees_the_room(
    place, admin, room, sms_outbox, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(place=place, title="Quinzaine")
    [session] = schedule(activity, admin, next_weekday(4, hour=10), resource=room, capacity=1)
    RegistrationFactory(session=session, email="a@example.org")
    RegistrationFactory(session=session, email="", phone="+33612345678", state=Registration.State.WAITING)
    RegistrationFactory(session=session, email="gone@example.org", state=Registration.State.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, actor=admin, reason="Intervenant malade")
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "Intervenant malade" and session.cancelled_at
    assert session.room_booking.state == Booking.State.CANCELLED
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "Intervenant malade" in mail.outbox[0].body
    [sms] = sms_outbox  # the person on the waiting list gave only a phone
    assert sms.to == "+33612345678" and "Intervenant malade" in sms.body
    with pytest.raises(ServiceError):
        services.session_cancel(session=session, actor=admin, reason="Encore")


def test_cancelling_needs_a_reason(place, admin):
    session = SessionFactory(activity=ActivityFactory(place=place))
    with pytest.raises(ServiceError) as error:
        services.session_cancel(session=session, actor=admin, reason="  ")
    assert error.value.field == "reason"
    session.refresh_from_db()
    assert not session.is_cancelled


def test_the_database_refuses_a_session_without_seats_or_place_to_be(place):
    from django.db import IntegrityError, transaction

    activity = ActivityFactory(place=place)
    start = timezone.now() + dt.timedelta(days=2)
    for fields in (
        {"capacity": 0},
        {"ends_at": start},
        {"location_kind": "address", "address": ""},
        {"location_kind": "room"},
        {"is_cancelled": True},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            SessionFactory(activity=activity, starts_at=start, **fields)


def test_a_room_too_small_for_the_seats_is_refused(place, admin):
    small = ResourceFactory(place=place, name="Cabine", capacity=4)
    with pytest.raises(ServiceError) as error:
        schedule(ActivityFactory(place=place), admin, next_weekday(2, hour=10), resource=small, capacity=12)
    assert error.value.field == "resource"
    assert not Session.objects.exists() and not Booking.objects.exists()
