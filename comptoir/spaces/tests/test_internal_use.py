"""A room booked for the place's own activity (a workshop, an appointment) is never charged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from comptoir.core.errors import NotAllowed
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import BookingCharge
from comptoir.spaces.services import bookings as b
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

H = dt.timedelta(hours=1)
pytestmark = pytest.mark.django_db


def charged(booking) -> Decimal:
    return BookingCharge.objects.filter(booking=booking).aggregate(total=Sum("amount"))["total"] or Decimal("0")


def test_internal_use_costs_nothing_even_when_moved():
    place = PlaceFactory()
    room = ResourceFactory(place=place)
    host = member_of(place, Role.HOST)
    start = next_weekday(1, hour=14)
    booking = b.booking_create(
        resource=room, person=host, start=start, end=start + H, actor=host, as_staff=True, internal_use=True
    )
    assert booking.internal_use and charged(booking) == 0
    booking = b.booking_move(booking=booking, start=start + H, end=start + 3 * H, actor=host, as_staff=True)
    assert charged(booking) == 0
    ordinary = b.booking_create(resource=room, person=host, start=start + 3 * H, end=start + 4 * H, actor=host)
    assert charged(ordinary) == Decimal("10.00")


def test_only_staff_book_for_internal_use():
    place = PlaceFactory()
    room = ResourceFactory(place=place)
    member = member_of(place, Role.COWORKER)
    start = next_weekday(1, hour=14)
    with pytest.raises(NotAllowed):
        b.booking_create(resource=room, person=member, start=start, end=start + H, actor=member, internal_use=True)
