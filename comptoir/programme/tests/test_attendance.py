"""Attendance: the sheet, walk-ins and the door's QR code; all open when the doors open."""

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.programme import services
from comptoir.programme.models import Attendance, Registration
from comptoir.programme.tests.factories import ActivityFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(place):
    """A session that started ten minutes ago."""
    start = timezone.now() - dt.timedelta(minutes=10)
    return SessionFactory(activity=ActivityFactory(place=place), starts_at=start, capacity=6)


def test_everyone_registered_is_present_unless_marked_absent(session, host):
    a = RegistrationFactory(session=session, seats=2)
    b = RegistrationFactory(session=session)
    RegistrationFactory(session=session, state=Registration.State.WAITING)
    rows = services.attendance_record(session=session, actor=host, absent_ids=[b.pk])
    assert {(r.registration_id, r.present, r.headcount) for r in rows} == {(a.pk, True, 2), (b.pk, False, 1)}
    services.attendance_record(session=session, actor=host, absent_ids=[])  # corrected: b came after all
    assert Attendance.objects.get(registration=b).present is True
    assert Attendance.objects.count() == 2


def test_a_stranger_cannot_be_marked_absent(session, host):
    other = RegistrationFactory()
    with pytest.raises(ServiceError):
        services.attendance_record(session=session, actor=host, absent_ids=[other.pk])
    assert not Attendance.objects.exists()


def test_walk_ins_count_even_beyond_the_seats(session, host):
    attendance = services.walk_in_record(session=session, actor=host, first_name="Zoé", headcount=3)
    assert attendance.is_walk_in and attendance.present and attendance.headcount == 3
    assert attendance.place == session.place


def test_the_qr_code_checks_a_confirmed_registration_in_once(session, host):
    registration = RegistrationFactory(session=session, seats=3)
    attendance = services.checkin_by_qr(place=session.place, qr_token=registration.qr_token, actor=host)
    assert attendance.present and attendance.checked_in_at and attendance.headcount == 3
    with pytest.raises(ServiceError) as error:
        services.checkin_by_qr(place=session.place, qr_token=registration.qr_token, actor=host)
    assert error.value.code == "already_checked_in"
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "code"),
    [(Registration.State.WAITING, "waiting"), (Registration.State.CANCELLED, "cancelled_registration")],
)
def test_the_door_refuses_a_waiting_or_cancelled_registration(session, host, state, code):
    registration = RegistrationFactory(session=session, state=state)
    with pytest.raises(ServiceError) as error:
        services.checkin_by_qr(place=session.place, qr_token=registration.qr_token, actor=host)
    assert error.value.code == code


def test_the_door_refuses_another_places_code_and_a_cancelled_session(session, host, place):
    elsewhere = RegistrationFactory()
    with pytest.raises(ServiceError) as error:
        services.checkin_by_qr(place=place, qr_token=elsewhere.qr_token, actor=host)
    assert error.value.code == "unknown_code"
    registration = RegistrationFactory(session=session)
    session.is_cancelled, session.cancelled_at, session.cancel_reason = True, timezone.now(), "Orage"
    session.save()
    with pytest.raises(ServiceError) as error:
        services.checkin_by_qr(place=place, qr_token=registration.qr_token, actor=host)
    assert error.value.code == "cancelled"


def test_the_doors_open_before_the_start_as_the_activity_says(place, host):
    activity = ActivityFactory(place=place, doors_open_minutes=30)
    soon = SessionFactory(activity=activity, starts_at=timezone.now() + dt.timedelta(minutes=20))
    later = SessionFactory(activity=activity, starts_at=timezone.now() + dt.timedelta(hours=2))
    early = RegistrationFactory(session=soon)
    services.checkin_by_qr(place=place, qr_token=early.qr_token, actor=host)  # doors opened 10 minutes ago
    too_early = RegistrationFactory(session=later)
    for call in (
        lambda: services.checkin_by_qr(place=place, qr_token=too_early.qr_token, actor=host),
        lambda: services.walk_in_record(session=later, actor=host),
        lambda: services.attendance_record(session=later, actor=host),
    ):
        with pytest.raises(ServiceError) as error:
            call()
        assert error.value.code == "too_early"


def test_the_door_closes_when_the_session_ends(place, host):
    start = timezone.now() - dt.timedelta(hours=3)
    session = SessionFactory(
        activity=ActivityFactory(place=place), starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    registration = RegistrationFactory(session=session)
    with pytest.raises(ServiceError) as error:
        services.checkin_by_qr(place=place, qr_token=registration.qr_token, actor=host)
    assert error.value.code == "over"
