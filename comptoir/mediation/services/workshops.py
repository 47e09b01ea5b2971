"""Workshops, sessions (series), registrations without account, waiting list, attendance.

Seats are scarce: every change of a session's registrations locks the session row first
(``select_for_update``; on SQLite the IMMEDIATE transactions serialise writers), then counts.

Rooms: a session may book a room (a ``spaces.Resource`` of the same place) through the booking engine's
``.in_transaction`` services, inside the session's own durable transaction, so that a series is booked
all or nothing. The booking is made on behalf of the place: ``as_staff=True`` (hours, closures, capacity
and conflicts still apply), ``person`` = the staff member who schedules (they receive the booking's
e-mails and see it in their bookings), ``title`` = the workshop's title, ``attendees`` = the seats.
Lock order: session row, then resource row (spaces never locks sessions, so no deadlock).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.totals import VatRate
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.notifications import notify_on_commit
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import Beneficiary, Registration, Workshop, WorkshopSession
from comptoir.mediation.services._common import (
    clean_choice,
    clean_choices,
    clean_email,
    clean_multiline,
    clean_phone,
    clean_text,
)
from comptoir.mediation.services.registration_charges import (
    _member_account,
    registration_charge_sync,
    workshop_seats_reprice,
)
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.services.bookings import (
    booking_cancel,
    booking_create,
    booking_move,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from comptoir.people.models import User
    from comptoir.places.models import Place

WORKSHOP_FIELDS = (
    "title", "description", "themes", "level", "audience", "duration_minutes", "capacity",
    "equipment_needed", "price_kind", "price", "price_condition", "pass_numerique_accepted", "is_published",
)  # fmt: skip
MAX_SERIES = 52


def _workshop_apply(workshop: Workshop, data: dict) -> None:
    title = clean_text(data.get("title"), max_length=150)
    if not title:
        raise ServiceError(_("Give the workshop a title."), field="title")
    workshop.title = title
    workshop.description = clean_multiline(data.get("description"), max_length=10000)
    workshop.themes = clean_choices(data.get("themes"), v.Theme, field="themes")
    workshop.level = clean_choice(data.get("level") or v.Level.DEBUTANT, v.Level, field="level")
    workshop.audience = clean_text(data.get("audience"), max_length=200)
    try:
        workshop.duration_minutes = int(data.get("duration_minutes") or 120)
        workshop.capacity = int(data.get("capacity") or 8)
    except (TypeError, ValueError):
        raise ServiceError(_("Give whole numbers for the duration and the seats."))
    if not 1 <= workshop.duration_minutes <= 24 * 60:
        raise ServiceError(_("Give a duration between 1 minute and 24 hours."), field="duration_minutes")
    if not 1 <= workshop.capacity <= 500:
        raise ServiceError(_("Give between 1 and 500 seats."), field="capacity")
    workshop.equipment_needed = clean_text(data.get("equipment_needed"), max_length=200)
    workshop.price_kind = clean_choice(data.get("price_kind") or "free", Workshop.Price, field="price_kind")
    price = data.get("price")
    if workshop.price_kind == Workshop.Price.PAID:
        try:
            price = Decimal(str(price)).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError, ValueError):
            price = None
        if price is None or price <= 0 or price >= Decimal("1000000"):
            raise ServiceError(_("Give the price of a paid workshop."), field="price")
        workshop.price = price
    else:
        workshop.price = None
    workshop.vat_rate = clean_choice(data.get("vat_rate") or VatRate.STANDARD, VatRate, field="vat_rate")
    workshop.price_condition = clean_text(data.get("price_condition"), max_length=200)
    workshop.pass_numerique_accepted = bool(data.get("pass_numerique_accepted"))
    workshop.is_published = bool(data.get("is_published", True))


def workshop_create(*, place: Place, actor: User | None, **data: Any) -> Workshop:
    workshop = Workshop(place=place)
    _workshop_apply(workshop, data)
    with transaction.atomic(durable=True):
        workshop.save()
        audit_record(place=place, actor=actor, action="mediation.workshop.created", obj=workshop)
    return workshop


def workshop_update(*, workshop: Workshop, actor: User | None, **data: Any) -> Workshop:
    """Edit a workshop. When its price changes (kind, amount or VAT rate), the seats' charges not yet
    invoiced follow the new price (invoiced ones are left alone: a credit note is staff's call)."""
    with transaction.atomic(durable=True):
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        before = (workshop.price_kind, workshop.price, workshop.vat_rate)
        _workshop_apply(workshop, data)
        workshop.save()
        after = (workshop.price_kind, workshop.price, workshop.vat_rate)
        audit_record(place=workshop.place, actor=actor, action="mediation.workshop.updated", obj=workshop)
        if after != before:
            workshop_seats_reprice.in_transaction(workshop=workshop, actor=actor, before=before)
    return workshop


def session_series_create(
    *,
    workshop: Workshop,
    actor: User,
    first_start: dt.datetime,
    count: int = 1,
    every_days: int = 7,
    duration_minutes: int | None = None,
    capacity: int | None = None,
    mediators: Iterable[User] = (),
    room: str = "",
    resource: Resource | None = None,
) -> list[WorkshopSession]:
    """One session, or a series (e.g. 6 weekly sessions), at the same local time each time.

    ``resource``: a room of the place, booked for every session (all or nothing: one date that cannot
    be booked refuses the whole series, naming the dates, and nothing is written). Without it, ``room``
    is free text.
    """
    place = workshop.place
    if resource is not None and resource.place_id != place.pk:
        raise ServiceError(_("This room is not one of the place's rooms."), code="invalid", field="resource")
    if timezone.is_naive(first_start):
        first_start = first_start.replace(tzinfo=place.tz)
    if not 1 <= int(count) <= MAX_SERIES:
        raise ServiceError(_("A series has between 1 and %(max)s sessions.") % {"max": MAX_SERIES}, field="count")
    if not 1 <= int(every_days) <= 366:
        raise ServiceError(_("Give the number of days between two sessions."), field="every_days")
    duration = int(duration_minutes or workshop.duration_minutes)
    if not 1 <= duration <= 24 * 60:
        raise ServiceError(_("Give a duration between 1 minute and 24 hours."), field="duration_minutes")
    seats = int(capacity or workshop.capacity)
    if not 1 <= seats <= 500:
        raise ServiceError(_("Give between 1 and 500 seats."), field="capacity")
    mediators = list(mediators)
    from comptoir.people.models import Membership

    allowed = set(
        Membership.objects.filter(place=place, status=Membership.Status.ACTIVE, user__in=mediators).values_list(
            "user_id", flat=True
        )
    )
    if any(m.pk not in allowed for m in mediators):
        raise ServiceError(_("Mediators must be members of the place."), field="mediators")
    local_first = timezone.localtime(first_start, place.tz)
    series = uuid.uuid4() if count > 1 else None
    sessions = []
    slots = []
    for index in range(int(count)):
        day = local_first.date() + dt.timedelta(days=index * int(every_days))
        starts = dt.datetime.combine(day, local_first.timetz().replace(tzinfo=None), tzinfo=place.tz)
        slots.append((starts, starts + dt.timedelta(minutes=duration)))
    with transaction.atomic(durable=True):
        bookings = _rooms_book(resource=resource, slots=slots, title=workshop.title, seats=seats, actor=actor)
        for (starts, ends), booking in zip(slots, bookings, strict=True):
            session = WorkshopSession.objects.create(
                place=place,
                workshop=workshop,
                starts_at=starts,
                ends_at=ends,
                capacity=seats,
                room="" if booking is not None else clean_text(room, max_length=100),
                room_booking=booking,
                series=series,
            )
            session.mediators.set(mediators)
            sessions.append(session)
        audit_record(
            place=place, actor=actor, action="mediation.sessions.created", obj=workshop,
            after={"ids": [s.pk for s in sessions], "series": series,
                   "room_bookings": [b.pk for b in bookings if b is not None]},
        )  # fmt: skip
    return sessions


def _when(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return f"{timezone.localtime(moment, tz):%d/%m/%Y %H:%M}"


def _room_refusal(resource: Resource, failures: list[tuple[dt.datetime, ServiceError]]) -> ServiceError:
    """One error naming every date the room cannot be booked, with the engine's reasons.

    A Conflict (someone else holds the room: 409) when any date clashes, else the first rule's error.
    """
    tz = resource.place.tz
    details = "; ".join(f"{_when(start, tz)} ({error.message})" for start, error in failures)
    message = _("The room “%(room)s” cannot be booked, nothing was scheduled: %(details)s") % {
        "room": resource.name,
        "details": details,
    }
    if any(isinstance(error, Conflict) for _start, error in failures):
        return Conflict(message, code="room_taken", field="resource")
    return ServiceError(message, code=failures[0][1].code, field="resource")


def _rooms_book(
    *,
    resource: Resource | None,
    slots: Sequence[tuple[dt.datetime, dt.datetime]],
    title: str,
    seats: int,
    actor: User,
) -> Sequence[Booking | None]:
    """Book the room for every slot inside the caller's transaction; refuse them all when one fails.

    Each booking runs in a savepoint, so that every refused date can be named (on PostgreSQL a refused
    insert would otherwise leave the transaction unusable); the caller's transaction is then rolled back
    by the error raised.
    """
    if resource is None:
        return [None] * len(slots)
    made, failures = [], []
    for starts, ends in slots:
        try:
            with transaction.atomic():
                made.append(
                    booking_create.in_transaction(
                        resource=resource,
                        person=actor,
                        start=starts,
                        end=ends,
                        actor=actor,
                        as_staff=True,
                        title=title,
                        attendees=seats,
                        internal_use=True,  # the place's own activity: nobody is charged for the room
                        notify=False,  # the mediator sees the sessions on screen, not one e-mail per room
                    )  # fmt: skip
                )
        except ServiceError as error:
            failures.append((starts, error))
    if failures:
        raise _room_refusal(resource, failures)
    return made


def session_move(
    *, session: WorkshopSession, actor: User | None, starts_at: dt.datetime, duration_minutes: int | None = None
) -> WorkshopSession:
    """Move a session (its room booking moves with it; refused, nothing changed, when the room is taken)."""
    with transaction.atomic(durable=True):
        session = _lock_session(session.pk)
        place = session.place
        if timezone.is_naive(starts_at):
            starts_at = starts_at.replace(tzinfo=place.tz)
        if session.status != WorkshopSession.Status.SCHEDULED:
            raise ServiceError(_("This session is cancelled."), code="cancelled")
        if session.attendance_taken_at is not None:
            raise ServiceError(_("Attendance is taken: this session can no longer be moved."), code="held")
        if starts_at <= timezone.now():
            raise ServiceError(_("Choose a date in the future."), field="starts_at")
        duration = int(duration_minutes or session.duration_minutes)
        if not 1 <= duration <= 24 * 60:
            raise ServiceError(_("Give a duration between 1 minute and 24 hours."), field="duration_minutes")
        before = {"starts_at": session.starts_at, "ends_at": session.ends_at}
        ends_at = starts_at + dt.timedelta(minutes=duration)
        booking = session.room_booking
        if booking is not None and booking.state in (Booking.State.REQUESTED, Booking.State.CONFIRMED):
            try:
                with transaction.atomic():
                    booking_move.in_transaction(booking=booking, start=starts_at, end=ends_at, actor=actor,
                                                as_staff=True, notify=False)  # fmt: skip
            except ServiceError as error:
                raise _room_refusal(booking.resource, [(starts_at, error)])
        session.starts_at, session.ends_at = starts_at, ends_at
        session.reminder_sent_at = None
        session.save(update_fields=["starts_at", "ends_at", "reminder_sent_at"])
        for registration in session.registrations.filter(status=Registration.Status.CONFIRMED):
            registration_charge_sync.in_transaction(registration=registration, actor=actor)  # new date
        for registration in session.registrations.exclude(status=Registration.Status.CANCELLED).exclude(
            email="", phone=""
        ):
            _tell(registration, session, "session_moved")
        audit_record(
            place=place, actor=actor, action="mediation.session.moved", obj=session,
            before=before, after={"starts_at": starts_at, "ends_at": ends_at},
        )  # fmt: skip
    return session


def _lock_session(session_id: int) -> WorkshopSession:
    return (
        WorkshopSession.objects.select_for_update(of=("self",))
        .select_related("workshop", "place", "room_booking")
        .get(pk=session_id)
    )


def _context(registration: Registration, session: WorkshopSession) -> dict:
    manage_url = ""
    base = getattr(settings, "COMPTOIR_BASE_URL", "")  # absolute links only when the instance knows its address
    if base:
        manage_url = base.rstrip("/") + reverse(
            "mediation:registration_manage", kwargs={"place_slug": session.place.slug, "token": registration.token}
        )
    return {
        "registration": registration, "session": session, "workshop": session.workshop, "place": session.place,
        "manage_url": manage_url,
    }  # fmt: skip


def _tell(registration: Registration, session: WorkshopSession, template: str) -> None:
    """E-mail (or text) the registered person ``mediation/email/<template>`` after commit."""
    notify_on_commit(
        to=registration.email, phone=registration.phone, template=f"mediation/email/{template}",
        context=_context(registration, session),
    )  # fmt: skip


def registration_create(
    *,
    session: WorkshopSession,
    first_name: str,
    email: str = "",
    phone: str = "",
    actor: User | None = None,
    beneficiary: Beneficiary | None = None,
    account: User | None = None,
) -> Registration:
    """Take a seat, or a place on the waiting list when the session is full.

    Paid workshops: when the person has an account and is an active member of the place (``account``,
    or the signed-in ``actor`` registering with their own e-mail), a confirmed seat posts a billing
    charge (see :func:`registration_charge_sync`); others pay at the desk.
    """
    first_name = clean_text(first_name, max_length=80)
    if not first_name:
        raise ServiceError(_("Tell us your first name."), field="first_name")
    email = clean_email(email)
    phone = clean_phone(phone)
    if not email and not phone:
        raise ServiceError(_("Give a phone number or an e-mail address, so we can reach you."), field="email")
    if beneficiary is not None and beneficiary.place_id != session.place_id:
        raise ServiceError(_("This person is not in the list of this place."), field="beneficiary")
    with transaction.atomic(durable=True):
        session = _lock_session(session.pk)
        if session.status != WorkshopSession.Status.SCHEDULED:
            raise ServiceError(_("This session is cancelled."), code="cancelled")
        if session.starts_at <= timezone.now():
            raise ServiceError(_("This session has already started."), code="started")
        active = Registration.objects.filter(session=session).exclude(status=Registration.Status.CANCELLED)
        same_person = Q(pk__in=[])
        if email:
            same_person |= Q(email__iexact=email)
        if phone:
            same_person |= Q(phone=phone)
        if active.filter(same_person).filter(first_name__iexact=first_name).exists():
            raise Conflict(_("You are already registered for this session."), field="first_name")
        taken = active.filter(status=Registration.Status.CONFIRMED).count()
        status = Registration.Status.CONFIRMED if taken < session.capacity else Registration.Status.WAITING
        member = _member_account(place=session.place, account=account, actor=actor, email=email)
        registration = Registration(
            place=session.place, session=session, first_name=first_name, email=email, phone=phone, status=status,
            beneficiary=beneficiary, account=member,
        )  # fmt: skip
        if beneficiary is not None:
            registration.gender = beneficiary.gender
            registration.age_bracket = beneficiary.bracket_in(session.starts_at.year)
            registration.social_status = beneficiary.social_status
            registration.commune = beneficiary.commune
        registration.save()
        audit_record(
            place=session.place, actor=actor, action="mediation.registration.created", obj=registration,
            object_repr=f"#{registration.pk}",
            after={"session": session.pk, "status": status, "account": member.pk if member else None},
        )  # fmt: skip
        registration_charge_sync.in_transaction(registration=registration, actor=actor, account=member)
        confirmed = status == Registration.Status.CONFIRMED
        _tell(registration, session, "registration_confirmed" if confirmed else "registration_waiting")
    return registration


def registration_cancel(*, registration: Registration, actor: User | None = None) -> Registration:
    """Free the seat; the first person of the waiting list takes it and is told."""
    with transaction.atomic(durable=True):
        session = _lock_session(registration.session_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ServiceError(_("This registration is already cancelled."), code="already_cancelled")
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        audit_record(
            place=session.place, actor=actor, action="mediation.registration.cancelled", obj=registration,
            object_repr=f"#{registration.pk}",
        )  # fmt: skip
        registration_charge_sync.in_transaction(registration=registration, actor=actor)
        if was_confirmed and session.starts_at > timezone.now():
            _promote(session, actor=actor)
    return registration


def _promote(session: WorkshopSession, *, actor: User | None) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served (session row locked)."""
    taken = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED).count()
    free = session.capacity - taken
    promoted: list[Registration] = []
    if free <= 0:
        return promoted
    waiting = Registration.objects.filter(session=session, status=Registration.Status.WAITING).order_by(
        "created_at", "pk"
    )[:free]
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        audit_record(
            place=session.place, actor=actor, action="mediation.registration.promoted", obj=registration,
            object_repr=f"#{registration.pk}",
        )  # fmt: skip
        registration_charge_sync.in_transaction(registration=registration, actor=actor)
        _tell(registration, session, "registration_promoted")
        promoted.append(registration)
    return promoted


def session_cancel(*, session: WorkshopSession, actor: User | None, reason: str = "") -> WorkshopSession:
    """Cancel a session: the registered people are told, its room booking is cancelled (the slot is free).

    ``reason`` goes on the room booking (default: "Workshop session cancelled: <title>").
    """
    reason = clean_text(reason, max_length=300)
    with transaction.atomic(durable=True):
        session = _lock_session(session.pk)
        if session.status == WorkshopSession.Status.CANCELLED:
            raise ServiceError(_("This session is already cancelled."))
        session.status = WorkshopSession.Status.CANCELLED
        session.save(update_fields=["status"])
        booking = session.room_booking
        if booking is not None and booking.state in (Booking.State.REQUESTED, Booking.State.CONFIRMED):
            booking_cancel.in_transaction(
                booking=booking, actor=actor, as_staff=True, notify=False,
                reason=reason or str(_("Workshop session cancelled: %(title)s") % {"title": session.workshop.title}),
            )  # fmt: skip
        for registration in session.registrations.exclude(status=Registration.Status.CANCELLED):
            registration_charge_sync.in_transaction(registration=registration, actor=actor)
            _tell(registration, session, "session_cancelled")
        audit_record(place=session.place, actor=actor, action="mediation.session.cancelled", obj=session)
    return session


def attendance_save(*, session: WorkshopSession, absent_ids: Iterable[int], actor: User | None) -> WorkshopSession:
    """Everyone registered is present unless marked absent."""
    absent = {int(pk) for pk in absent_ids or ()}
    with transaction.atomic(durable=True):
        session = _lock_session(session.pk)
        if session.status != WorkshopSession.Status.SCHEDULED:
            raise ServiceError(_("This session is cancelled."), code="cancelled")
        _refuse_before_start(session)
        confirmed = Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED)
        confirmed.exclude(pk__in=absent).update(attended=True)
        confirmed.filter(pk__in=absent).update(attended=False)
        _visits_update(session)
        session.attendance_taken_at = timezone.now()
        session.save(update_fields=["attendance_taken_at"])
        audit_record(
            place=session.place, actor=actor, action="mediation.attendance.saved", obj=session,
            after={"absent": sorted(absent)},
        )  # fmt: skip
    return session


def _visits_update(session: WorkshopSession) -> None:
    """Known people who came: their first and last visits move, the first visit is flagged once."""
    day = timezone.localtime(session.starts_at, session.place.tz).date()
    present = (
        Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED, attended=True)
        .exclude(beneficiary=None)
        .select_related("beneficiary")
    )
    for registration in present:
        beneficiary = registration.beneficiary
        assert beneficiary is not None  # excluded above
        first = beneficiary.first_visit is None or day <= beneficiary.first_visit
        if registration.is_first_visit != first:
            registration.is_first_visit = first
            registration.save(update_fields=["is_first_visit"])
        if beneficiary.first_visit is None or day < beneficiary.first_visit:
            beneficiary.first_visit = day
        if beneficiary.last_visit is None or day > beneficiary.last_visit:
            beneficiary.last_visit = day
        beneficiary.save(update_fields=["first_visit", "last_visit"])


def _refuse_before_start(session: WorkshopSession) -> None:
    """Attendance and walk-ins follow the same rule (``WorkshopSession.attendance_opens_at``)."""
    if not session.attendance_is_open:
        raise ServiceError(
            _("Attendance opens when the session starts, on %(when)s.")
            % {"when": _when(session.attendance_opens_at, session.place.tz)},
            code="too_early",
        )


def walk_in_add(*, session: WorkshopSession, actor: User | None, first_name: str = "") -> Registration:
    """Someone came without registering: present, counted, even beyond the seats."""
    with transaction.atomic(durable=True):
        session = _lock_session(session.pk)
        if session.status != WorkshopSession.Status.SCHEDULED:
            raise ServiceError(_("This session is cancelled."), code="cancelled")
        _refuse_before_start(session)
        registration = Registration.objects.create(
            place=session.place, session=session, first_name=clean_text(first_name, max_length=80),
            status=Registration.Status.CONFIRMED, attended=True, is_walk_in=True,
        )  # fmt: skip
        audit_record(
            place=session.place, actor=actor, action="mediation.registration.walk_in", obj=registration,
            object_repr=f"#{registration.pk}",
        )  # fmt: skip
    return registration


def reminders_send(*, place: Place, now: dt.datetime | None = None, within_hours: int = 24) -> int:
    """E-mail a reminder to the registered people of the sessions starting soon; once per session."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic(durable=True):
        sessions = WorkshopSession.objects.select_for_update().filter(
            place=place,
            status=WorkshopSession.Status.SCHEDULED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(hours=within_hours),
        )
        for session in sessions.select_related("workshop", "place"):
            for registration in session.registrations.filter(status=Registration.Status.CONFIRMED).exclude(
                email="", phone=""
            ):
                _tell(registration, session, "session_reminder")
                sent += 1
            session.reminder_sent_at = now
            session.save(update_fields=["reminder_sent_at"])
        if sent:
            audit_record(place=place, actor=None, action="mediation.reminders.sent", after={"count": sent})
    return sent
