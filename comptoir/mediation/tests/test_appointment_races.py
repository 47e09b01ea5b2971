"""A mediator never ends up with two overlapping appointments, whoever writes them at the same moment:
staff opening slots by hand, or a person taking a slot of a weekly rule. Real threads, committed data."""

import datetime as dt
import threading

import pytest
from django.db import connection

from comptoir.core.errors import Conflict
from comptoir.core.permissions import Role
from comptoir.mediation import availability, services
from comptoir.mediation.models import Appointment
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.tests.factories import next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run each call in its own thread, all at once; return 'ok', 'conflict' or the error of each."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            call()
            outcomes[index] = "ok"
        except Conflict:
            outcomes[index] = "conflict"
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def overlapping(mediator):
    rows = list(Appointment.objects.filter(mediator=mediator).exclude(status="cancelled").order_by("starts_at"))
    return [(a.pk, b.pk) for a, b in zip(rows, rows[1:], strict=False) if b.starts_at < a.ends_at]


def test_two_hosts_opening_overlapping_slots_at_once():
    place = PlaceFactory()
    mediator = member_of(place, Role.MEDIATOR)
    start = next_weekday(3, hour=10)

    def open_at(offset):
        return lambda: services.appointment_slots_create(
            place=place, mediator=mediator, actor=mediator, first_start=start + offset, count=2
        )

    outcomes = race(open_at(dt.timedelta(0)), open_at(dt.timedelta(minutes=30)), open_at(dt.timedelta(minutes=45)))
    assert sorted(outcomes) == ["conflict", "conflict", "ok"], outcomes
    assert overlapping(mediator) == []


def test_a_host_opening_a_slot_while_someone_takes_the_rule_slot():
    place = PlaceFactory()
    mediator = member_of(place, Role.MEDIATOR)
    services.availability_rule_create(
        place=place, mediator=mediator, actor=mediator, weekday=2, start_time=dt.time(10), end_time=dt.time(12),
        slot_minutes=30,
    )  # fmt: skip
    wednesday = next_weekday(2, hour=10)
    slot = availability.rule_slots(place=place, start_day=wednesday.date(), days=1)[0]
    outcomes = race(
        lambda: services.appointment_slots_create(
            place=place, mediator=mediator, actor=mediator, first_start=wednesday
        ),
        lambda: services.appointment_slot_take(place=place, slot=slot, first_name="Ana", email="ana@example.org"),
    )
    assert sorted(outcomes) == ["conflict", "ok"], outcomes
    assert overlapping(mediator) == []
