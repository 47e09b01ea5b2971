"""The booking engine serves the kinds other apps own: their opening-hours rule and their own checks.

Three pretend kinds stand for the services to come: a machine gated by a habilitation (``check_person``),
a thing lent over several days (pick-up and return within opening hours only) and a kind whose state
refuses (``check_state``). They are declared with ``override_hook("resource_kinds", ...)`` as an app's
AppConfig would declare them.
"""

import datetime as dt

import pytest
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.core.registry import override_hook
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.availability import availability_search, day_slots, free_time
from comptoir.spaces.kinds import HOURS_ENDS, HOURS_WHOLE, SPACES_KINDS, ResourceKind, hours_rule_of, kind_choices
from comptoir.spaces.models import Resource
from comptoir.spaces.tests.factories import ClosureFactory, ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)
HABILITATED: set[int] = set()  # who passed the pretend fablab's training
OUT_OF_ORDER: set[int] = set()  # resources the pretend app says are broken


def laser_person(*, resource, person, start, end, as_staff):
    if person is None or person.pk not in HABILITATED:
        raise ServiceError(_("You need the habilitation for this machine."), code="habilitation")


def state_check(*, resource, start, end):
    if resource.pk in OUT_OF_ORDER:
        raise ServiceError(_("This thing is out of order."), code="out_of_order")


LASER = ResourceKind("laser", "Laser cutter", check_person=laser_person)
DRILL = ResourceKind("lent_drill", "Drill to lend", hours_rule=HOURS_ENDS, check_state=state_check)
KIOSK = ResourceKind("kiosk", "Kiosk", check_state=state_check)


@pytest.fixture(autouse=True)
def kinds():
    HABILITATED.clear()
    OUT_OF_ORDER.clear()
    with override_hook("resource_kinds", *SPACES_KINDS, LASER, DRILL, KIOSK):
        yield


@pytest.fixture
def place():
    return PlaceFactory(opening_hours="Mo-Fr 09:00-19:00; Sa 10:00-17:00")  # closed on Sundays


@pytest.fixture
def member(place):
    return member_of(place, Role.COWORKER)


@pytest.fixture
def host(place):
    return member_of(place, Role.HOST)


def lendable(place, **fields):
    fields = {"kind": "lent_drill", "min_minutes": 60, "max_minutes": 14 * 1440, "granularity_minutes": 60, **fields}
    return ResourceFactory(place=place, **fields)


def book(resource, person, start, end, **kwargs):
    return services.booking_create(resource=resource, person=person, start=start, end=end, actor=person, **kwargs)


def codes(error) -> str:
    return error.value.code


# --- Declaring kinds --------------------------------------------------------------------------------------


def test_spaces_declares_its_own_kinds_with_todays_rule():
    assert [kind.code for kind in SPACES_KINDS] == [k.value for k in Resource.Kind]
    assert all(k.hours_rule == HOURS_WHOLE and not k.check_state and not k.check_person for k in SPACES_KINDS)


def test_declared_kinds_are_the_resources_choices():
    assert [code for code, _label in kind_choices()][-3:] == ["laser", "lent_drill", "kiosk"]
    assert ("lent_drill", "Drill to lend") in Resource._meta.get_field("kind").choices
    ResourceFactory.build(kind="laser", place=PlaceFactory.build()).clean_fields(exclude=["place", "slug"])


def test_the_resource_rule_wins_over_its_kind(place):
    assert hours_rule_of(ResourceFactory(place=place)) == HOURS_WHOLE
    assert hours_rule_of(lendable(place)) == HOURS_ENDS
    assert hours_rule_of(lendable(place, hours_rule=HOURS_WHOLE)) == HOURS_WHOLE
    assert hours_rule_of(ResourceFactory(place=place, hours_rule=HOURS_ENDS)) == HOURS_ENDS


# --- A machine gated by a habilitation --------------------------------------------------------------------


def test_a_machine_refuses_who_has_no_habilitation(place, member):
    laser = ResourceFactory(place=place, kind="laser")
    start = next_weekday(1, hour=10)
    with pytest.raises(ServiceError) as error:
        book(laser, member, start, start + H)
    assert codes(error) == "habilitation"
    HABILITATED.add(member.pk)
    assert book(laser, member, start, start + H).resource == laser


def test_the_kind_decides_whether_staff_may_book_for_someone_without_habilitation(place, member, host):
    laser = ResourceFactory(place=place, kind="laser")
    start = next_weekday(1, hour=10)
    with pytest.raises(ServiceError):
        services.booking_create(resource=laser, person=member, start=start, end=start + H, actor=host, as_staff=True)


def test_searches_say_why_the_machine_is_refused(place, member):
    laser = ResourceFactory(place=place, kind="laser")
    room = ResourceFactory(place=place)
    start = next_weekday(1, hour=10)
    found = {r.resource: [x.code for x in r.reasons] for r in availability_search(
        place=place, start=start, end=start + H, person=member)}  # fmt: skip
    assert found[laser] == ["habilitation"] and found[room] == []
    slots = day_slots(resource=laser, day=start.date(), minutes=60, person=member)
    assert slots and all("habilitation" in [x.code for x in s.reasons] for s in slots)


# --- A thing lent over several days -----------------------------------------------------------------------


def test_a_loan_crosses_nights_and_a_closed_day_when_pick_up_and_return_are_open(place, member):
    drill = lendable(place)
    friday = next_weekday(4, hour=17)
    monday = friday + dt.timedelta(days=3) - 7 * H  # 10:00, through Saturday and the closed Sunday
    booking = book(drill, member, friday, monday)
    assert (booking.start, booking.end) == (friday, monday)


def test_the_same_range_on_a_room_is_outside_opening_hours(place, member):
    room = ResourceFactory(place=place, max_minutes=14 * 1440, granularity_minutes=60)
    friday = next_weekday(4, hour=17)
    with pytest.raises(ServiceError) as error:
        book(room, member, friday, friday + dt.timedelta(days=3) - 7 * H)
    assert codes(error) == "closed"


@pytest.mark.parametrize(
    "start_offset, end_offset",
    [
        (dt.timedelta(days=2), dt.timedelta(days=3)),  # picked up on Sunday (closed)
        (dt.timedelta(0), dt.timedelta(days=3) + 3 * H),  # returned on Monday at 20:00
        (-9 * H, dt.timedelta(days=1)),  # picked up on Friday at 08:00
    ],
)
def test_pick_up_and_return_must_fall_within_opening_hours(place, member, start_offset, end_offset):
    drill = lendable(place)
    friday = next_weekday(4, hour=17)
    with pytest.raises(ServiceError) as error:
        book(drill, member, friday + start_offset, friday + end_offset)
    assert codes(error) == "closed"


def test_a_place_closure_only_matters_at_pick_up_and_return_a_resource_closure_throughout(place, member):
    drill = lendable(place)
    friday = next_weekday(4, hour=17)
    monday = friday + dt.timedelta(days=3) - 7 * H
    saturday = friday + dt.timedelta(days=1) - 7 * H
    ClosureFactory(place=place, start=saturday, end=saturday + 12 * H, reason="Inventaire")
    assert book(drill, member, friday, monday).resource == drill
    other = lendable(place)
    ClosureFactory(place=place, resource=other, start=saturday, end=saturday + 12 * H, reason="Révision")
    with pytest.raises(ServiceError) as error:
        book(other, member, friday, monday)
    assert codes(error) == "closure"
    with pytest.raises(ServiceError) as error:
        book(lendable(place), member, saturday + H, monday)  # picked up while the place is closed
    assert codes(error) == "closure"


def test_a_lent_thing_is_free_across_closed_hours_and_its_slots_start_within_them(place, member):
    drill = lendable(place)
    friday = next_weekday(4, hour=17)
    monday = friday + dt.timedelta(days=3) - 7 * H
    [(_res, ranges)] = free_time(place=place, start=friday, end=monday, resource=drill)
    assert ranges == [(friday, monday)]
    slots = day_slots(resource=drill, day=friday.date(), minutes=3 * 1440, person=member)
    assert [s.start.hour for s in slots] == list(range(9, 19))  # picked up from the opening to before closing
    # Each returned on Monday at the same hour, when it is open.
    assert [(s.start.hour, [r.code for r in s.reasons]) for s in slots if not s.is_bookable] == []
    slots = day_slots(resource=drill, day=friday.date(), minutes=2 * 1440, person=member)
    assert not any(s.is_bookable for s in slots)  # returned on Sunday, closed


def test_a_lent_thing_stays_taken_while_lent(place, member):
    drill = lendable(place)
    friday = next_weekday(4, hour=17)
    monday = friday + dt.timedelta(days=3) - 7 * H
    book(drill, member, friday, monday)
    with pytest.raises(ServiceError) as error:
        book(drill, member_of(place, Role.COWORKER), friday + dt.timedelta(days=1) - 6 * H, monday + 2 * H)
    assert codes(error) == "taken"


# --- A kind whose state refuses ---------------------------------------------------------------------------


def test_the_state_check_of_the_kind_refuses_and_the_search_says_why(place, member):
    kiosk = ResourceFactory(place=place, kind="kiosk")
    drill = lendable(place)
    start = next_weekday(1, hour=10)
    OUT_OF_ORDER.update({kiosk.pk, drill.pk})
    for resource, end in ((kiosk, start + H), (drill, start + dt.timedelta(days=2))):
        with pytest.raises(ServiceError) as error:
            book(resource, member, start, end)
        assert codes(error) == "out_of_order"
    found = {r.resource: [x.code for x in r.reasons] for r in availability_search(
        place=place, start=start, end=start + H, person=member)}  # fmt: skip
    assert found[kiosk] == ["out_of_order"]
    OUT_OF_ORDER.clear()
    assert book(kiosk, member, start, start + H).resource == kiosk


def test_a_series_preview_asks_the_kind_for_each_date(place, member):
    kiosk = ResourceFactory(place=place, kind="kiosk")
    OUT_OF_ORDER.add(kiosk.pk)
    start = next_weekday(1, hour=10)
    preview = services.booking_series_preview(
        resource=kiosk, person=member, start=start, end=start + H, every_weeks=1,
        until=(start + dt.timedelta(weeks=2)).date(),
    )  # fmt: skip
    assert len(preview) == 3 and all([r.code for r in occ.reasons] == ["out_of_order"] for occ in preview)
