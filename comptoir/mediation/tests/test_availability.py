"""Weekly availability of the mediators: slots computed from rules, taken without account, DST-safe."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.permissions import Role
from comptoir.mediation import availability, services
from comptoir.mediation.models import Appointment, AvailabilityRule
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services as spaces_services
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import ClosureFactory, ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
T = dt.time
UTC = dt.UTC


def wednesday(hour=10, minute=0):
    return next_weekday(2, hour=hour, minute=minute)


def add_rule(place, mediator, **kwargs):
    kwargs.setdefault("weekday", 2)
    kwargs.setdefault("start_time", T(10))
    kwargs.setdefault("end_time", T(12))
    kwargs.setdefault("slot_minutes", 30)
    return services.availability_rule_create(place=place, mediator=mediator, actor=mediator, **kwargs)


def slots_on(place, day, **kwargs):
    return availability.rule_slots(place=place, start_day=day, days=1, **kwargs)


def test_a_rule_offers_its_slots_every_week(place, mediator):
    add_rule(place, mediator)
    day = wednesday().date()
    assert [s.starts_at for s in slots_on(place, day)] == [wednesday(10), wednesday(10, 30), wednesday(11),
                                                           wednesday(11, 30)]  # fmt: skip
    keys = [s.key for s in availability.free_slots(place=place)]
    assert len(keys) >= 12 and all(k.startswith("r") for k in keys)  # at least 3 Wednesdays in 4 weeks
    assert slots_on(place, day + dt.timedelta(days=1)) == []  # Thursday


def test_dates_of_the_rule(place, mediator):
    day = wednesday().date()
    add_rule(place, mediator, valid_from=day + dt.timedelta(days=7), valid_until=day + dt.timedelta(days=7))
    assert slots_on(place, day) == []
    assert len(slots_on(place, day + dt.timedelta(days=7))) == 4
    assert slots_on(place, day + dt.timedelta(days=14)) == []


def test_daylight_saving_change_keeps_the_wall_clock_time(place, mediator):
    """Europe/Paris goes to summer time on Sunday 28 March 2027: 10:00 is 09:00 UTC before, 08:00 UTC after."""
    add_rule(place, mediator, valid_from=dt.date(2027, 3, 1), start_time=T(10), end_time=T(11))
    slots = availability.rule_slots(place=place, start_day=dt.date(2027, 3, 22), days=14)
    assert [s.starts_at.astimezone(UTC) for s in slots] == [
        dt.datetime(2027, 3, 24, 9, 0, tzinfo=UTC), dt.datetime(2027, 3, 24, 9, 30, tzinfo=UTC),
        dt.datetime(2027, 3, 31, 8, 0, tzinfo=UTC), dt.datetime(2027, 3, 31, 8, 30, tzinfo=UTC),
    ]  # fmt: skip
    after = slots[2]
    found = availability.slot_from_key(place=place, key=after.key)
    assert found is not None and found.starts_at == after.starts_at
    appointment = services.appointment_slot_take(place=place, slot=found, first_name="Ana", phone="0612345678")
    local = timezone.localtime(appointment.starts_at, place.tz)
    assert (local.date(), local.time(), appointment.duration_minutes) == (dt.date(2027, 3, 31), T(10), 30)
    again = availability.rule_slots(place=place, start_day=dt.date(2027, 3, 31), days=1)
    assert [s.starts_at.astimezone(UTC).time() for s in again] == [T(8, 30)]


def test_closures_hours_and_appointments_remove_slots(place, mediator):
    add_rule(place, mediator, start_time=T(17), end_time=T(20), slot_minutes=60)  # the place closes at 19:00
    day = wednesday().date()
    assert [timezone.localtime(s.starts_at, place.tz).hour for s in slots_on(place, day)] == [17, 18]
    (opened,) = services.appointment_slots_create(place=place, mediator=mediator, actor=mediator,
                                                  first_start=wednesday(17, 30))  # fmt: skip
    assert [timezone.localtime(s.starts_at, place.tz).hour for s in slots_on(place, day)] == [18]
    services.appointment_cancel(appointment=opened, actor=mediator)
    assert len(slots_on(place, day)) == 2
    ClosureFactory(place=place, start=wednesday(18), end=wednesday(23), reason="AG")
    assert len(slots_on(place, day)) == 1


def test_taking_a_rule_slot_and_the_race(place, mediator, django_capture_on_commit_callbacks):
    from django.core import mail

    add_rule(place, mediator)
    slot = slots_on(place, wednesday().date())[0]
    with django_capture_on_commit_callbacks(execute=True):
        taken = services.appointment_slot_take(place=place, slot=slot, first_name="Ana", email="ana@example.org")
    assert taken.status == Appointment.Status.BOOKED and taken.rule_id is not None
    assert mail.outbox[-1].to == ["ana@example.org"]
    assert slot.key not in [s.key for s in slots_on(place, wednesday().date())]
    with pytest.raises(Conflict):
        services.appointment_slot_take(place=place, slot=slot, first_name="Bob", phone="0612345678")
    with pytest.raises(ServiceError):
        services.appointment_slot_take(place=place, slot=slots_on(place, wednesday().date())[0], first_name="Bob")
    assert Appointment.objects.count() == 1
    services.appointment_cancel(appointment=taken, actor=mediator)
    assert slot.key in [s.key for s in slots_on(place, wednesday().date())]  # freed


def test_a_rule_with_a_room_books_it(place, mediator):
    room = ResourceFactory(place=place)
    add_rule(place, mediator, resource=room)
    member = member_of(place, Role.COWORKER)
    spaces_services.booking_create(resource=room, person=member, start=wednesday(10), end=wednesday(11), actor=member)
    slots = slots_on(place, wednesday().date())
    assert [timezone.localtime(s.starts_at, place.tz).time() for s in slots] == [T(11), T(11, 30)]
    taken = services.appointment_slot_take(place=place, slot=slots[0], first_name="Ana", phone="0612345678")
    assert taken.room_booking.resource == room and taken.room_booking.internal_use
    assert taken.room_label == room.name
    ClosureFactory(place=place, resource=room, start=wednesday(11, 30), end=wednesday(12), reason="Travaux")
    assert slots_on(place, wednesday().date()) == []
    assert Booking.objects.filter(resource=room).count() == 2


def test_rule_validation(place, mediator):
    add_rule(place, mediator)
    with pytest.raises(Conflict):
        add_rule(place, mediator, start_time=T(11), end_time=T(13))
    add_rule(place, mediator, start_time=T(12), end_time=T(13))  # touching is fine
    for kwargs in ({"start_time": T(15), "end_time": T(14)}, {"start_time": T(15), "end_time": T(15, 10)},
                   {"weekday": 9, "start_time": T(15), "end_time": T(16)},
                   {"start_time": T(15), "end_time": T(16), "resource": ResourceFactory(place=PlaceFactory())},
                   {"start_time": T(15), "end_time": T(16), "valid_until": dt.date(2020, 1, 1)}):  # fmt: skip
        with pytest.raises(ServiceError):
            add_rule(place, mediator, **kwargs)
    with pytest.raises(ServiceError):
        add_rule(place, member_of(PlaceFactory(), Role.MEDIATOR), weekday=4)
    assert AvailabilityRule.objects.count() == 2


def test_keys_are_checked(place, mediator):
    rule = add_rule(place, mediator)
    slot = slots_on(place, wednesday().date())[0]
    assert availability.slot_from_key(place=place, key=slot.key) is not None
    for key in (f"r{rule.pk}-{int(slot.starts_at.timestamp()) + 60}", f"r{rule.pk}-99999999999999999999", "r-1",
                f"r{rule.pk}", "x"):  # fmt: skip
        assert availability.slot_from_key(place=place, key=key) is None
    assert availability.slot_from_key(place=PlaceFactory(), key=slot.key) is None


def test_public_page_and_api_take_a_rule_slot(client, place, mediator):
    add_rule(place, mediator)
    listing = reverse("mediation:public_appointments", kwargs={"place_slug": place.slug})
    slot = availability.free_slots(place=place)[0]
    take = reverse("mediation:slot_take", kwargs={"place_slug": place.slug, "key": slot.key})
    assert take in client.get(listing).content.decode()
    assert client.get(take).status_code == 200
    response = client.post(take, {"first_name": "Ana", "phone": "06 12 34 56 78"})
    assert response.status_code == 200 and "Ana" in response.content.decode()
    assert client.get(take).status_code == 200  # still a valid key; taking it again says it is gone
    response = client.post(take, {"first_name": "Bob", "phone": "06 12 34 56 79"})
    assert response.status_code == 200 and Appointment.objects.count() == 1
    assert (
        client.get(reverse("mediation:slot_take", kwargs={"place_slug": place.slug, "key": "r0-1"})).status_code == 404
    )
    second = availability.free_slots(place=place)[0]
    api = f"/api/v1/places/{place.slug}/appointment-slots"
    assert second.key in [s["key"] for s in client.get(api).json()]
    response = client.post(f"{api}/{second.key}/book", {"first_name": "Cy", "email": "cy@example.org"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201 and Appointment.objects.count() == 2


def test_public_listing_query_count_is_constant(client, place, mediator):
    listing = reverse("mediation:public_appointments", kwargs={"place_slug": place.slug})
    add_rule(place, mediator)
    client.get(listing)
    with CaptureQueriesContext(connection) as few:
        client.get(listing)
    for weekday in (0, 1, 3):
        add_rule(place, member_of(place, Role.MEDIATOR), weekday=weekday, resource=ResourceFactory(place=place))
    with CaptureQueriesContext(connection) as many:
        assert client.get(listing).status_code == 200
    assert len(many) == len(few) + 1  # the room bookings are read once, for every rule with a room


def test_staff_page_adds_and_removes_rules(client, place, mediator):
    client.force_login(mediator)
    url = reverse("mediation:availability", kwargs={"place_slug": place.slug})
    assert client.get(url).status_code == 200
    data = {"mediator": mediator.pk, "weekday": 2, "start_time": "14:00", "end_time": "17:00", "slot_minutes": 45,
            "valid_from": timezone.localdate().isoformat()}  # fmt: skip
    assert client.post(url, data).status_code == 302
    rule = AvailabilityRule.objects.get()
    assert (rule.start_time, rule.slot_minutes, rule.created_by) == (T(14), 45, mediator)
    response = client.post(url, data)  # overlaps: shown on the form, nothing added
    assert response.status_code == 200 and AvailabilityRule.objects.count() == 1
    response = client.post(url, {**data, "end_time": "13:00"})
    assert response.status_code == 200 and AvailabilityRule.objects.count() == 1
    assert "Mercredi 14:00–17:00" in client.get(url).content.decode()
    delete = reverse("mediation:availability_delete", kwargs={"place_slug": place.slug, "rule_id": rule.pk})
    client.force_login(member_of(PlaceFactory(), Role.MEDIATOR))
    assert client.post(delete).status_code == 404
    client.force_login(member_of(place, Role.COWORKER))
    assert client.post(delete).status_code in (403, 404)
    client.force_login(mediator)
    assert client.post(delete).status_code == 302 and AvailabilityRule.objects.count() == 0
