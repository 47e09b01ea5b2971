"""Workshop sessions booking their room through the booking engine (spaces), on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation.models import WorkshopSession
from comptoir.mediation.tests.factories import RegistrationFactory, WorkshopFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services as spaces_services
from comptoir.spaces.models import Booking, BookingCharge
from comptoir.spaces.tests.factories import ClosureFactory, ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)
API = "/api/v1"


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle Jaune", capacity=12)


@pytest.fixture
def workshop(place):
    return WorkshopFactory(place=place, title="Débuter avec sa tablette", capacity=8, duration_minutes=120)


def tuesday(hour=14, weeks_ahead=1):
    return next_weekday(1, hour=hour, weeks_ahead=weeks_ahead)


def schedule(workshop, actor, **kwargs):
    kwargs.setdefault("first_start", tuesday())
    return services.session_series_create(workshop=workshop, actor=actor, **kwargs)


def test_a_series_books_the_room_for_every_session(workshop, mediator, room, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sessions = schedule(workshop, mediator, count=3, resource=room, room="ignored when a room is booked")
    assert len(sessions) == 3
    bookings = [s.room_booking for s in sessions]
    assert all(b.resource == room and b.state == Booking.State.CONFIRMED for b in bookings)
    assert [(b.start, b.end) for b in bookings] == [(s.starts_at, s.ends_at) for s in sessions]
    assert {b.title for b in bookings} == {"Débuter avec sa tablette"}
    assert {b.person for b in bookings} == {mediator}  # the staff member who schedules
    assert {b.attendees for b in bookings} == {8}
    assert all(s.room == "" and s.room_label == "Salle Jaune" for s in sessions)
    audit = AuditEntry.objects.get(action="mediation.sessions.created")
    assert sorted(audit.after["room_bookings"]) == sorted(b.pk for b in bookings)
    assert mail.outbox == []  # the mediator sees the sessions on screen: no e-mail per room booked
    # The place's own activity: the room is never charged to the mediator who scheduled it.
    assert all(b.internal_use for b in bookings)
    assert not BookingCharge.objects.filter(booking__in=bookings).exclude(amount=0).exists()


def test_free_text_room_stays_the_fallback(workshop, mediator):
    (session,) = schedule(workshop, mediator, room="Salle du fond")
    assert session.room_booking is None and session.room_label == "Salle du fond"


def test_a_clash_refuses_the_whole_series_and_names_the_date(workshop, mediator, room, place):
    member = member_of(place, Role.COWORKER)
    taken = tuesday(weeks_ahead=2)  # the second session's date
    spaces_services.booking_create(resource=room, person=member, start=taken, end=taken + H, actor=member)
    with pytest.raises(Conflict) as caught:
        schedule(workshop, mediator, count=3, resource=room)
    message = str(caught.value.message)
    assert caught.value.status_code == 409 and caught.value.field == "resource"
    assert f"{taken:%d/%m/%Y} 14:00" in message and "Salle Jaune" in message
    assert f"{tuesday():%d/%m/%Y}" not in message  # the free dates are not blamed
    assert WorkshopSession.objects.count() == 0  # nothing written: no session...
    assert Booking.objects.count() == 1  # ...and no booking besides the member's
    assert (
        not AuditEntry.objects.filter(action__in=["mediation.sessions.created", "booking.created"])
        .exclude(actor=member)
        .exists()
    )


def test_every_refused_date_is_named_and_rules_are_not_conflicts(workshop, mediator, room, place):
    first = tuesday()
    ClosureFactory(place=place, start=first - H, end=first + 4 * H)
    late = tuesday(hour=18)  # 18:00–20:00 ends after closing time (19:00)
    with pytest.raises(ServiceError) as caught:
        schedule(workshop, mediator, count=2, resource=room, first_start=first)
    assert not isinstance(caught.value, Conflict)
    assert f"{first:%d/%m/%Y}" in str(caught.value.message)
    with pytest.raises(ServiceError) as caught:
        schedule(workshop, mediator, count=2, resource=room, first_start=late)
    message = str(caught.value.message)
    assert f"{late:%d/%m/%Y}" in message and f"{late + dt.timedelta(days=7):%d/%m/%Y}" in message
    assert WorkshopSession.objects.count() == 0 and Booking.objects.count() == 0


def test_room_capacity_is_checked(workshop, mediator, place):
    small = ResourceFactory(place=place, capacity=4)
    with pytest.raises(ServiceError):
        schedule(workshop, mediator, resource=small)  # 8 seats in a room for 4
    assert WorkshopSession.objects.count() == 0


def test_another_places_room_is_refused(workshop, mediator):
    elsewhere = ResourceFactory(place=PlaceFactory())
    with pytest.raises(ServiceError) as caught:
        schedule(workshop, mediator, resource=elsewhere)
    assert caught.value.field == "resource"
    assert WorkshopSession.objects.count() == 0 and Booking.objects.count() == 0


def test_cancelling_the_session_frees_the_slot(workshop, mediator, room, place):
    (session,) = schedule(workshop, mediator, resource=room)
    services.session_cancel(session=session, actor=mediator, reason="Formatrice malade")
    booking = Booking.objects.get(pk=session.room_booking_id)
    assert booking.state == Booking.State.CANCELLED and booking.cancel_reason == "Formatrice malade"
    member = member_of(place, Role.COWORKER)
    again = spaces_services.booking_create(
        resource=room, person=member, start=session.starts_at, end=session.ends_at, actor=member
    )
    assert again.state == Booking.State.CONFIRMED


def test_cancelling_without_reason_uses_a_default_one(workshop, mediator, room):
    (session,) = schedule(workshop, mediator, resource=room)
    services.session_cancel(session=session, actor=mediator)
    booking = Booking.objects.get(pk=session.room_booking_id)
    assert booking.state == Booking.State.CANCELLED and "Débuter avec sa tablette" in booking.cancel_reason


def test_a_booking_cancelled_elsewhere_does_not_block_the_session(workshop, mediator, room, place):
    (session,) = schedule(workshop, mediator, resource=room)
    host = member_of(place, Role.HOST)
    spaces_services.booking_cancel(booking=session.room_booking, actor=host, reason="Fuite d'eau", as_staff=True)
    session = WorkshopSession.objects.select_related("room_booking").get(pk=session.pk)
    assert session.room_booking_lost
    services.session_cancel(session=session, actor=mediator)  # nothing left to cancel in spaces
    assert WorkshopSession.objects.get(pk=session.pk).status == WorkshopSession.Status.CANCELLED


def test_moving_the_session_moves_its_booking(workshop, mediator, room, place, django_capture_on_commit_callbacks):
    (session,) = schedule(workshop, mediator, resource=room)
    RegistrationFactory(session=session, email="ana@example.org")
    later = tuesday(hour=10, weeks_ahead=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_move(session=session, actor=mediator, starts_at=later, duration_minutes=90)
    session.refresh_from_db()
    booking = Booking.objects.get(pk=session.room_booking_id)
    assert (session.starts_at, session.ends_at) == (later, later + dt.timedelta(minutes=90))
    assert (booking.start, booking.end) == (session.starts_at, session.ends_at)
    assert "ana@example.org" in [m.to[0] for m in mail.outbox]
    # the old slot is free again
    member = member_of(place, Role.COWORKER)
    spaces_services.booking_create(resource=room, person=member, start=tuesday(), end=tuesday() + H, actor=member)


def test_moving_onto_a_taken_slot_is_refused_and_nothing_changes(workshop, mediator, room, place):
    (session,) = schedule(workshop, mediator, resource=room)
    member = member_of(place, Role.COWORKER)
    taken = tuesday(weeks_ahead=2)
    spaces_services.booking_create(resource=room, person=member, start=taken, end=taken + H, actor=member)
    with pytest.raises(Conflict) as caught:
        services.session_move(session=session, actor=mediator, starts_at=taken + dt.timedelta(minutes=30))
    assert f"{taken:%d/%m/%Y}" in str(caught.value.message)
    session.refresh_from_db()
    booking = Booking.objects.get(pk=session.room_booking_id)
    assert session.starts_at == tuesday() and booking.start == tuesday()


# --- pages and API -----------------------------------------------------------------------------------


def _login(client, user):
    client.force_login(user)
    return client


def test_staff_form_offers_the_places_rooms_and_shows_a_clash(client, workshop, mediator, room, place):
    ResourceFactory(place=PlaceFactory(), name="Salle Ailleurs")
    member = member_of(place, Role.COWORKER)
    taken = tuesday()
    spaces_services.booking_create(resource=room, person=member, start=taken, end=taken + H, actor=member)
    _login(client, mediator)
    url = reverse("mediation:workshop_sessions_new", kwargs={"place_slug": place.slug, "workshop_id": workshop.pk})
    page = client.get(url).content.decode()
    assert "Salle Jaune" in page and "Salle Ailleurs" not in page
    data = {"first_start": f"{taken:%Y-%m-%dT%H:%M}", "count": 2, "every_days": 7, "resource": room.pk}
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"{taken:%d/%m/%Y}" in response.content.decode()
    assert WorkshopSession.objects.count() == 0
    data["first_start"] = f"{tuesday(hour=16):%Y-%m-%dT%H:%M}"
    assert client.post(url, data).status_code == 302
    assert WorkshopSession.objects.filter(room_booking__resource=room).count() == 2


def test_session_page_moves_and_cancels(client, workshop, mediator, room, place):
    (session,) = schedule(workshop, mediator, resource=room)
    _login(client, mediator)
    kwargs = {"place_slug": place.slug, "session_id": session.pk}
    page = client.get(reverse("mediation:session", kwargs=kwargs)).content.decode()
    assert "Salle Jaune" in page and 'id="session-move-form"' in page
    later = tuesday(hour=10)
    response = client.post(
        reverse("mediation:session_move", kwargs=kwargs), {"move-starts_at": f"{later:%Y-%m-%dT%H:%M}"}
    )
    assert response.status_code == 302
    assert Booking.objects.get(pk=session.room_booking_id).start == later
    response = client.post(reverse("mediation:session_cancel", kwargs=kwargs), {"cancel-reason": "Grève"})
    assert response.status_code == 302
    assert Booking.objects.get(pk=session.room_booking_id).cancel_reason == "Grève"


def test_api_schedules_with_a_room_and_answers_409_on_a_clash(client, workshop, mediator, room, place):
    member = member_of(place, Role.COWORKER)
    taken = tuesday(weeks_ahead=2)
    spaces_services.booking_create(resource=room, person=member, start=taken, end=taken + H, actor=member)
    _login(client, mediator)
    path = f"{API}/places/{place.slug}/workshop-sessions"
    payload = {"workshop_id": workshop.pk, "first_start": tuesday().isoformat(), "count": 2, "resource_id": room.pk}
    response = client.post(path, payload, content_type="application/json")
    assert response.status_code == 409, response.content
    assert f"{taken:%d/%m/%Y}" in response.json()["detail"]
    assert WorkshopSession.objects.count() == 0
    payload["count"] = 1
    response = client.post(path, payload, content_type="application/json")
    assert response.status_code == 201
    (created,) = response.json()
    assert created["room"] == "Salle Jaune" and created["room_resource_id"] == room.pk
    assert created["room_booking_state"] == "confirmed"
    other = ResourceFactory(place=PlaceFactory())
    payload["resource_id"] = other.pk
    assert client.post(path, payload, content_type="application/json").status_code == 400
    cancel = client.post(f"{path}/{created['id']}/cancel", {"reason": "Annulé"}, content_type="application/json")
    assert cancel.status_code == 200 and cancel.json()["room_booking_state"] == "cancelled"
    public = client.get(path).json()
    assert "room_booking_id" not in (public[0] if public else {})


def test_api_move_answers_409_when_the_room_is_taken(client, workshop, mediator, room, place):
    (session,) = schedule(workshop, mediator, resource=room)
    member = member_of(place, Role.COWORKER)
    taken = tuesday(weeks_ahead=2)
    spaces_services.booking_create(resource=room, person=member, start=taken, end=taken + H, actor=member)
    _login(client, mediator)
    path = f"{API}/places/{place.slug}/workshop-sessions/{session.pk}/move"
    response = client.post(path, {"starts_at": taken.isoformat()}, content_type="application/json")
    assert response.status_code == 409
    later = tuesday(weeks_ahead=3)
    response = client.post(path, {"starts_at": later.isoformat()}, content_type="application/json")
    assert response.status_code == 200 and response.json()["room_booking_state"] == "confirmed"
    _login(client, member_of(place, Role.COWORKER))
    assert client.post(path, {"starts_at": later.isoformat()}, content_type="application/json").status_code == 403
