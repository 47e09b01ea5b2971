import datetime as dt
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation.models import Registration, WorkshopSession
from comptoir.mediation.tests.factories import RegistrationFactory, SessionFactory, WorkshopFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory


def test_workshop_create_validates(place, mediator):
    workshop = services.workshop_create(place=place, actor=mediator, title="Débuter avec sa tablette",
                                        themes=["prendre_en_main_du_materiel"], capacity=6)  # fmt: skip
    assert workshop.capacity == 6 and workshop.price is None
    with pytest.raises(ServiceError):
        services.workshop_create(place=place, actor=mediator, title="x", price_kind="paid", price="abc")
    with pytest.raises(ServiceError):
        services.workshop_create(place=place, actor=mediator, title="", capacity=6)
    with pytest.raises(ServiceError):
        services.workshop_create(place=place, actor=mediator, title="x", themes=["zzz"])


def test_series_keeps_local_time_across_dst(place, mediator):
    workshop = WorkshopFactory(place=place)
    first = dt.datetime(2026, 10, 13, 14, 0, tzinfo=place.tz)  # summer time, series crosses 25 October
    sessions = services.session_series_create(workshop=workshop, actor=mediator, first_start=first, count=6,
                                              mediators=[mediator])  # fmt: skip
    assert len(sessions) == 6 and len({s.series for s in sessions}) == 1
    assert all(s.starts_at.astimezone(place.tz).hour == 14 for s in sessions)
    assert all(list(s.mediators.all()) == [mediator] for s in sessions)
    outsider = member_of(PlaceFactory(), Role.MEDIATOR)
    with pytest.raises(ServiceError):
        services.session_series_create(workshop=workshop, actor=mediator, first_start=first, mediators=[outsider])
    with pytest.raises(ServiceError):
        services.session_series_create(workshop=workshop, actor=mediator, first_start=first, count=0)


def test_registration_capacity_waiting_list_and_promotion(place, committed):
    session = SessionFactory(workshop__place=place, capacity=2)
    a = committed(services.registration_create, session=session, first_name="Ana", email="ana@example.org")
    b = committed(services.registration_create, session=session, first_name="Bob", phone="06 12 34 56 78")
    c = committed(services.registration_create, session=session, first_name="Cy", email="cy@example.org")
    assert [a.status, b.status, c.status] == ["confirmed", "confirmed", "waiting"]
    assert len(mail.outbox) == 2  # Bob gave only a phone
    committed(services.registration_cancel, registration=a)
    c.refresh_from_db()
    assert c.status == "confirmed"
    assert "cy@example.org" in mail.outbox[-1].to
    with pytest.raises(ServiceError):
        committed(services.registration_cancel, registration=a)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"first_name": "", "email": "a@example.org"}, "first_name"),
        ({"first_name": "Ana"}, "email"),
        ({"first_name": "Ana", "email": "pas-un-email"}, "email"),
    ],
)
def test_registration_refusals(place, data, field):
    session = SessionFactory(workshop__place=place)
    with pytest.raises(ServiceError) as error:
        services.registration_create(session=session, **data)
    assert error.value.field == field
    assert not Registration.objects.exists()


def test_duplicate_past_and_cancelled(place, mediator, committed):
    session = SessionFactory(workshop__place=place)
    committed(services.registration_create, session=session, first_name="Ana", email="ana@example.org")
    with pytest.raises(Conflict):
        committed(services.registration_create, session=session, first_name="ana", email="ANA@example.org")
    past = SessionFactory(workshop__place=place, starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ServiceError):
        committed(services.registration_create, session=past, first_name="Ana", email="ana@example.org")
    committed(services.session_cancel, session=session, actor=mediator)
    assert "ana@example.org" in mail.outbox[-1].to
    with pytest.raises(ServiceError):
        committed(services.registration_create, session=session, first_name="Zoé", email="zoe@example.org")


def test_attendance_all_present_by_default_and_walk_ins(place, mediator):
    session = SessionFactory(workshop__place=place, starts_at=timezone.now() - dt.timedelta(minutes=10), capacity=2)
    a = RegistrationFactory(session=session)
    b = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status="waiting")
    services.attendance_save(session=session, absent_ids=[b.pk], actor=mediator)
    walk_in = services.walk_in_add(session=session, actor=mediator, first_name="Passant")
    a.refresh_from_db()
    b.refresh_from_db()
    waiting.refresh_from_db()  # noqa: E702
    assert a.attended is True and b.attended is False and waiting.attended is None
    assert walk_in.attended and walk_in.is_walk_in
    session.refresh_from_db()
    assert session.attendance_taken_at is not None
    future = SessionFactory(workshop__place=place, starts_at=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ServiceError):
        services.attendance_save(session=future, absent_ids=[], actor=mediator)


def test_reminders_sent_once(place, committed):
    soon = SessionFactory(workshop__place=place, starts_at=timezone.now() + dt.timedelta(hours=5))
    later = SessionFactory(workshop__place=place, starts_at=timezone.now() + dt.timedelta(days=5))
    RegistrationFactory(session=soon, email="r@example.org")
    RegistrationFactory(session=soon, email="")
    RegistrationFactory(session=later)
    assert committed(services.reminders_send, place=place) == 1
    assert mail.outbox[-1].to == ["r@example.org"]
    assert committed(services.reminders_send, place=place) == 0


def _run_in_threads(count, target):
    errors = []
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait(timeout=10)
            target(index)
        except Exception as error:  # collected and checked by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    place = PlaceFactory()
    session = SessionFactory(workshop__place=place, capacity=3)

    def register(index):
        services.registration_create(session=session, first_name=f"P{index}", email=f"p{index}@example.org")

    errors = _run_in_threads(8, register)
    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waiting") == 5

    confirmed = list(Registration.objects.filter(session=session, status="confirmed"))

    def cancel(index):
        services.registration_cancel(registration=confirmed[index])

    assert _run_in_threads(3, cancel) == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waiting") == 2
    assert statuses.count("cancelled") == 3
    assert WorkshopSession.objects.get(pk=session.pk).capacity == 3


def test_attendance_updates_known_peoples_visits(place, mediator):
    from comptoir.mediation.tests.factories import BeneficiaryFactory

    session = SessionFactory(workshop__place=place, starts_at=timezone.now() - dt.timedelta(minutes=10))
    newcomer = BeneficiaryFactory(place=place)
    regular = BeneficiaryFactory(place=place, first_visit=dt.date(2020, 1, 1), last_visit=dt.date(2020, 1, 1))
    r1 = RegistrationFactory(session=session, beneficiary=newcomer)
    r2 = RegistrationFactory(session=session, beneficiary=regular)
    services.attendance_save(session=session, absent_ids=[], actor=mediator)
    r1.refresh_from_db()
    r2.refresh_from_db()
    newcomer.refresh_from_db()
    regular.refresh_from_db()  # noqa: E702
    day = timezone.localtime(session.starts_at, place.tz).date()
    assert r1.is_first_visit and not r2.is_first_visit
    assert newcomer.first_visit == day and regular.last_visit == day and regular.first_visit == dt.date(2020, 1, 1)
    services.attendance_save(session=session, absent_ids=[], actor=mediator)  # saving twice changes nothing
    r1.refresh_from_db()
    assert r1.is_first_visit


def test_registration_never_fails_badly(place):
    """Whatever people type, the answer is a registration or a clear refusal, never a crash."""
    # Random text is almost never a valid address or phone number: well-formed ones are drawn too, two explicit
    # examples give each answer, and the answers are counted, so that registrations are checked, not only refusals.
    answers = Counter()

    @settings(max_examples=60, deadline=None)
    @given(
        first_name=st.text(max_size=120),
        email=st.one_of(st.text(max_size=80), st.emails()),
        phone=st.one_of(st.text(max_size=40), st.from_regex(r"0[1-9]( ?[0-9]{2}){4}", fullmatch=True)),
    )
    @example(first_name="Ana", email="ana@example.org", phone="")
    @example(first_name="Ana", email="ana@", phone="")
    def register(first_name, email, phone):
        session = SessionFactory(workshop__place=place, capacity=2)
        try:
            registration = services.registration_create(session=session, first_name=first_name, email=email,
                                                        phone=phone)  # fmt: skip
        except ServiceError as error:
            assert str(error.message)
            answers["refused"] += 1
        else:
            assert registration.first_name and (registration.email or registration.phone)
            answers["registered"] += 1

    register()
    assert answers["registered"] and answers["refused"], answers


def test_control_characters_are_removed(place):
    session = SessionFactory(workshop__place=place)
    registration = services.registration_create(session=session, first_name="A\x00na\u200b", phone="06\x0012345678")
    assert registration.first_name.startswith("Ana")


def test_no_attendance_for_a_cancelled_session(place, mediator):
    session = SessionFactory(
        workshop__place=place, starts_at=timezone.now() - dt.timedelta(minutes=5), status="cancelled"
    )
    with pytest.raises(ServiceError):
        services.attendance_save(session=session, absent_ids=[], actor=mediator)
