"""Many people registering (and cancelling) at the same moment: the capacity is never exceeded, the rest
wait, and no waiting registration is left that would fit in a free seat.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with DATABASE_URL). Each thread
has its own connection and closes it; the data is committed (transaction=True) so that threads see it.
"""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from comptoir.programme import services
from comptoir.programme.models import Registration
from comptoir.programme.tests.factories import ActivityFactory, RegistrationFactory, SessionFactory


def at_once(calls):
    """Run each callable in its own thread, all released together; return their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def attempt(index, call):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def confirmed_seats(session):
    return Registration.objects.filter(session=session, state="confirmed").aggregate(n=Sum("seats"))["n"] or 0


def registering(session, index, seats=1):
    return lambda: services.registration_create(
        session=session, actor=None, first_name=f"P{index}", email=f"p{index}@example.org", seats=seats
    ).state


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_registrations_for_the_last_three_seats():
    session = SessionFactory(activity=ActivityFactory(), capacity=10)
    for _ in range(7):
        RegistrationFactory(session=session)
    outcomes = at_once([registering(session, i) for i in range(20)])
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    states = sorted(state for _ok, state in outcomes)
    assert states.count("confirmed") == 3 and states.count("waiting") == 17
    assert confirmed_seats(session) == 10


@pytest.mark.django_db(transaction=True)
def test_families_registering_and_people_cancelling_at_once_never_exceed_the_capacity():
    session = SessionFactory(activity=ActivityFactory(), capacity=8)
    leaving = [RegistrationFactory(session=session, seats=2) for _ in range(4)]  # full
    calls = [registering(session, i, seats=1 + i % 3) for i in range(14)]
    calls += [lambda r=r: services.registration_cancel(registration=r, actor=None).state for r in leaving[:3]]
    outcomes = at_once(calls)
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    taken = confirmed_seats(session)
    assert taken <= 8
    waiting = Registration.objects.filter(session=session, state="waiting")
    # The waiting list moved up under the same lock: nobody still waiting fits in the seats left.
    assert all(r.seats > 8 - taken for r in waiting), (taken, [r.seats for r in waiting])


@pytest.mark.django_db
def test_registering_locks_the_session_row_first():
    """What the storms rely on: on PostgreSQL the session row is locked (only it: locking the joined activity
    or place would serialise the whole place) before the seats are counted; SQLite's IMMEDIATE transaction
    serialises writers by itself."""
    from django.test.utils import CaptureQueriesContext

    session = SessionFactory(activity=ActivityFactory(), capacity=2)
    with CaptureQueriesContext(connection) as ctx:
        services.registration_create(session=session, actor=None, first_name="Ana", email="ana@example.org")
    sqls = [q["sql"] for q in ctx.captured_queries]
    counting = next(i for i, sql in enumerate(sqls) if "SUM(" in sql.upper())
    locking = [i for i, sql in enumerate(sqls) if "FOR UPDATE" in sql]
    if connection.vendor == "postgresql":
        assert locking and locking[0] < counting
        assert sqls[locking[0]].endswith('FOR UPDATE OF "programme_session"')
    else:
        assert not locking
