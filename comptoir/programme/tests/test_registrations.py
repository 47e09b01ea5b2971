"""Registrations: seats, the waiting list and its promotion, and the refusals that write nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import Conflict, ServiceError
from comptoir.programme import services
from comptoir.programme.models import Activity, Registration
from comptoir.programme.tests.factories import ActivityFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def register(session, **fields):
    data = {"first_name": "Ana", "email": "ana@example.org", "actor": None}
    data.update(fields)
    return services.registration_create(session=session, **data)


def states(session):
    return list(Registration.objects.filter(session=session).order_by("pk").values_list("first_name", "state"))


def test_registration_without_account_takes_seats_and_is_told(place, django_capture_on_commit_callbacks):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(session, seats=3, child_first_name="Lou", child_age=8)
    assert registration.state == Registration.State.CONFIRMED
    assert (registration.place, registration.seats, registration.child_age) == (place, 3, 8)
    assert registration.token and registration.qr_token and registration.token != registration.qr_token
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    assert AuditEntry.objects.filter(action="programme.registration.created", object_id=str(registration.pk)).exists()


def test_a_phone_is_enough_and_is_kept_in_international_form(place):
    session = SessionFactory(activity=ActivityFactory(place=place))
    registration = register(session, email="", phone="06 12 34 56 78")
    assert registration.phone == "+33612345678"


def test_seats_beyond_capacity_wait_whole(place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=4)
    register(session, first_name="A", email="a@example.org", seats=3)
    family = register(session, first_name="B", email="b@example.org", seats=2)
    single = register(session, first_name="C", email="c@example.org", seats=1)
    assert family.state == Registration.State.WAITING  # not split: two seats do not fit in one
    assert single.state == Registration.State.CONFIRMED  # fits in the last seat


def test_cancelling_promotes_the_waiting_list_in_order(place, django_capture_on_commit_callbacks):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=3)
    first = register(session, first_name="A", email="a@example.org", seats=3)
    family = register(session, first_name="B", email="b@example.org", seats=3)
    later = register(session, first_name="C", email="c@example.org", seats=1)
    assert family.state == later.state == Registration.State.WAITING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, actor=None)
    # The family came first and fits in the three free seats: promoted; the next one no longer fits.
    assert states(session) == [("A", "cancelled"), ("B", "confirmed"), ("C", "waiting")]
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert AuditEntry.objects.filter(action="programme.registration.promoted").count() == 1


def test_a_family_too_big_for_the_free_seats_keeps_its_rank_while_smaller_ones_fill_them(place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=4)
    a = register(session, first_name="A", email="a@example.org", seats=2)
    register(session, first_name="B", email="b@example.org", seats=2)
    register(session, first_name="C", email="c@example.org", seats=4)  # waits
    register(session, first_name="D", email="d@example.org", seats=1)  # waits
    register(session, first_name="E", email="e@example.org", seats=1)  # waits
    services.registration_cancel(registration=a, actor=None)
    # Two seats free: C (4) does not fit and keeps its place at the head; D and E fit, in order.
    assert states(session) == [("A", "cancelled"), ("B", "confirmed"), ("C", "waiting"), ("D", "confirmed"),
                               ("E", "confirmed")]  # fmt: skip


def test_cancelling_a_waiting_registration_promotes_nobody(place):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=1)
    register(session, first_name="A", email="a@example.org")
    waiting = register(session, first_name="B", email="b@example.org")
    register(session, first_name="C", email="c@example.org")
    services.registration_cancel(registration=waiting, actor=None)
    assert states(session) == [("A", "confirmed"), ("B", "cancelled"), ("C", "waiting")]
    with pytest.raises(ServiceError) as error:
        services.registration_cancel(registration=waiting, actor=None)
    assert error.value.code == "already_cancelled"


def test_the_same_person_cannot_register_twice(place):
    session = SessionFactory(activity=ActivityFactory(place=place))
    register(session)
    with pytest.raises(Conflict):
        register(session, email="ANA@example.org")
    register(session, child_first_name="Lou", child_age=6)  # her child is another registration


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"first_name": ""}, "first_name", "prénom"),
        ({"email": "", "phone": ""}, "email", "adresse e-mail ou un numéro"),
        ({"email": "pas-une-adresse"}, "email", "adresse e-mail valide"),
        ({"phone": "06 ABC"}, "phone", "numéro de téléphone"),
        ({"seats": 0}, "seats", "nombre de places"),
        ({"seats": 11}, "seats", "10 places en tout"),
        ({"child_age": 19, "child_first_name": "Lou"}, "child_age", "âge de l’enfant"),
        ({"child_age": 5}, "child_first_name", "prénom de l’enfant"),
        ({"first_name": "A" * 10_000}, "first_name", "trop long"),
    ],
)
def test_bad_input_gets_a_clear_french_message_and_writes_nothing(place, fields, field, words):
    session = SessionFactory(activity=ActivityFactory(place=place), capacity=10)
    with pytest.raises(ServiceError) as error:
        register(session, **fields)
    assert error.value.field == field
    from django.utils import translation

    with translation.override("fr"):
        assert words in str(error.value.message), str(error.value.message)
    assert not Registration.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("session_fields", "code", "words"),
    [
        ({"starts_at": timezone.now() - dt.timedelta(hours=1)}, "started", "Cette séance a déjà commencé"),
        ({"is_cancelled": True, "cancelled_at": timezone.now(), "cancel_reason": "Panne"}, "cancelled",
         "Cette séance est annulée : les inscriptions sont fermées."),
    ],
)  # fmt: skip
def test_a_past_or_cancelled_session_takes_no_registration(place, session_fields, code, words):
    from django.utils import translation

    session = SessionFactory(activity=ActivityFactory(place=place), **session_fields)
    with pytest.raises(ServiceError) as error:
        register(session)
    assert error.value.code == code
    with translation.override("fr"):
        assert words in str(error.value.message)
    assert not Registration.objects.exists()


def test_a_draft_activity_takes_no_registration(place):
    session = SessionFactory(activity=ActivityFactory(place=place, status=Activity.Status.DRAFT))
    with pytest.raises(ServiceError):
        register(session)


def test_a_signed_in_member_registers_with_their_account(place, member):
    session = SessionFactory(activity=ActivityFactory(place=place))
    registration = services.registration_create(session=session, actor=member, user=member)
    assert registration.user == member and registration.email == member.email and registration.first_name


def test_the_database_refuses_what_the_services_refuse(place):
    from django.db import IntegrityError, transaction

    session = SessionFactory(activity=ActivityFactory(place=place))
    for fields in ({"seats": 0}, {"email": "", "phone": ""}, {"child_age": 9, "child_first_name": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            RegistrationFactory(session=session, **fields)
