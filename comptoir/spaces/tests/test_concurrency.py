"""Many simultaneous requests for overlapping slots: exactly one winner per slot (per seat for pools).

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with DATABASE_URL). Each thread
has its own connection and closes it; the data is committed (transaction=True) so threads see it.
"""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from comptoir.core.errors import Conflict
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import BookingFactory, PoolFactory, ResourceFactory, next_weekday

H = dt.timedelta(hours=1)


def storm(requests):
    """Run each ``(resource, person, start, end)`` in its own thread, all at once; return the outcomes."""
    barrier = threading.Barrier(len(requests))
    outcomes: list = [None] * len(requests)

    def attempt(index, resource, person, start, end):
        try:
            barrier.wait(timeout=30)
            booking = services.booking_create(resource=resource, person=person, start=start, end=end, actor=person)
            outcomes[index] = ("won", booking.pk)
        except Conflict:
            outcomes[index] = ("lost", None)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_one_winner_per_slot_under_a_storm():
    place = PlaceFactory()
    room = ResourceFactory(place=place, buffer_minutes=15)
    people = [member_of(place) for _ in range(4)]
    base = next_weekday(2, hour=9)
    # Three disjoint target slots; for each, four clients ask for overlapping variants of it.
    requests = []
    for slot in range(3):
        start = base + slot * 3 * H
        for i, person in enumerate(people):
            offset = dt.timedelta(minutes=30 * (i % 2))
            requests.append((room, person, start + offset, start + offset + H))
    outcomes = storm(requests)
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    assert sum(1 for o in outcomes if o[0] == "won") == 3
    bookings = list(Booking.objects.filter(resource=room).order_by("start"))
    assert len(bookings) == 3
    for a, b in zip(bookings, bookings[1:], strict=False):
        assert a.blocked_until <= b.start


@pytest.mark.django_db(transaction=True)
def test_pool_never_exceeds_its_seats_under_a_storm():
    place = PlaceFactory()
    pool = PoolFactory(place=place, seats=3, capacity=3)
    people = [member_of(place) for _ in range(10)]
    start = next_weekday(3, hour=10)
    outcomes = storm([(pool, person, start, start + 2 * H) for person in people])
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    assert sum(1 for o in outcomes if o[0] == "won") == 3
    seats = sorted(Booking.objects.filter(resource=pool).values_list("seat", flat=True))
    assert seats == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_postgresql_exclusion_constraint_backs_the_service_up():
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    room = ResourceFactory()
    start = next_weekday(1, hour=10)
    BookingFactory(resource=room, start=start)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(resource=room, start=start + dt.timedelta(minutes=30))
    # Another seat, a cancelled booking or a touching one are allowed.
    BookingFactory(resource=room, start=start, seat=2)
    BookingFactory(resource=room, start=start, state=Booking.State.CANCELLED, cancelled_at=start)
    BookingFactory(resource=room, start=start + H)


@pytest.mark.django_db
def test_the_lock_takes_the_resource_row_only():
    """Locking the joined place too would serialize every booking of the place."""
    from django.test.utils import CaptureQueriesContext

    from comptoir.spaces.services.bookings import _lock

    room = ResourceFactory()
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        _lock(room)
    [sql] = [q["sql"] for q in ctx.captured_queries if "spaces_resource" in q["sql"]]
    if connection.vendor == "postgresql":
        assert sql.endswith('FOR UPDATE OF "spaces_resource"')


@pytest.mark.django_db
def test_creating_a_booking_claims_its_days_not_the_resource_row():
    """On PostgreSQL a new booking claims the days it touches (advisory locks), not the resource row, so
    writers of other days of a room do not queue; SQLite's IMMEDIATE transaction is its lock."""
    from django.test.utils import CaptureQueriesContext

    place = PlaceFactory()
    room, pool = ResourceFactory(place=place), PoolFactory(place=place, seats=2)
    person = member_of(place)
    start = next_weekday(2, hour=9)
    for resource in (room, pool):
        with CaptureQueriesContext(connection) as ctx:
            services.booking_create(resource=resource, person=person, start=start, end=start + H, actor=person)
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert not [sql for sql in sqls if "FOR UPDATE" in sql]
        claims = [sql for sql in sqls if "pg_advisory_xact_lock" in sql]
        assert len(claims) == (1 if connection.vendor == "postgresql" else 0)


@pytest.mark.django_db
def test_the_claim_covers_every_day_of_the_range_or_the_whole_resource():
    from django.test.utils import CaptureQueriesContext

    from comptoir.spaces.services.claims import CLAIM_DAYS_MAX, claim

    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    room = ResourceFactory()
    start = dt.datetime(2031, 3, 4, 22, 0, tzinfo=dt.UTC)
    cases = [
        (start, start + H, 1),  # one day
        (start, start + 3 * H, 2),  # crosses midnight UTC
        (start, start + dt.timedelta(days=CLAIM_DAYS_MAX + 1), 0),  # weeks: the whole resource
    ]
    for begin, end, days in cases:
        with CaptureQueriesContext(connection) as ctx, transaction.atomic():
            claim(room, begin, end)
        [sql] = [q["sql"] for q in ctx.captured_queries if "advisory" in q["sql"]]
        assert sql.count("pg_advisory_xact_lock(") == max(days, 1)
        assert ("pg_advisory_xact_lock_shared" in sql) == bool(days)


@pytest.mark.django_db(transaction=True)
def test_racing_writers_of_disjoint_slots_of_one_room_all_win():
    """Without the resource lock, bookings of one room that do not meet all succeed at once."""
    place = PlaceFactory()
    room = ResourceFactory(place=place)
    people = [member_of(place) for _ in range(6)]
    base = next_weekday(4, hour=10)
    outcomes = storm([(room, person, base + i * H, base + (i + 1) * H) for i, person in enumerate(people)])
    assert [o[0] for o in outcomes] == ["won"] * 6, outcomes
