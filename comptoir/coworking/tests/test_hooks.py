"""The booking_plans hook over a range: the plan periods, in one query, agreeing with the per-instant
answer at every instant (spaces reads a weekly series' plans with it)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.core.permissions import Role
from comptoir.coworking.hooks import booking_plans
from comptoir.coworking.models import Plan, Subscription
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def subscribe(place, person, kind, starts_on, ends_on, **fields):
    """Raw rows: the dates (and an early end) are what is tested here, not the sale."""
    plan = PlanFactory(place=place, kind=kind, days=8 if kind in (Plan.Kind.NOMAD, Plan.Kind.CARNET) else 0)
    return Subscription.objects.create(
        place=place, person=person, plan=plan, starts_on=starts_on, ends_on=ends_on, **fields
    )


def test_the_range_answer_agrees_with_the_per_instant_one_at_every_instant():
    place, elsewhere = PlaceFactory(), PlaceFactory()
    person, other = member_of(place, Role.COWORKER), member_of(place, Role.COWORKER)
    day0 = timezone.localdate() + dt.timedelta(days=3)
    subscribe(place, person, Plan.Kind.NOMAD, day0 - dt.timedelta(days=30), day0 + dt.timedelta(days=4))
    subscribe(place, person, Plan.Kind.UNLIMITED, day0 + dt.timedelta(days=10), day0 + dt.timedelta(days=40))
    subscribe(place, person, Plan.Kind.CARNET, day0 - dt.timedelta(days=90), day0 - dt.timedelta(days=1))
    subscribe(place, person, Plan.Kind.RESIDENT, day0, day0 + dt.timedelta(days=60), cancelled_at=timezone.now())
    subscribe(elsewhere, person, Plan.Kind.RESIDENT, day0, day0 + dt.timedelta(days=60))
    subscribe(place, other, Plan.Kind.RESIDENT, day0, day0 + dt.timedelta(days=60))
    tz = place.tz
    start = dt.datetime.combine(day0, dt.time(0, 30), tzinfo=tz)
    end = start + dt.timedelta(days=20)
    with CaptureQueriesContext(connection) as queries:
        periods = booking_plans(place=place, person=person, at=start, until=end)
    assert len(queries.captured_queries) == 1
    assert sorted(token for *_dates, token in periods) == ["plan:nomad", "plan:unlimited"]
    for n in range(21):
        day = day0 + dt.timedelta(days=n)
        for moment in (dt.time(0, 0), dt.time(0, 30), dt.time(12), dt.time(23, 59, 59)):
            at = dt.datetime.combine(day, moment, tzinfo=tz)
            from_range = {token for valid_from, valid_until, token in periods if valid_from <= at < valid_until}
            assert from_range == booking_plans(place=place, person=person, at=at), at


def test_the_range_is_read_by_the_place_day():
    """A range ending at 00:30 on a day (22:30 UTC the day before in summer) still meets that day's plans."""
    place = PlaceFactory()
    person = member_of(place, Role.COWORKER)
    day = dt.date(2031, 7, 8)
    subscribe(place, person, Plan.Kind.NOMAD, day, day)
    start = dt.datetime(2031, 7, 1, 10, tzinfo=place.tz)
    until = dt.datetime(2031, 7, 8, 0, 30, tzinfo=place.tz)
    ((valid_from, valid_until, token),) = booking_plans(place=place, person=person, at=start, until=until)
    assert token == "plan:nomad" and valid_from <= until < valid_until
    assert valid_until - valid_from == dt.timedelta(days=1)
