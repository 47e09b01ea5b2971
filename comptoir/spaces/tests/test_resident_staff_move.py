"""The staff move form offers another space of the place (e.g. a resident's desk day moved to another desk)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def rooms(place):
    small = ResourceFactory(place=place, name="Petite", slug="petite", price_hour_member=Decimal("10.00"))
    large = ResourceFactory(place=place, name="Grande", slug="grande", price_hour_member=Decimal("30.00"))
    return small, large


def _local(moment, place) -> str:
    return moment.astimezone(place.tz).strftime("%Y-%m-%dT%H:%M")


def test_staff_move_a_booking_to_another_space(client, place, host, rooms):
    small, large = rooms
    member = member_of(place, Role.COWORKER)
    start = next_weekday(1, hour=10)
    booking = services.booking_create(resource=small, person=member, start=start, end=start + H, actor=member)
    client.force_login(host)
    url = reverse("spaces:booking_manage", kwargs={"place_slug": place.slug, "booking_id": booking.pk})
    page = client.get(url).content.decode()
    assert 'name="resource"' in page and "Grande" in page
    assert f'<option value="{small.pk}" selected>' in page
    data = {"action": "move", "resource": large.pk, "start": _local(start, place), "end": _local(start + H, place)}
    response = client.post(url, data, follow=True)
    assert "La réservation est déplacée." in response.content.decode()
    booking.refresh_from_db()
    assert booking.resource == large and booking.start == start
    assert sum(c.amount for c in booking.charges.all()) == Decimal("30.00")


def test_without_a_space_the_booking_stays_where_it_is(client, place, host, rooms):
    small, _large = rooms
    member = member_of(place, Role.COWORKER)
    start = next_weekday(1, hour=10)
    booking = services.booking_create(resource=small, person=member, start=start, end=start + H, actor=member)
    client.force_login(host)
    url = reverse("spaces:booking_manage", kwargs={"place_slug": place.slug, "booking_id": booking.pk})
    client.post(url, {"action": "move", "start": _local(start + 2 * H, place), "end": _local(start + 3 * H, place)})
    booking.refresh_from_db()
    assert booking.resource == small and booking.start == start + 2 * H


def test_a_taken_or_foreign_space_is_refused_with_a_message(client, place, host, rooms):
    small, large = rooms
    member = member_of(place, Role.COWORKER)
    start = next_weekday(1, hour=10)
    booking = services.booking_create(resource=small, person=member, start=start, end=start + H, actor=member)
    services.booking_create(resource=large, person=member, start=start, end=start + H, actor=member)
    foreign = ResourceFactory(place=PlaceFactory(slug="lieu-b"))
    client.force_login(host)
    url = reverse("spaces:booking_manage", kwargs={"place_slug": place.slug, "booking_id": booking.pk})
    slot = {"action": "move", "start": _local(start, place), "end": _local(start + H, place)}
    response = client.post(url, {**slot, "resource": large.pk}, follow=True)
    assert response.status_code == 200 and "déjà" in response.content.decode()
    response = client.post(url, {**slot, "resource": foreign.pk}, follow=True)
    assert response.status_code == 200 and "Choisissez un espace" in response.content.decode()
    booking.refresh_from_db()
    assert booking.resource == small


def test_a_residents_desk_day_moves_to_another_desk(client, place, host):
    from comptoir.coworking import services as coworking
    from comptoir.coworking.models import Plan
    from comptoir.coworking.tests.factories import PlanFactory

    desk_a = ResourceFactory(place=place, kind=Resource.Kind.DESK, name="Bureau A", slug="bureau-a", capacity=1)
    desk_b = ResourceFactory(place=place, kind=Resource.Kind.DESK, name="Bureau B", slug="bureau-b", capacity=1)
    resident = member_of(place, Role.COWORKER)
    plan = PlanFactory(place=place, kind=Plan.Kind.RESIDENT, days=0, validity_months=1)
    starts_on = next_weekday(0, hour=0).date()
    coworking.subscription_start(place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk_a)
    booking = Booking.objects.filter(resource=desk_a).order_by("start").first()
    client.force_login(host)
    url = reverse("spaces:booking_manage", kwargs={"place_slug": place.slug, "booking_id": booking.pk})
    client.post(
        url,
        {"action": "move", "resource": desk_b.pk, "start": _local(booking.start, place),
         "end": _local(booking.end, place)},
    )  # fmt: skip
    booking.refresh_from_db()
    assert booking.resource == desk_b and booking.internal_use
    assert not booking.charges.exclude(amount=0).exists()
