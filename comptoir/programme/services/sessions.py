"""Sessions: schedule (one date or a weekly series, its room booked through the booking engine, all or
nothing) and cancel (everyone registered is told, the room is freed)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.transactions import service
from comptoir.programme.cleaning import clean_int, clean_line, clean_url
from comptoir.programme.models import Activity, Registration, Session
from comptoir.programme.services.common import session_lock, tell, when
from comptoir.spaces.services import booking_cancel, booking_create

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.spaces.models import Booking, Resource

MAX_CAPACITY = 10_000
MAX_SERIES = 52
MAX_DAYS = 14  # a festival may run over several days; beyond two weeks it is a series, not a session


def _aware(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    # A time without a zone is the place's.
    return moment.replace(tzinfo=tz) if timezone.is_naive(moment) else moment


def room_refusal(resource: Resource, failures: list[tuple[dt.datetime, ServiceError]]) -> ServiceError:
    """One error naming every date the room cannot be booked, with the booking engine's reasons: a Conflict
    (409) when another booking holds the room, else the first rule's error (closed, outside hours...)."""
    tz = resource.place.tz
    details = "; ".join(f"{when(start, tz)} ({error.message})" for start, error in failures)
    message = _("The room “%(room)s” cannot be booked, nothing was scheduled: %(details)s") % {
        "room": resource.name, "details": details,
    }  # fmt: skip
    if any(isinstance(error, Conflict) for _start, error in failures):
        return Conflict(message, code="room_taken", field="resource")
    return ServiceError(message, code=failures[0][1].code, field="resource")


def _book_rooms(
    *, resource: Resource, slots: list[tuple[dt.datetime, dt.datetime]], title: str, seats: int, actor: User
) -> list[Booking]:
    """Book the room for every slot inside the caller's transaction; refuse them all when one fails.

    Each booking runs in a savepoint so that every refused date can be named (on PostgreSQL a refused
    insert would otherwise leave the transaction unusable); the error raised then rolls the caller's
    transaction back, and nothing is written."""
    made: list[Booking] = []
    failures: list[tuple[dt.datetime, ServiceError]] = []
    for starts, ends in slots:
        try:
            with transaction.atomic():
                made.append(
                    booking_create.in_transaction(
                        resource=resource, person=actor, start=starts, end=ends, actor=actor, as_staff=True,
                        title=title, attendees=seats,  # a room too small for the seats is refused
                        internal_use=True,  # the place's own programme: nobody is charged for the room
                        notify=False,  # staff see the sessions on screen, not one e-mail per room
                    )  # fmt: skip
                )
        except ServiceError as error:
            failures.append((starts, error))
    if failures:
        raise room_refusal(resource, failures)
    return made


@service
def session_schedule(
    *,
    activity: Activity,
    actor: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    location_kind: str,
    resource: Resource | None = None,
    address: str = "",
    online_url: str = "",
    weeks: int = 1,
) -> list[Session]:
    """Schedule a session of ``activity``, or ``weeks`` weekly sessions at the same local time.

    ``location_kind``: "room" books ``resource`` (a room of the place) through the booking engine for every
    date, all or nothing (a closed or taken room refuses the whole series, naming the dates, and nothing is
    written); "address" takes ``address``; "online" takes ``online_url``."""
    place = activity.place
    tz = place.tz
    starts_at, ends_at = _aware(starts_at, tz), _aware(ends_at, tz)
    if ends_at <= starts_at:
        raise ServiceError(_("The end must come after the start."), field="ends_at")
    if ends_at - starts_at > dt.timedelta(days=MAX_DAYS):
        raise ServiceError(_("A session lasts two weeks at most."), field="ends_at")
    if starts_at <= timezone.now():
        raise ServiceError(_("Choose a start in the future."), field="starts_at")
    capacity = clean_int(
        capacity, field="capacity", low=1, high=MAX_CAPACITY,
        message=_("Give the number of seats: between 1 and %(max)s.") % {"max": MAX_CAPACITY},
    )  # fmt: skip
    weeks = clean_int(
        weeks, field="weeks", low=1, high=MAX_SERIES,
        message=_("A series has between 1 and %(max)s weeks.") % {"max": MAX_SERIES},
    )  # fmt: skip
    if location_kind not in Session.Location.values:
        raise ServiceError(_("Say where the session takes place."), field="location_kind")
    address = clean_line(address, max_length=300, field="address")
    online_url = clean_url(online_url, field="online_url")
    if location_kind == Session.Location.ROOM:
        if resource is None or resource.place_id != place.pk:
            raise ServiceError(_("Choose one of the place's rooms."), field="resource")
        address, online_url = "", ""
    elif location_kind == Session.Location.ADDRESS:
        if not address:
            raise ServiceError(_("Give the address where the session takes place."), field="address")
        resource, online_url = None, ""
    else:
        if not online_url:
            raise ServiceError(_("Give the link to join the session online."), field="online_url")
        resource, address = None, ""
    local_start, local_end = timezone.localtime(starts_at, tz), timezone.localtime(ends_at, tz)
    slots = []
    for week in range(weeks):
        # The same wall-clock time every week, across daylight-saving changes.
        shift = dt.timedelta(weeks=week)
        slots.append(
            (
                dt.datetime.combine(local_start.date() + shift, local_start.time(), tzinfo=tz),
                dt.datetime.combine(local_end.date() + shift, local_end.time(), tzinfo=tz),
            )
        )
    bookings: list[Booking | None] = [None] * weeks
    if resource is not None:
        bookings = list(_book_rooms(resource=resource, slots=slots, title=activity.title, seats=capacity, actor=actor))
    series = uuid.uuid4() if weeks > 1 else None
    sessions = [
        Session.objects.create(
            place=place, activity=activity, starts_at=starts, ends_at=ends, capacity=capacity,
            location_kind=location_kind, room_booking=booking, address=address, online_url=online_url, series=series,
        )  # fmt: skip
        for (starts, ends), booking in zip(slots, bookings, strict=True)
    ]
    audit_record(
        place=place, actor=actor, action="programme.sessions.scheduled", obj=activity,
        after={"ids": [s.pk for s in sessions], "series": series, "capacity": capacity, "where": location_kind,
               "room_bookings": [b.pk for b in bookings if b is not None]},
    )  # fmt: skip
    return sessions


@service
def session_cancel(*, session: Session, actor: User | None, reason: str) -> Session:
    """Cancel a session: everyone registered or waiting is told why, the room booking is cancelled (the
    room is free again). The registrations stay as they were, for the record."""
    reason = clean_line(
        reason, max_length=500, field="reason", required=_("Say why the session is cancelled: everyone is told.")
    )
    session = session_lock(session.pk)
    if session.is_cancelled:
        raise ServiceError(_("This session is already cancelled."), code="already_cancelled")
    session.is_cancelled = True
    session.cancel_reason = reason
    session.cancelled_at = timezone.now()
    session.save(update_fields=["is_cancelled", "cancel_reason", "cancelled_at"])
    booking = session.room_booking
    if booking is not None and booking.state in (booking.State.REQUESTED, booking.State.CONFIRMED):
        booking_cancel.in_transaction(booking=booking, actor=actor, as_staff=True, notify=False, reason=reason)
    told = 0
    registrations = session.registrations.exclude(state=Registration.State.CANCELLED).select_related("user")
    for registration in registrations:
        tell(registration, session, "session_cancelled")
        told += 1
    audit_record(
        place=session.place, actor=actor, action="programme.session.cancelled", obj=session,
        after={"reason": reason, "told": told},
    )  # fmt: skip
    return session
