"""Moving a booking to another resource of the place: rules of the new resource, one charge, no deadlock."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from comptoir.core.errors import Conflict, NotAllowed, ServiceError
from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import PoolFactory, ResourceFactory, next_weekday

pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-m")]
H = dt.timedelta(hours=1)


@pytest.fixture
def small(place):
    return ResourceFactory(place=place, slug="petite", capacity=4, price_hour_member=Decimal("10.00"))


@pytest.fixture
def large(place):
    return ResourceFactory(place=place, slug="grande", capacity=12, price_hour_member=Decimal("25.00"))


def tuesday(hour=14):
    return next_weekday(1, hour=hour)


def book(resource, person, start, **kwargs):
    return services.booking_create(
        resource=resource, person=person, start=start, end=start + 2 * H, actor=person, **kwargs
    )


def test_move_to_a_dearer_room_charges_the_difference_only(small, large, member):
    booking = book(small, member, tuesday())
    moved = services.booking_move(booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=large)
    assert moved.resource == large
    assert [c.amount for c in moved.charges.order_by("pk")] == [Decimal("20.00"), Decimal("30.00")]
    # Back again: a credit, the total is the small room's price.
    back = services.booking_move(booking=moved, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=small)
    assert sum(c.amount for c in back.charges.all()) == Decimal("20.00")
    assert back.resource == small


def test_the_old_slot_is_free_and_the_new_one_taken(small, large, member, place):
    booking = book(small, member, tuesday())
    services.booking_move(booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=large)
    other = member_of(place)
    book(small, other, tuesday())  # the old room is free again
    with pytest.raises(Conflict):
        book(large, other, tuesday(15))


def test_move_onto_a_taken_resource_changes_nothing(small, large, member, place):
    booking = book(small, member, tuesday())
    book(large, member_of(place), tuesday(15))
    with pytest.raises(Conflict):
        services.booking_move(booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=large)
    booking.refresh_from_db()
    assert booking.resource == small
    assert booking.charges.count() == 1


def test_the_new_resource_rules_apply_to_members(small, place, member):
    tiny = ResourceFactory(place=place, slug="cabine", capacity=2)
    booking = book(small, member, tuesday(), attendees=3)
    with pytest.raises(ServiceError) as error:
        services.booking_move(booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=tiny)
    assert error.value.code == "capacity"


def test_pool_to_room_and_back_takes_a_free_seat(small, place, member):
    pool = PoolFactory(place=place, seats=2, capacity=2)
    first = book(pool, member_of(place), tuesday())
    booking = book(small, member, tuesday())
    moved = services.booking_move(booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=pool)
    assert {first.seat, moved.seat} == {1, 2}


def test_another_places_resource_is_refused(small, member):
    elsewhere = ResourceFactory(place=PlaceFactory())
    booking = book(small, member, tuesday())
    with pytest.raises(ServiceError):
        services.booking_move(booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member, resource=elsewhere)


def test_a_member_cannot_move_someone_elses_booking_elsewhere(small, large, member, place):
    booking = book(small, member, tuesday())
    with pytest.raises(NotAllowed):
        services.booking_move(
            booking=booking, start=tuesday(), end=tuesday() + 2 * H, actor=member_of(place), resource=large
        )


def test_move_to_another_resource_through_the_api(client, small, large, member, place):
    booking = book(small, member, tuesday())
    _token, secret = api_token_create(user=member, name="t")
    h = {"Authorization": f"Bearer {secret}"}
    body = {"start": tuesday().isoformat(), "end": (tuesday() + 2 * H).isoformat(), "resource": "grande"}
    response = client.post(
        f"/api/v1/places/lieu-m/bookings/{booking.pk}/move", body, content_type="application/json", headers=h
    )
    assert response.status_code == 200, response.content
    assert response.json()["resource"] == "grande"
    body["resource"] = "nulle-part"
    response = client.post(
        f"/api/v1/places/lieu-m/bookings/{booking.pk}/move", body, content_type="application/json", headers=h
    )
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_crossing_moves_between_two_rooms_do_not_deadlock(place, small, large):
    """Two moves in opposite directions at once: both resources are locked in one order, so one waits."""
    a, b = member_of(place), member_of(place)
    in_small = book(small, a, tuesday(9))
    in_large = book(large, b, tuesday(16))
    results, barrier = [], threading.Barrier(2)

    def move(booking, person, target, hour):
        try:
            barrier.wait()
            services.booking_move(booking=booking, start=tuesday(hour), end=tuesday(hour) + 2 * H, actor=person,
                                  resource=target)  # fmt: skip
            results.append("ok")
        except Exception as error:  # noqa: BLE001 - the test reports what happened
            results.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(in_small, a, large, 9)),
        threading.Thread(target=move, args=(in_large, b, small, 16)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results == ["ok", "ok"]
    assert set(Booking.objects.values_list("resource__slug", flat=True)) == {"petite", "grande"}


def test_apps_booking_on_their_own_behalf_can_stay_silent(small, large, member, django_capture_on_commit_callbacks):
    """A resident's desk day by day or a workshop's room: the app tells people itself, not one e-mail each."""
    from django.core import mail
    from django.db import transaction

    from comptoir.spaces.services.bookings import (
        booking_cancel,
        booking_create,
        booking_move,
    )

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        booking = booking_create.in_transaction(
            resource=small, person=member, start=tuesday(), end=tuesday() + H, actor=member, notify=False
        )
        booking_move.in_transaction(
            booking=booking, start=tuesday(), end=tuesday() + H, actor=member, resource=large, notify=False
        )
        booking_cancel.in_transaction(booking=booking, actor=member, notify=False)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        book(small, member, tuesday(9))
    assert len(mail.outbox) == 1  # the default still confirms


def test_the_audit_log_takes_an_empty_file_field():
    from comptoir.audit.services import _plain
    from comptoir.spaces.models import Resource

    assert _plain(Resource().photo) == ""
