"""The ``.in_transaction`` variants: the same services, inside the caller's durable transaction."""

import datetime as dt

import pytest
from django.db import transaction

from comptoir.core.errors import Conflict
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking, BookingCharge
from comptoir.spaces.services import bookings as b
from comptoir.spaces.services import series
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

H = dt.timedelta(hours=1)


@pytest.fixture
def setup(db):
    place = PlaceFactory()
    return ResourceFactory(place=place), member_of(place, Role.COWORKER), member_of(place, Role.HOST)


def start():
    return next_weekday(1, hour=14)


@pytest.mark.django_db(transaction=True)
def test_variants_refuse_to_run_outside_a_transaction(setup):
    room, member, _host = setup
    with pytest.raises(RuntimeError):
        b.booking_create.in_transaction(resource=room, person=member, start=start(), end=start() + H, actor=member)
    booking = b.booking_create(resource=room, person=member, start=start(), end=start() + H, actor=member)
    for call in (
        lambda: b.booking_cancel.in_transaction(booking=booking, actor=member),
        lambda: b.booking_move.in_transaction(booking=booking, start=start() + H, end=start() + 2 * H, actor=member),
        lambda: b.booking_confirm.in_transaction(booking=booking, actor=member),
        lambda: b.booking_no_show.in_transaction(booking=booking, actor=member),
    ):
        with pytest.raises(RuntimeError):
            call()


@pytest.mark.django_db(transaction=True)
def test_public_services_stay_durable(setup):
    room, member, _host = setup
    with pytest.raises(RuntimeError), transaction.atomic():
        b.booking_create(resource=room, person=member, start=start(), end=start() + H, actor=member)


@pytest.mark.django_db(transaction=True)
def test_the_callers_rollback_undoes_every_booking_and_charge(setup):
    room, member, host = setup

    class Stop(Exception):
        pass

    with pytest.raises(Stop), transaction.atomic(durable=True):
        first = b.booking_create.in_transaction(
            resource=room, person=member, start=start(), end=start() + H, actor=member
        )
        b.booking_move.in_transaction(booking=first, start=start() + H, end=start() + 2 * H, actor=member)
        series.booking_series_create.in_transaction(
            resource=room, person=host, start=start() + 3 * H, end=start() + 4 * H, every_weeks=1,
            until=(start() + dt.timedelta(weeks=2)).date(), actor=host, as_staff=True,
        )  # fmt: skip
        assert Booking.objects.count() == 4
        raise Stop
    assert Booking.objects.count() == 0 and BookingCharge.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_clash_inside_the_callers_transaction_is_a_conflict(setup):
    room, member, host = setup
    b.booking_create(resource=room, person=member, start=start(), end=start() + H, actor=member)
    with pytest.raises(Conflict), transaction.atomic(durable=True):
        b.booking_create.in_transaction(
            resource=room, person=host, start=start(), end=start() + H, actor=host, as_staff=True
        )
    with transaction.atomic(durable=True):
        booking = b.booking_create.in_transaction(
            resource=room, person=host, start=start() + H, end=start() + 2 * H, actor=host, as_staff=True
        )
        b.booking_cancel.in_transaction(booking=booking, actor=host, reason="Test", as_staff=True)
    assert Booking.objects.get(pk=booking.pk).state == Booking.State.CANCELLED
