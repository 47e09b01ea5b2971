import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import Conflict, NotAllowed, ServiceError
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.spaces import services
from comptoir.spaces.models import Booking, BookingCharge
from comptoir.spaces.tests.factories import ClosureFactory, PoolFactory, ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


@pytest.fixture
def room(place):
    return ResourceFactory(place=place)


def tuesday(hour=14):
    return next_weekday(1, hour=hour)


def book(resource, person, start, end=None, **kwargs):
    return services.booking_create(
        resource=resource, person=person, start=start, end=end or start + 2 * H, actor=kwargs.pop("actor", person),
        **kwargs,
    )  # fmt: skip


def test_member_books_a_free_slot_and_is_charged_once(room, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(room, member, tuesday())
    assert booking.state == Booking.State.CONFIRMED
    assert booking.blocked_until == booking.end
    assert [c.amount for c in BookingCharge.objects.filter(booking=booking)] == [Decimal("20.00")]
    assert AuditEntry.objects.filter(action="booking.created", object_id=str(booking.pk)).exists()
    assert len(mail.outbox) == 1


def test_overlapping_slot_is_refused_with_409(room, member, place):
    book(room, member, tuesday())
    other = member_of(place)
    with pytest.raises(Conflict) as error:
        book(room, other, tuesday(15))
    assert error.value.code == "taken"
    assert Booking.objects.count() == 1


def test_booking_ones_own_slot_again_says_so(room, member, place):
    book(room, member, tuesday())
    with pytest.raises(Conflict) as error:
        book(room, member, tuesday(15))
    assert error.value.code == "already_booked"
    assert str(error.value.message) == "Vous avez déjà réservé ce créneau."
    assert Booking.objects.count() == 1


def test_a_full_pool_tells_a_seat_holder_they_booked_already(place, member):
    pool = PoolFactory(place=place, seats=2, capacity=2)
    book(pool, member, tuesday())
    book(pool, member_of(place), tuesday())
    with pytest.raises(Conflict) as error:
        book(pool, member, tuesday())
    assert error.value.code == "already_booked"
    with pytest.raises(Conflict) as error:
        book(pool, member_of(place), tuesday())
    assert error.value.code == "full"


def test_touching_slots_are_fine(room, member):
    book(room, member, tuesday(14))
    book(room, member, tuesday(16))
    book(room, member, tuesday(12))
    assert Booking.objects.count() == 3


def test_buffer_separates_bookings(place, member):
    room = ResourceFactory(place=place, buffer_minutes=30)
    book(room, member, tuesday(14))
    with pytest.raises(Conflict):
        book(room, member, tuesday(16))  # starts when the buffer still runs
    with pytest.raises(Conflict):
        book(room, member, tuesday(11) + dt.timedelta(minutes=30), end=tuesday(14))  # its own buffer overlaps
    book(room, member, tuesday(16) + dt.timedelta(minutes=30))
    book(room, member, tuesday(11), end=tuesday(13) + dt.timedelta(minutes=30))


def test_pool_takes_seats_until_full(place):
    pool = PoolFactory(place=place, seats=3, capacity=3)
    people = [member_of(place) for _ in range(4)]
    seats = [book(pool, p, tuesday()).seat for p in people[:3]]
    assert sorted(seats) == [1, 2, 3]
    with pytest.raises(Conflict) as error:
        book(pool, people[3], tuesday(15))
    assert error.value.code == "full"


def test_rules_are_explained(room, member):
    with pytest.raises(ServiceError) as error:
        book(room, member, tuesday(14), end=tuesday(14) + dt.timedelta(minutes=10))
    assert error.value.code in {"too_short", "granularity"}
    with pytest.raises(ServiceError) as error:
        book(room, member, tuesday(20))
    assert error.value.code == "closed"
    with pytest.raises(ServiceError) as error:
        book(room, member, tuesday(14) + dt.timedelta(minutes=10))
    assert error.value.code == "granularity"
    with pytest.raises(ServiceError) as error:
        book(room, member, tuesday(), attendees=20)
    assert error.value.code == "capacity"
    assert not Booking.objects.exists()


def test_closure_refuses(place, room, member):
    ClosureFactory(place=place, start=tuesday(8), end=tuesday(20), reason="Inventaire")
    with pytest.raises(ServiceError) as error:
        book(room, member, tuesday())
    assert error.value.code == "closure"
    assert "Inventaire" in str(error.value.message)


def test_non_member_cannot_book_but_staff_can_book_for_them(room, host):
    outsider = UserFactory()
    with pytest.raises(NotAllowed):
        book(room, outsider, tuesday())
    booking = book(room, outsider, tuesday(), actor=host, as_staff=True)
    # Not a member: the public price.
    assert booking.charges.get().amount == Decimal("40.00")


def test_roles_restrict_who_books(place, member):
    room = ResourceFactory(place=place, allowed_roles=[Role.FAB_MANAGER])
    with pytest.raises(ServiceError) as error:
        book(room, member, tuesday())
    assert error.value.code == "role"
    book(room, member_of(place, Role.FAB_MANAGER), tuesday())


def test_approval_required_then_confirmed(place, member, host):
    room = ResourceFactory(place=place, requires_approval=True)
    booking = book(room, member, tuesday())
    assert booking.state == Booking.State.REQUESTED
    assert not booking.charges.exists()
    # A requested booking already holds the slot.
    with pytest.raises(Conflict):
        book(room, member, tuesday(15))
    booking = services.booking_confirm(booking=booking, actor=host)
    assert booking.state == Booking.State.CONFIRMED
    assert booking.charges.get().amount == Decimal("20.00")


def test_move_charges_only_the_difference(room, member):
    booking = book(room, member, tuesday())
    booking = services.booking_move(booking=booking, start=tuesday(10), end=tuesday(13), actor=member)
    assert (booking.start, booking.end) == (tuesday(10), tuesday(13))
    assert [c.amount for c in booking.charges.order_by("pk")] == [Decimal("20.00"), Decimal("10.00")]
    # Moving to a same-length slot adds nothing.
    booking = services.booking_move(booking=booking, start=tuesday(15), end=tuesday(18), actor=member)
    assert booking.charges.count() == 2
    assert sum(c.amount for c in booking.charges.all()) == Decimal("30.00")


def test_move_onto_a_taken_slot_is_refused_and_changes_nothing(room, member, place):
    mine = book(room, member, tuesday(10))
    book(room, member_of(place), tuesday(14))
    with pytest.raises(Conflict):
        services.booking_move(booking=mine, start=tuesday(13), end=tuesday(15), actor=member)
    mine.refresh_from_db()
    assert mine.start == tuesday(10)
    # Moving over its own old time is fine.
    services.booking_move(booking=mine, start=tuesday(11), end=tuesday(13), actor=member)


def test_member_cannot_move_someone_elses_booking(room, member, place):
    booking = book(room, member, tuesday())
    with pytest.raises(NotAllowed):
        services.booking_move(booking=booking, start=tuesday(10), end=tuesday(11), actor=member_of(place))


def test_cancel_within_deadline_refunds(room, member):
    booking = book(room, member, tuesday())
    booking = services.booking_cancel(booking=booking, actor=member)
    assert booking.state == Booking.State.CANCELLED
    assert sum(c.amount for c in booking.charges.all()) == 0
    # The slot is free again.
    book(room, member, tuesday())


def test_cancel_after_deadline_only_by_staff_with_reason(place, member, host):
    room = ResourceFactory(place=place, cancel_hours=24 * 30)
    booking = book(room, member, tuesday())
    with pytest.raises(ServiceError) as error:
        services.booking_cancel(booking=booking, actor=member)
    assert error.value.code == "deadline"
    with pytest.raises(ServiceError) as error:
        services.booking_cancel(booking=booking, actor=host, as_staff=True)
    assert error.value.code == "reason_required"
    booking = services.booking_cancel(booking=booking, actor=host, as_staff=True, reason="Dégât des eaux")
    assert booking.cancel_reason == "Dégât des eaux"
    with pytest.raises(ServiceError):
        services.booking_cancel(booking=booking, actor=host, as_staff=True, reason="again")


def test_no_show_only_after_start(room, member, host, place):
    booking = book(room, member, tuesday())
    with pytest.raises(ServiceError) as error:
        services.booking_no_show(booking=booking, actor=host)
    assert error.value.code == "not_started"
    started = book(room, member_of(place), tuesday(16))
    month = dt.timedelta(days=30)
    Booking.objects.filter(pk=started.pk).update(
        start=started.start - month, end=started.end - month, blocked_until=started.blocked_until - month
    )
    booking = services.booking_no_show(booking=started, actor=host)
    assert booking.state == Booking.State.NO_SHOW
    assert sum(c.amount for c in booking.charges.all()) == Decimal("20.00")


def test_charge_sync_is_idempotent(room, member):
    from comptoir.spaces.charges import booking_charge_sync

    booking = book(room, member, tuesday())
    assert booking_charge_sync(booking=booking) is None
    assert booking.charges.count() == 1


def test_half_day_and_day_prices(place, member):
    from comptoir.spaces.charges import price_for_minutes

    room = ResourceFactory(
        place=place, price_hour_member=Decimal("10"), price_half_day_member=Decimal("30"),
        price_day_member=Decimal("50"),
    )  # fmt: skip
    assert price_for_minutes(resource=room, minutes=60, member=True) == Decimal("10.00")
    assert price_for_minutes(resource=room, minutes=240, member=True) == Decimal("30.00")
    assert price_for_minutes(resource=room, minutes=420, member=True) == Decimal("50.00")
    assert price_for_minutes(resource=room, minutes=0, member=True) == Decimal("0.00")


def test_weekly_series_lists_conflicts_before_confirming(room, member, place):
    first = tuesday()
    book(room, member_of(place), first + dt.timedelta(weeks=2))
    until = (first + dt.timedelta(weeks=3)).date()
    preview = services.booking_series_preview(
        resource=room, person=member, start=first, end=first + 2 * H, every_weeks=1, until=until
    )
    assert [occ.is_bookable for occ in preview] == [True, True, False, True]
    assert preview[2].reasons[0].code == "taken"
    with pytest.raises(Conflict):
        services.booking_series_create(
            resource=room, person=member, start=first, end=first + 2 * H, every_weeks=1, until=until, actor=member
        )
    assert Booking.objects.filter(person=member).count() == 0
    series, made, skipped = services.booking_series_create(
        resource=room, person=member, start=first, end=first + 2 * H, every_weeks=1, until=until, actor=member,
        skip_conflicts=True,
    )  # fmt: skip
    assert len(made) == 3 and len(skipped) == 1
    assert all(b.series == series for b in made)


def test_series_keeps_wall_clock_time_across_dst():
    import zoneinfo

    from comptoir.spaces.services.series import occurrences

    tz = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2027, 3, 16, 14, tzinfo=tz)  # two weeks before summer time
    slots = occurrences(start=start, end=start + 2 * H, every_weeks=1, until=dt.date(2027, 4, 6), tz=tz)
    assert [s.astimezone(tz).hour for s, _e in slots] == [14, 14, 14, 14]
    assert [(e - s) for s, e in slots] == [2 * H] * 4
    assert slots[0][0].astimezone(tz).utcoffset() != slots[-1][0].astimezone(tz).utcoffset()


def test_move_after_invoicing_adds_only_a_correction(room, member):
    from django.utils import timezone

    from comptoir.spaces.charges import charges_mark_billed, unbilled_charges

    booking = book(room, member, tuesday())  # 2 h: 20.00
    lines = list(unbilled_charges(place=room.place))
    assert (
        charges_mark_billed(place=room.place, charge_ids=[c.pk for c in lines], reference="F-1", at=timezone.now()) == 1
    )
    assert not unbilled_charges(place=room.place).exists()
    booking = services.booking_move(booking=booking, start=tuesday(10), end=tuesday(11), actor=member)
    [correction] = unbilled_charges(place=room.place)
    assert correction.amount == Decimal("-10.00")
    services.booking_cancel(booking=booking, actor=member)
    assert sum(c.amount for c in BookingCharge.objects.filter(booking=booking)) == 0
    assert sum(c.amount for c in unbilled_charges(place=room.place)) == Decimal("-20.00")


@given(
    hourly=st.decimals(min_value=0, max_value=200, places=2),
    half=st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2)),
    day=st.one_of(st.none(), st.decimals(min_value=0, max_value=900, places=2)),
    minutes=st.integers(0, 3 * 1440),
)
@settings(max_examples=200, deadline=None)
def test_price_is_never_above_the_hourly_rate_and_never_negative(hourly, half, day, minutes):
    from comptoir.spaces.charges import price_for_minutes
    from comptoir.spaces.models import Resource

    resource = Resource(price_hour_member=hourly, price_half_day_member=half, price_day_member=day)
    price = price_for_minutes(resource=resource, minutes=minutes, member=True)
    assert Decimal("0") <= price <= (Decimal(minutes) / 60 * hourly).quantize(Decimal("0.01")) + Decimal("0.01")
    assert price == price.quantize(Decimal("0.01"))
