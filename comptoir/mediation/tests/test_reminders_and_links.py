"""Reminders of appointments (never twice) and the self-cancel links of appointments and registrations."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comptoir.mediation import availability, services
from comptoir.mediation.models import Appointment, Registration
from comptoir.mediation.tests.factories import SessionFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
BASE = "https://comptoir.example.org"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.COMPTOIR_BASE_URL = BASE


def take(place, mediator, *, start, capture, **contact):
    (slot,) = services.appointment_slots_create(place=place, mediator=mediator, actor=mediator, first_start=start)
    contact.setdefault("email", "ana@example.org")
    with capture(execute=True):
        return services.appointment_take(appointment=slot, first_name="Ana", **contact)


def link_in(body: str) -> str:
    match = re.search(re.escape(BASE) + r"(\S+)", body)
    assert match, body
    return match.group(1)


def test_appointment_reminder_is_sent_once(place, mediator, django_capture_on_commit_callbacks):
    soon = take(
        place, mediator, start=timezone.now() + dt.timedelta(hours=5), capture=django_capture_on_commit_callbacks
    )
    take(place, mediator, start=timezone.now() + dt.timedelta(days=3), capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    for _ in range(2):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("mediation_reminders", stdout=out)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    assert f"{place.slug}: 0 appointment reminder(s)." in out.getvalue()  # the second run sends nothing
    body = mail.outbox[0].body
    assert "Rappel" in mail.outbox[0].subject and link_in(body).startswith(f"/{place.slug}/aide-numerique/rendez-vous/")
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_no_reminder_for_cancelled_or_past(place, mediator, django_capture_on_commit_callbacks):
    a = take(place, mediator, start=timezone.now() + dt.timedelta(hours=5), capture=django_capture_on_commit_callbacks)
    services.appointment_cancel(appointment=a, actor=mediator)
    assert services.appointment_reminders_send(place=place) == 0


def test_the_link_cancels_an_opened_slot_which_is_free_again(
    client, place, mediator, django_capture_on_commit_callbacks
):
    start = next_weekday(3, hour=10)
    appointment = take(place, mediator, start=start, capture=django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1].body)
    page = client.get(link)
    assert page.status_code == 200 and 'id="appointment-cancel-form"' in page.content.decode()
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"  # a GET only asks
    response = client.post(link)
    assert response.status_code == 200 and "annulé" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "open" and appointment.first_name == "" and appointment.email == ""
    assert f"a{appointment.pk}" in [s.key for s in availability.free_slots(place=place)]
    assert client.get(link).status_code == 404  # the slot is no longer this booking
    services.appointment_take(appointment=appointment, first_name="Bob", phone="0612345678")
    assert client.post(link).status_code == 404  # Bob's booking cannot be cancelled with Ana's link
    assert Appointment.objects.get(pk=appointment.pk).first_name == "Bob"


def test_the_link_cancels_a_rule_slot_and_its_room(client, place, mediator, django_capture_on_commit_callbacks):
    room = ResourceFactory(place=place)
    services.availability_rule_create(
        place=place, mediator=mediator, actor=mediator, weekday=2, start_time=dt.time(10), end_time=dt.time(11),
        slot_minutes=60, resource=room,
    )  # fmt: skip
    slot = availability.free_slots(place=place)[0]
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.appointment_slot_take(place=place, slot=slot, first_name="Ana", email="a@example.org")
    assert client.post(link_in(mail.outbox[-1].body)).status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert Booking.objects.get(pk=appointment.room_booking_id).state == Booking.State.CANCELLED
    assert slot.key in [s.key for s in availability.free_slots(place=place)]


def test_bad_links(client, place, mediator, django_capture_on_commit_callbacks):
    appointment = take(place, mediator, start=next_weekday(3, hour=10), capture=django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1].body)
    token = link.rstrip("/").rsplit("/", 1)[1]
    elsewhere = PlaceFactory()
    other = reverse("mediation:appointment_manage", kwargs={"place_slug": elsewhere.slug, "token": token})
    assert client.post(other).status_code == 404
    forged = reverse("mediation:appointment_manage", kwargs={"place_slug": place.slug, "token": token[:-2] + "xx"})
    assert client.post(forged).status_code == 404
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5), ends_at=timezone.now() + dt.timedelta(minutes=25)
    )
    response = client.post(link)
    assert response.status_code == 200 and Appointment.objects.get(pk=appointment.pk).status == "booked"


def test_workshop_messages_carry_the_link_and_cancelling_promotes(client, place, django_capture_on_commit_callbacks):
    session = SessionFactory(workshop__place=place, capacity=1, starts_at=timezone.now() + dt.timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(session=session, first_name="Ana", email="ana@example.org")
        services.registration_create(session=session, first_name="Bob", email="bob@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(place=place) == 1
    reminder = mail.outbox[-1]
    assert reminder.to == ["ana@example.org"]
    link = link_in(reminder.body)
    assert 'id="registration-cancel-form"' in client.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    assert Registration.objects.get(first_name="Bob").status == "confirmed"
    assert mail.outbox[-1].to == ["bob@example.org"]
