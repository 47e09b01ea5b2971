"""Several apps selling plans: the booking engine takes the union of their answers (``booking_plans``)."""

import datetime as dt

import pytest

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.core.registry import override_hook
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.qualifications import PlansOverRange, plan_choices, plans_reader
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db

FAR = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def fablab_plans(*, place, person, at):
    return {"plan:fablab"}


def lending_plans(*, place, person, at, until=None):
    if until is None:
        return {"plan:lending"}
    return [(at, FAR, "plan:lending")]


def fablab_choices(*, place):
    return [("plan:fablab", "Fablab")]


def lending_choices(*, place):
    return [("plan:lending", "Lending")]


@pytest.fixture
def place():
    return PlaceFactory()


def test_every_app_answering_booking_plans_counts(place):
    person = member_of(place, Role.COWORKER)
    at = next_weekday(1, hour=10)
    with override_hook("booking_plans", fablab_plans, lending_plans):
        assert plans_reader(place=place, person=person, at=at)() == {"plan:fablab", "plan:lending"}
        over = PlansOverRange(place=place, person=person, start=at, end=at + dt.timedelta(weeks=3))
        assert over.at(at + dt.timedelta(weeks=1))() == {"plan:fablab", "plan:lending"}
    with override_hook("booking_plan_choices", fablab_choices, lending_choices):
        assert plan_choices(place=place) == [("plan:fablab", "Fablab"), ("plan:lending", "Lending")]


def test_a_room_kept_for_one_apps_plan_opens_to_its_holders(place):
    person = member_of(place, Role.COWORKER)
    room = ResourceFactory(place=place, allowed_roles=["plan:lending"])
    start = next_weekday(1, hour=10)
    with override_hook("booking_plans", fablab_plans):
        with pytest.raises(ServiceError):
            services.booking_create(resource=room, person=person, start=start, end=start + dt.timedelta(hours=1),
                                    actor=person)  # fmt: skip
    with override_hook("booking_plans", fablab_plans, lending_plans):
        booking = services.booking_create(
            resource=room, person=person, start=start, end=start + dt.timedelta(hours=1), actor=person
        )
    assert booking.pk


def test_without_any_app_selling_plans_nobody_holds_one(place):
    person = member_of(place, Role.COWORKER)
    with override_hook("booking_plans"), override_hook("booking_plan_choices"):
        assert plans_reader(place=place, person=person, at=next_weekday(1, hour=10))() == set()
        assert plan_choices(place=place) == []
