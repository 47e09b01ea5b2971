import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.spaces.availability import availability_search, day_slots, free_time
from comptoir.spaces.models import Resource
from comptoir.spaces.tests.factories import (
    BookingFactory,
    ClosureFactory,
    PoolFactory,
    ResourceFactory,
    next_weekday,
)

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def test_room_for_six_on_tuesday_afternoon(place):
    small = ResourceFactory(place=place, name="Petite", capacity=4)
    big = ResourceFactory(place=place, name="Grande", capacity=12)
    taken = ResourceFactory(place=place, name="Moyenne", capacity=8)
    closed = ResourceFactory(place=place, name="En travaux", capacity=10)
    start = next_weekday(1, hour=14)
    BookingFactory(resource=taken, start=start + H)
    ClosureFactory(place=place, resource=closed, start=start - H, end=start + 5 * H, reason="Peinture")
    results = {
        r.resource.name: r for r in availability_search(place=place, start=start, end=start + 2 * H, attendees=6)
    }
    assert results["Grande"].is_bookable
    assert [r.code for r in results["Petite"].reasons] == ["capacity"]
    assert [r.code for r in results["Moyenne"].reasons] == ["taken"]
    assert [r.code for r in results["En travaux"].reasons] == ["closure"]
    assert "Peinture" in results["En travaux"].reasons[0].message
    # Bookable first.
    assert availability_search(place=place, start=start, end=start + 2 * H, attendees=6)[0].resource == big
    assert small and closed


def test_outside_opening_hours_and_resource_hours_override(place):
    evening = ResourceFactory(place=place, name="Soir", opening_hours="Mo-Su 08:00-23:00")
    day_only = ResourceFactory(place=place, name="Jour")
    start = next_weekday(1, hour=20)
    results = {r.resource.name: r for r in availability_search(place=place, start=start, end=start + H)}
    assert results["Soir"].is_bookable
    assert [r.code for r in results["Jour"].reasons] == ["closed"]
    assert evening and day_only


def test_buffer_shows_in_search(place):
    room = ResourceFactory(place=place, buffer_minutes=30)
    start = next_weekday(1, hour=10)
    BookingFactory(resource=room, start=start)  # 10-11, blocks until 11:30
    assert [r.code for r in availability_search(place=place, start=start + H, end=start + 2 * H)[0].reasons] == [
        "taken"
    ]
    assert availability_search(place=place, start=start + 1.5 * H, end=start + 2.5 * H)[0].is_bookable


def test_pool_full_only_when_every_seat_is_taken(place):
    pool = PoolFactory(place=place, seats=2)
    start = next_weekday(1, hour=10)
    BookingFactory(resource=pool, start=start, seat=1)
    assert availability_search(place=place, start=start, end=start + H)[0].is_bookable
    BookingFactory(resource=pool, start=start, seat=2)
    assert [r.code for r in availability_search(place=place, start=start, end=start + H)[0].reasons] == ["full"]


def test_roles_reason_for_the_asker(place):
    ResourceFactory(place=place, allowed_roles=[Role.FAB_MANAGER])
    start = next_weekday(1, hour=10)
    member = member_of(place, Role.COWORKER)
    fab = member_of(place, Role.FAB_MANAGER)
    assert [r.code for r in availability_search(place=place, start=start, end=start + H, person=member)[0].reasons] == [
        "role"
    ]
    assert availability_search(place=place, start=start, end=start + H, person=fab)[0].is_bookable


def test_what_is_free_this_week(place):
    room = ResourceFactory(place=place)
    monday = next_weekday(0, hour=0)
    BookingFactory(resource=room, start=monday + 10 * H, end=monday + 12 * H)
    ClosureFactory(place=place, start=monday + 24 * H, end=monday + 48 * H, reason="Férié")
    [(res, ranges)] = free_time(place=place, start=monday, end=monday + 7 * 24 * H)
    assert res == room
    tz = place.tz
    as_local = [(a.astimezone(tz).strftime("%a %H:%M"), b.astimezone(tz).strftime("%a %H:%M")) for a, b in ranges]
    assert as_local == [
        ("Mon 09:00", "Mon 10:00"),
        ("Mon 12:00", "Mon 19:00"),
        ("Wed 09:00", "Wed 19:00"),
        ("Thu 09:00", "Thu 19:00"),
        ("Fri 09:00", "Fri 19:00"),
        ("Sat 10:00", "Sat 17:00"),
    ]


def test_day_slots_for_the_picker(place):
    room = ResourceFactory(place=place, granularity_minutes=60)
    day = next_weekday(1, hour=0).date()
    BookingFactory(resource=room, start=dt.datetime.combine(day, dt.time(11), tzinfo=place.tz))
    slots = day_slots(resource=room, day=day, minutes=60)
    assert [s.start.hour for s in slots] == list(range(9, 19))
    assert [s.start.hour for s in slots if not s.is_bookable] == [11]


def test_day_slots_on_dst_day(place):
    """The night of the change: a 24/7 resource offers 23 hourly slots in spring and 25 in autumn."""
    room = ResourceFactory(place=place, granularity_minutes=60, opening_hours="24/7", horizon_days=5000)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    spring = day_slots(resource=room, day=dt.date(2027, 3, 28), minutes=60, now=now)
    autumn = day_slots(resource=room, day=dt.date(2027, 10, 31), minutes=60, now=now)
    assert len(spring) == 23 and all(s.is_bookable for s in spring)
    assert len(autumn) in (24, 25)


def _count(place, start):
    with CaptureQueriesContext(connection) as ctx:
        availability_search(place=place, start=start, end=start + 2 * H, attendees=2)
        free_time(place=place, start=start, end=start + 24 * H)
    return len(ctx.captured_queries)


def test_search_query_count_does_not_grow(place):
    start = next_weekday(1, hour=10)
    ResourceFactory.create_batch(5, place=place)
    few = _count(place, start)
    resources = ResourceFactory.create_batch(55, place=place)
    for i, resource in enumerate(resources):
        for week in range(4):
            BookingFactory(resource=resource, start=start + dt.timedelta(weeks=week - 2) + (i % 3) * H)
    assert Resource.objects.filter(place=place).count() == 60
    assert _count(place, start) == few


def test_a_pool_seat_is_for_one_person(place):
    PoolFactory(place=place, seats=10, capacity=10)
    start = next_weekday(1, hour=10)
    [result] = availability_search(place=place, start=start, end=start + H, attendees=6)
    assert [r.code for r in result.reasons] == ["capacity"]
    assert availability_search(place=place, start=start, end=start + H, attendees=1)[0].is_bookable
