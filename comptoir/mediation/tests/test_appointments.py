"""Appointments with a mediator: slots (room through the booking engine), taken without account, held."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation.models import Accompaniment, Appointment
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services as spaces_services
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Bureau d'accueil")


def thursday(hour=10, weeks_ahead=1):
    return next_weekday(3, hour=hour, weeks_ahead=weeks_ahead)


def open_slots(place, mediator, **kwargs):
    kwargs.setdefault("first_start", thursday())
    return services.appointment_slots_create(place=place, mediator=mediator, actor=mediator, **kwargs)


def test_slots_in_a_row_book_the_room(place, mediator, room):
    slots = open_slots(place, mediator, count=4, duration_minutes=30, resource=room)
    assert [s.starts_at for s in slots] == [thursday() + i * dt.timedelta(minutes=30) for i in range(4)]
    assert all(s.status == Appointment.Status.OPEN for s in slots)
    assert all(s.room_booking.resource == room and s.room_booking.state == "confirmed" for s in slots)


def test_a_room_clash_refuses_every_slot(place, mediator, room):
    member = member_of(place, Role.COWORKER)
    spaces_services.booking_create(resource=room, person=member, start=thursday(11), end=thursday(12), actor=member)
    with pytest.raises(Conflict) as caught:
        open_slots(place, mediator, count=4, duration_minutes=30, resource=room)  # 10:00–12:00
    assert f"{thursday(11):%d/%m/%Y} 11:00" in str(caught.value.message)
    assert Appointment.objects.count() == 0 and Booking.objects.count() == 1


def test_the_mediator_cannot_be_in_two_slots(place, mediator):
    open_slots(place, mediator, count=2)
    with pytest.raises(Conflict):
        open_slots(place, mediator, first_start=thursday() + dt.timedelta(minutes=30))
    outsider = member_of(PlaceFactory(), Role.MEDIATOR)
    with pytest.raises(ServiceError):
        open_slots(place, outsider)
    with pytest.raises(ServiceError):
        open_slots(place, mediator, resource=ResourceFactory(place=PlaceFactory()), first_start=thursday(15))


def test_a_person_takes_a_slot_once(place, mediator, django_capture_on_commit_callbacks):
    (slot,) = open_slots(place, mediator)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_take(appointment=slot, first_name="Ana", email="ana@example.org", subject="Impôts")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    with pytest.raises(Conflict):
        services.appointment_take(appointment=slot, first_name="Bob", phone="06 12 34 56 78")
    with pytest.raises(ServiceError):
        services.appointment_take(appointment=slot, first_name="Bob")


def test_cancel_frees_the_room_and_tells_the_person(place, mediator, room, django_capture_on_commit_callbacks):
    (slot,) = open_slots(place, mediator, resource=room)
    services.appointment_take(appointment=slot, first_name="Ana", email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(appointment=slot, actor=mediator)
    assert Booking.objects.get(pk=slot.room_booking_id).state == Booking.State.CANCELLED
    assert mail.outbox[-1].to == ["ana@example.org"]
    member = member_of(place, Role.COWORKER)
    spaces_services.booking_create(resource=room, person=member, start=slot.starts_at, end=slot.ends_at, actor=member)


def _held(place, mediator):
    (slot,) = open_slots(place, mediator)
    services.appointment_take(appointment=slot, first_name="Ana", phone="06 12 34 56 78")
    past = timezone.now() - 2 * H
    Appointment.objects.filter(pk=slot.pk).update(starts_at=past, ends_at=past + dt.timedelta(minutes=30))
    return Appointment.objects.get(pk=slot.pk)


def test_the_appointment_becomes_an_accompaniment(client, place, mediator):
    slot = _held(place, mediator)
    client.force_login(mediator)
    quick = reverse("mediation:quick_entry", kwargs={"place_slug": place.slug})
    page = client.get(f"{quick}?rendez_vous={slot.pk}").content.decode()
    assert 'name="appointment"' in page and 'value="Ana"' in page
    data = {
        "lines": "1", "appointment": str(slot.pk), "date": timezone.localdate(timezone=place.tz).isoformat(),
        "place_type": "lieu_activite", "l0-type": "individuel", "l0-duration_minutes": "30",
        "l0-themes": ["email"], "l0-new_first_name": "",
    }  # fmt: skip
    response = client.post(quick, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    accompaniment = Accompaniment.objects.get()
    slot.refresh_from_db()
    assert accompaniment.appointment_ref == str(slot.pk)
    assert slot.status == Appointment.Status.DONE and slot.accompaniment == accompaniment
    assert client.get(f"{quick}?rendez_vous={slot.pk}").status_code == 404  # already recorded


def test_an_appointment_needs_one_line(place, mediator):
    slot = _held(place, mediator)
    line = services.AccompanimentInput(themes=["email"])
    with pytest.raises(ServiceError):
        services.accompaniments_record(place=place, mediator=mediator, lines=[line, line], appointment=slot)
    (record,) = services.accompaniments_record(place=place, mediator=mediator, lines=[line], appointment=slot)
    assert record.appointment_ref == str(slot.pk)
    with pytest.raises(ServiceError):
        services.accompaniments_record(place=place, mediator=mediator, lines=[line], appointment=slot)


def test_public_pages_take_a_slot(client, place, mediator):
    (slot,) = open_slots(place, mediator)
    help_page = client.get(reverse("mediation:help", kwargs={"place_slug": place.slug})).content.decode()
    listing = reverse("mediation:public_appointments", kwargs={"place_slug": place.slug})
    assert listing in help_page
    assert client.get(listing).status_code == 200
    take = reverse("mediation:appointment_take", kwargs={"place_slug": place.slug, "appointment_id": slot.pk})
    response = client.post(take, {"first_name": "Ana", "phone": "06 12 34 56 78"})
    assert response.status_code == 200 and "Ana" in response.content.decode(), response.content.decode()[-4000:]
    assert Appointment.objects.get(pk=slot.pk).status == Appointment.Status.BOOKED
    assert client.get(take).status_code == 404  # taken


def test_staff_page_opens_slots_and_cancels(client, place, mediator, room):
    client.force_login(mediator)
    page_url = reverse("mediation:appointments", kwargs={"place_slug": place.slug})
    assert client.get(page_url).status_code == 200
    data = {"mediator": mediator.pk, "first_start": f"{thursday():%Y-%m-%dT%H:%M}", "duration_minutes": 30,
            "count": 2, "resource": room.pk}  # fmt: skip
    assert client.post(page_url, data).status_code == 302
    assert Appointment.objects.filter(room_booking__resource=room).count() == 2
    response = client.post(page_url, data)  # the same times again: the mediator is busy
    assert response.status_code == 200 and Appointment.objects.count() == 2
    slot = Appointment.objects.first()
    cancel = reverse("mediation:appointment_cancel", kwargs={"place_slug": place.slug, "appointment_id": slot.pk})
    assert client.post(cancel).status_code == 302
    assert Appointment.objects.get(pk=slot.pk).status == Appointment.Status.CANCELLED


def test_retention_blanks_old_appointments(place, mediator):
    slot = _held(place, mediator)
    old = timezone.now() - dt.timedelta(days=800)
    Appointment.objects.filter(pk=slot.pk).update(starts_at=old, ends_at=old + H)
    result = services.retention_apply(place=place)
    assert result is not None
    slot.refresh_from_db()
    assert slot.first_name == "" and slot.phone == ""


def test_erasure_blanks_the_persons_appointments(place, mediator):
    from comptoir.mediation.tests.factories import BeneficiaryFactory

    (slot,) = open_slots(place, mediator)
    services.appointment_take(appointment=slot, first_name="Ana", email="ana@example.org")
    beneficiary = BeneficiaryFactory(place=place, first_name="Ana", email="ana@example.org")
    services.beneficiary_erase(beneficiary=beneficiary, actor=mediator)
    slot.refresh_from_db()
    assert slot.first_name == "" and slot.email == ""
