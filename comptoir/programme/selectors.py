"""Every read of the programme engine, scoped by place; lists cost a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from comptoir.programme.models import Activity, Attendance, Registration, Session
from comptoir.spaces.models import Resource

if TYPE_CHECKING:
    from collections.abc import Iterable

    from comptoir.places.models import Place

CONFIRMED = Q(registrations__state=Registration.State.CONFIRMED)
WAITING = Q(registrations__state=Registration.State.WAITING)


def with_seats(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions annotated with ``seats_taken`` (confirmed seats) and ``waiting_count`` (registrations on the
    waiting list), with their activity and room: ``Session.seats_left`` reads the annotation."""
    return sessions.select_related("activity", "room_booking__resource").annotate(
        seats_taken=Coalesce(Sum("registrations__seats", filter=CONFIRMED), Value(0), output_field=IntegerField()),
        waiting_count=Count("registrations", filter=WAITING),
    )


def agenda_sessions(*, place: Place, now: dt.datetime | None = None, limit: int = 200) -> list[Session]:
    """The public agenda: sessions of published activities that have not ended, soonest first (cancelled
    ones included, marked, so that people who planned to come see it)."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        place=place, activity__status=Activity.Status.PUBLISHED, ends_at__gt=now
    ).order_by("starts_at", "pk")
    return list(with_seats(sessions)[:limit])


def public_session_get(*, place: Place, session_id: int) -> Session | None:
    """A session of a published activity of the place (for its event page), with its seats."""
    return (
        with_seats(Session.objects.filter(place=place, pk=session_id, activity__status=Activity.Status.PUBLISHED))
        .select_related("place")
        .first()
    )


def activity_list(*, place: Place, published_only: bool = False) -> QuerySet[Activity]:
    activities = Activity.objects.filter(place=place)
    if published_only:
        activities = activities.filter(status=Activity.Status.PUBLISHED)
    return activities.order_by("title", "pk")


def activity_get(*, place: Place, activity_id: int) -> Activity | None:
    return Activity.objects.filter(place=place, pk=activity_id).first()


STATE_ORDER: dict[str, int] = {"confirmed": 0, "waiting": 1, "cancelled": 2}


def _in_list_order(registrations: Iterable[Registration]) -> list[Registration]:
    """Confirmed first, then the waiting list in its order, then the cancelled ones."""
    return sorted(registrations, key=lambda r: (STATE_ORDER.get(r.state, 3), r.created_at, r.pk))


def activity_sessions(*, activity: Activity) -> list[Session]:
    """Every session of an activity, with its seats, and its registrations in list order as
    ``registration_rows`` (three queries, whatever the number of sessions and registrations)."""
    sessions = list(
        with_seats(Session.objects.filter(place=activity.place_id, activity=activity))
        .order_by("starts_at", "pk")
        .prefetch_related(
            Prefetch("registrations", queryset=Registration.objects.select_related("attendance"))
        )
    )
    for session in sessions:
        session.registration_rows = _in_list_order(session.registrations.all())  # type: ignore[attr-defined]
    return sessions


def session_get(*, place: Place, session_id: int) -> Session | None:
    return with_seats(Session.objects.filter(place=place, pk=session_id)).select_related("place").first()


def session_registrations(*, session: Session) -> list[Registration]:
    """A session's registrations in list order (see :func:`_in_list_order`)."""
    return _in_list_order(
        Registration.objects.filter(place=session.place_id, session=session).select_related("attendance")
    )


def session_walk_ins(*, session: Session) -> list[Attendance]:
    """The people who came to a session without registering."""
    return list(Attendance.objects.filter(place=session.place_id, session=session, registration__isnull=True))


def registration_by_token(*, place: Place, token: str) -> Registration | None:
    """The registration of a self-service link (the secret token), with its session."""
    return (
        Registration.objects.filter(place=place, token=str(token)[:64])
        .select_related("session__activity", "session__room_booking__resource", "session__place")
        .first()
    )


def registration_by_qr(*, place: Place, qr_token: str) -> Registration | None:
    """The registration a door QR code names, with its session and attendance."""
    return (
        Registration.objects.filter(place=place, qr_token=str(qr_token)[:64])
        .select_related("session__activity", "session__place")
        .first()
    )


def room_resources(*, place: Place) -> list[Resource]:
    """The place's rooms a session may book (through the booking engine)."""
    return list(Resource.objects.filter(place=place, is_active=True, kind=Resource.Kind.ROOM).order_by("name", "pk"))
