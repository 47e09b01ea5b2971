"""A weekly series on a room kept for some plans: the member's plans are read once for the whole series,
and each occurrence is answered exactly as a single booking at that instant would be."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.core.errors import Conflict
from comptoir.core.permissions import Role
from comptoir.core.registry import override_hook
from comptoir.coworking import hooks as coworking_hooks
from comptoir.coworking.models import Plan, Subscription
from comptoir.coworking.services import subscription_start
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import MembershipFactory, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.engine import HoursCache, slot_reasons
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def booth(place):
    """Kept for unlimited plans and board members; open day and night (so late occurrences test the day edge)."""
    return ResourceFactory(
        place=place, slug="cabine", capacity=1, opening_hours="24/7", allowed_roles=["plan:unlimited", Role.BOARD]
    )


def with_plan(place, kind, person=None, starts_on=None):
    person = person or member_of(place, Role.COWORKER)
    days = 8 if kind == Plan.Kind.NOMAD else 0
    plan = PlanFactory(place=place, kind=kind, days=days, validity_months=1, price=Decimal("150.00"))
    subscription_start(place=place, person=person, plan=plan, actor=member_of(place, Role.HOST), starts_on=starts_on)
    return person


def plan_reads(queries) -> int:
    return sum("coworking_subscription" in q["sql"] for q in queries.captured_queries)


def preview(resource, person, first, weeks, *, length=H):
    until = (first + dt.timedelta(weeks=weeks - 1)).astimezone(resource.place.tz).date()
    return services.booking_series_preview(
        resource=resource, person=person, start=first, end=first + length, every_weeks=1, until=until
    )


def per_instant(resource, person, occurrences):
    """What each occurrence gets when the plans are asked one instant at a time (the single-booking path)."""
    tz = resource.place.tz
    return [
        [
            (r.code, str(r.message))
            for r in slot_reasons(
                resource=resource,
                start=occ.start,
                end=occ.end,
                bookings=[],
                closures=[],
                hours=HoursCache(tz),
                roles=[Role.COWORKER],
                plans=lambda at=occ.start: coworking_hooks.booking_plans(place=resource.place, person=person, at=at),
            )  # fmt: skip
        ]
        for occ in occurrences
    ]


def reasons(occurrences):
    return [[(r.code, str(r.message)) for r in occ.reasons] for occ in occurrences]


def test_the_preview_reads_the_plans_once_whatever_the_number_of_weeks(place, booth):
    nomad = with_plan(place, Plan.Kind.NOMAD)  # a plan, but not one the booth is kept for
    first = next_weekday(1, hour=10)
    counts = {}
    for weeks in (4, 20):
        with CaptureQueriesContext(connection) as queries:
            result = preview(booth, nomad, first, weeks)
        assert len(result) == weeks and all([r.code for r in occ.reasons] == ["role"] for occ in result)
        assert plan_reads(queries) == 1
        counts[weeks] = len(queries.captured_queries)
    assert counts[4] == counts[20]


def test_a_plan_ending_mid_series_refuses_exactly_the_later_dates(place, booth):
    holder = with_plan(place, Plan.Kind.UNLIMITED)
    ends_on = Subscription.objects.get(person=holder).ends_on
    first = next_weekday(1, hour=10)
    result = preview(booth, holder, first, 8)
    days = [occ.start.astimezone(place.tz).date() for occ in result]
    assert [occ.is_bookable for occ in result] == [day <= ends_on for day in days]
    assert any(occ.is_bookable for occ in result) and not result[-1].is_bookable
    assert reasons(result) == per_instant(booth, holder, result)
    assert {code for occ in reasons(result) for code, _message in occ} == {"role"}


def test_a_plan_starting_mid_series_opens_exactly_the_later_dates(place, booth):
    first = next_weekday(1, hour=10)
    starts_on = (first + dt.timedelta(weeks=2, days=-1)).astimezone(place.tz).date()
    holder = with_plan(place, Plan.Kind.UNLIMITED, starts_on=starts_on)
    result = preview(booth, holder, first, 5)
    assert [occ.is_bookable for occ in result] == [False, False, True, True, True]
    assert reasons(result) == per_instant(booth, holder, result)


def test_the_plan_day_is_the_place_day_at_midnight(place, booth):
    """A plan ending on a Tuesday covers Tuesday 23:30 but not Wednesday 00:30 (still Tuesday in UTC):
    the series answers like single bookings, by the place's local day."""
    holder = member_of(place, Role.COWORKER)
    late = next_weekday(1, hour=23, minute=30)
    plan = PlanFactory(place=place, kind=Plan.Kind.UNLIMITED, days=0, validity_months=1)
    # A raw row (the dates are the point here): valid up to the third Tuesday of the series.
    Subscription.objects.create(
        place=place, person=holder, plan=plan, starts_on=timezone.localdate(), ends_on=(late + 2 * 7 * 24 * H).date()
    )
    for first in (late, late + H):  # Tuesdays 23:30, then Wednesdays 00:30
        result = preview(booth, holder, first, 4, length=dt.timedelta(minutes=30))
        expected = [True, True, True, False] if first == late else [True, True, False, False]
        assert [occ.is_bookable for occ in result] == expected
        assert reasons(result) == per_instant(booth, holder, result)


def test_creating_the_series_reads_the_plans_once_and_skips_the_dates_after_the_plan(place, booth):
    holder = with_plan(place, Plan.Kind.UNLIMITED)
    ends_on = Subscription.objects.get(person=holder).ends_on
    first = next_weekday(1, hour=10)
    until = (first + dt.timedelta(weeks=7)).date()
    kwargs = {"resource": booth, "person": holder, "start": first, "end": first + H, "every_weeks": 1,
              "until": until, "actor": holder}  # fmt: skip
    late = [occ for occ in preview(booth, holder, first, 8) if not occ.is_bookable]
    with pytest.raises(Conflict) as error:
        services.booking_series_create(**kwargs)
    assert error.value.code == "series_conflicts"
    for occ in late:
        assert f"{occ.start.astimezone(place.tz):%d/%m/%Y}" in str(error.value.message)
    assert not Booking.objects.filter(person=holder).exists()
    with CaptureQueriesContext(connection) as queries:
        series, made, skipped = services.booking_series_create(**kwargs, skip_conflicts=True)
    assert plan_reads(queries) == 1  # the preview and each booking's check under the lock share it
    assert [occ.start for occ in skipped] == [occ.start for occ in late]
    assert made and all(b.start.astimezone(place.tz).date() <= ends_on for b in made)
    assert len(made) + len(skipped) == 8 and all(b.series == series for b in made)


def test_another_place_plan_does_not_open_the_room(place, booth):
    elsewhere = PlaceFactory()
    person = member_of(place, Role.COWORKER)
    MembershipFactory(place=elsewhere, user=person, roles=[Role.COWORKER])
    with_plan(elsewhere, Plan.Kind.UNLIMITED, person=person)
    result = preview(booth, person, next_weekday(1, hour=10), 3)
    assert all([r.code for r in occ.reasons] == ["role"] for occ in result)


def test_an_app_giving_only_the_per_instant_hook_is_asked_once_per_occurrence(place, booth):
    holder = with_plan(place, Plan.Kind.UNLIMITED)
    first = next_weekday(1, hour=10)
    ranged = preview(booth, holder, first, 8)
    calls = []

    def booking_plans(*, place, person, at):
        calls.append(at)
        return coworking_hooks.booking_plans(place=place, person=person, at=at)

    with override_hook("booking_plans", booking_plans):
        fallback = preview(booth, holder, first, 8)
    assert reasons(fallback) == reasons(ranged) and calls == [occ.start for occ in fallback]


def test_a_role_opening_the_room_reads_no_plan(place, booth):
    board = member_of(place, Role.BOARD)
    with CaptureQueriesContext(connection) as queries:
        result = preview(booth, board, next_weekday(1, hour=10), 6)
    assert all(occ.is_bookable for occ in result) and plan_reads(queries) == 0
