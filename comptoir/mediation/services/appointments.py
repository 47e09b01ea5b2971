"""Appointments: slots with a mediator that a person takes, then the accompaniment they become.

Staff open slots for a mediator (one or several in a row), optionally booking a room of the place for
them through the booking engine (same rules as workshop sessions: all or nothing, a clash is a 409 naming
the time, on behalf of the place, ``person`` = the staff member who opens the slots). A person takes a
free slot without an account (first name and a phone or an e-mail); the slot row is locked, so two people
never get the same slot. When it took place, the quick entry records the accompaniment with
``appointment=``: the accompaniment gets ``appointment_ref`` and the appointment becomes "done".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.notifications import notify_on_commit
from comptoir.mediation.models import Appointment
from comptoir.mediation.services._common import clean_email, clean_phone, clean_text
from comptoir.mediation.services.workshops import _rooms_book, _when
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.services.bookings import booking_cancel

if TYPE_CHECKING:
    from comptoir.mediation.availability import FreeSlot
    from comptoir.mediation.models import Accompaniment
    from comptoir.people.models import User
    from comptoir.places.models import Place

MAX_SLOTS = 16
HOLDING = (Appointment.Status.OPEN, Appointment.Status.BOOKED)


def appointment_slots_create(
    *,
    place: Place,
    mediator: User,
    actor: User,
    first_start: dt.datetime,
    count: int = 1,
    duration_minutes: int = 30,
    resource: Resource | None = None,
    room: str = "",
) -> list[Appointment]:
    """Open ``count`` slots in a row with ``mediator``; refused as a whole (nothing written) when the
    mediator already has a slot then, or when the room cannot be booked."""
    from comptoir.mediation.selectors import mediators_of

    if timezone.is_naive(first_start):
        first_start = first_start.replace(tzinfo=place.tz)
    if not 1 <= int(count) <= MAX_SLOTS:
        raise ServiceError(_("Between 1 and %(max)s slots at once.") % {"max": MAX_SLOTS}, field="count")
    duration = int(duration_minutes or 0)
    if not 5 <= duration <= 4 * 60:
        raise ServiceError(_("Give a duration between 5 minutes and 4 hours."), field="duration_minutes")
    if first_start <= timezone.now():
        raise ServiceError(_("Choose a date in the future."), field="first_start")
    if mediator.pk not in {m.pk for m in mediators_of(place=place)}:
        raise ServiceError(_("Choose a mediator of the place."), field="mediator")
    if resource is not None and resource.place_id != place.pk:
        raise ServiceError(_("This room is not one of the place's rooms."), code="invalid", field="resource")
    step = dt.timedelta(minutes=duration)
    slots = [(first_start + i * step, first_start + (i + 1) * step) for i in range(int(count))]
    with transaction.atomic(durable=True):
        _lock_mediator(place=place, mediator=mediator)
        clash = (
            Appointment.objects.select_for_update()
            .filter(place=place, mediator=mediator, status__in=HOLDING)
            .filter(starts_at__lt=slots[-1][1], ends_at__gt=slots[0][0])
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            raise Conflict(
                _("The mediator already has a slot on %(when)s.") % {"when": _when(clash.starts_at, place.tz)},
                code="mediator_busy",
                field="first_start",
            )
        title = str(_("Appointments: %(name)s") % {"name": mediator.display_name})
        bookings = _rooms_book(resource=resource, slots=slots, title=title, seats=1, actor=actor)
        created = [
            Appointment.objects.create(
                place=place,
                mediator=mediator,
                starts_at=start,
                ends_at=end,
                room_booking=booking,
                room="" if booking is not None else clean_text(room, max_length=100),
            )  # fmt: skip
            for (start, end), booking in zip(slots, bookings, strict=True)
        ]
        audit_record(
            place=place, actor=actor, action="mediation.appointments.opened",
            after={"ids": [a.pk for a in created], "mediator": mediator.pk,
                   "room_bookings": [b.pk for b in bookings if b is not None]},
        )  # fmt: skip
    return created


def _lock_mediator(*, place: Place, mediator: User) -> None:
    """Serialize the writes that give a mediator new slots (opened by hand or taken from a weekly rule):
    both check the mediator's other appointments, so both must hold the same lock, the mediator's
    membership row (PostgreSQL; SQLite's IMMEDIATE transactions serialize writers already)."""
    from comptoir.people.models import Membership

    list(Membership.objects.select_for_update(of=("self",)).filter(place=place, user=mediator).values_list("pk"))


def _lock(appointment_id: int) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("place", "mediator", "room_booking")
        .get(pk=appointment_id)
    )


def _contact(*, first_name: str, email: str, phone: str) -> tuple[str, str, str]:
    first_name = clean_text(first_name, max_length=80)
    if not first_name:
        raise ServiceError(_("Tell us your first name."), field="first_name")
    email, phone = clean_email(email), clean_phone(phone)
    if not email and not phone:
        raise ServiceError(_("Give a phone number or an e-mail address, so we can reach you."), field="email")
    return first_name, email, phone


SIGNING_SALT = "comptoir.mediation.appointment.cancel"


def appointment_cancel_token(appointment: Appointment) -> str:
    """The signed token of the self-cancel link; it names this booking (a slot taken again gets a new one)."""
    booked_at = appointment.booked_at.isoformat()  # type: ignore[union-attr]  # set when booked
    return signing.dumps({"a": appointment.pk, "t": booked_at}, salt=SIGNING_SALT)


def appointment_from_token(*, place: Place, token: str) -> Appointment | None:
    """The taken appointment a self-cancel token names in the place, or None (bad, or not this booking)."""
    try:
        data = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    appointment = (
        Appointment.objects.filter(place=place, pk=data["a"])
        .select_related("place", "mediator", "room_booking")
        .first()
    )
    if appointment is None or appointment.booked_at is None or appointment.booked_at.isoformat() != data.get("t"):
        return None
    return appointment


def _context(appointment: Appointment) -> dict:
    manage_url = ""
    base = getattr(settings, "COMPTOIR_BASE_URL", "")  # absolute links only when the instance knows its address
    if base and appointment.booked_at is not None:
        manage_url = base.rstrip("/") + reverse(
            "mediation:appointment_manage",
            kwargs={"place_slug": appointment.place.slug, "token": appointment_cancel_token(appointment)},
        )
    return {"appointment": appointment, "place": appointment.place, "manage_url": manage_url}


def _confirm(appointment: Appointment) -> None:
    notify_on_commit(
        to=appointment.email,
        phone=appointment.phone,
        template="mediation/email/appointment_confirmed",
        context=_context(appointment),
    )


def appointment_take(
    *,
    appointment: Appointment,
    first_name: str,
    email: str = "",
    phone: str = "",
    subject: str = "",
    actor: User | None = None,
) -> Appointment:
    """A person takes a free slot (online, or staff at the desk or on the phone)."""
    first_name, email, phone = _contact(first_name=first_name, email=email, phone=phone)
    with transaction.atomic(durable=True):
        appointment = _lock(appointment.pk)
        if appointment.status != Appointment.Status.OPEN or appointment.starts_at <= timezone.now():
            raise Conflict(_("This slot was just taken: choose another one."), code="taken")
        appointment.status = Appointment.Status.BOOKED
        appointment.first_name, appointment.email, appointment.phone = first_name, email, phone
        appointment.subject = clean_text(subject, max_length=200)
        appointment.booked_at = timezone.now()
        appointment.save()
        audit_record(
            place=appointment.place, actor=actor, action="mediation.appointment.booked", obj=appointment,
            object_repr=f"#{appointment.pk}",
        )  # fmt: skip
        _confirm(appointment)
    return appointment


def appointment_slot_take(
    *,
    place: Place,
    slot: FreeSlot,
    first_name: str,
    email: str = "",
    phone: str = "",
    subject: str = "",
    actor: User | None = None,
) -> Appointment:
    """Take a free slot named by :func:`comptoir.mediation.availability.slot_from_key`: an opened slot, or
    a slot of a weekly rule (the appointment is written then, and the rule's room booked; 409 when gone)."""
    if slot.appointment_id is not None:
        appointment = Appointment.objects.get(pk=slot.appointment_id, place=place)
        return appointment_take(
            appointment=appointment, first_name=first_name, email=email, phone=phone, subject=subject, actor=actor
        )
    from comptoir.mediation.availability import rule_slot_is_free
    from comptoir.mediation.models import AvailabilityRule

    first_name, email, phone = _contact(first_name=first_name, email=email, phone=phone)
    with transaction.atomic(durable=True):
        # The mediator is locked (as when staff open slots by hand), then their rules: two people never get
        # overlapping slots of the same mediator.
        _lock_mediator(place=place, mediator=slot.mediator)
        rules = {
            r.pk: r
            for r in AvailabilityRule.objects.select_for_update(of=("self",))
            .filter(place=place, mediator=slot.mediator)
            .select_related("mediator", "resource")
            .order_by("pk")
        }
        rule = rules.get(slot.rule.pk)
        if rule is None or not rule_slot_is_free(place=place, slot=replace(slot, rule=rule)):
            raise Conflict(_("This slot was just taken: choose another one."), code="taken")
        title = str(_("Appointments: %(name)s") % {"name": rule.mediator.display_name})
        (booking,) = _rooms_book(
            resource=rule.resource, slots=[(slot.starts_at, slot.ends_at)], title=title, seats=1,
            actor=rule.created_by,
        )  # fmt: skip
        appointment = Appointment.objects.create(
            place=place, mediator=rule.mediator, rule=rule, starts_at=slot.starts_at, ends_at=slot.ends_at,
            status=Appointment.Status.BOOKED, room_booking=booking, room="" if booking is not None else rule.room,
            first_name=first_name, email=email, phone=phone, subject=clean_text(subject, max_length=200),
            booked_at=timezone.now(),
        )  # fmt: skip
        audit_record(
            place=place, actor=actor, action="mediation.appointment.booked", obj=appointment,
            object_repr=f"#{appointment.pk}", after={"rule": rule.pk},
        )  # fmt: skip
        _confirm(appointment)
    return appointment


def appointment_cancel(*, appointment: Appointment, actor: User | None, reason: str = "") -> Appointment:
    """Staff cancel a slot (free or taken); its room booking is cancelled, the person is told."""
    reason = clean_text(reason, max_length=300)
    with transaction.atomic(durable=True):
        appointment = _lock(appointment.pk)
        if appointment.status not in HOLDING:
            raise ServiceError(_("This appointment can no longer be cancelled."), code="state")
        was_booked = appointment.status == Appointment.Status.BOOKED
        appointment.status = Appointment.Status.CANCELLED
        appointment.save(update_fields=["status"])
        booking = appointment.room_booking
        if booking is not None and booking.state in (Booking.State.REQUESTED, Booking.State.CONFIRMED):
            booking_cancel.in_transaction(
                booking=booking, actor=actor, as_staff=True, reason=reason or str(_("Appointment cancelled")),
                notify=False,
            )  # fmt: skip
        if was_booked:
            notify_on_commit(
                to=appointment.email,
                phone=appointment.phone,
                template="mediation/email/appointment_cancelled",
                context={"appointment": appointment, "place": appointment.place},
            )
        audit_record(
            place=appointment.place, actor=actor, action="mediation.appointment.cancelled", obj=appointment,
            object_repr=f"#{appointment.pk}",
        )  # fmt: skip
    return appointment


def appointment_self_cancel(*, appointment: Appointment) -> Appointment:
    """The person cancels through the link of their messages: the slot is free again.

    A slot opened by staff goes back to "free" (the person's details blanked, its room booking kept for the
    next person); a slot taken from a weekly availability is cancelled (its room booking too) and the rule
    offers it again.
    """
    with transaction.atomic(durable=True):
        appointment = _lock(appointment.pk)
        if appointment.status != Appointment.Status.BOOKED:
            raise ServiceError(_("This appointment is no longer booked."), code="state")
        if appointment.starts_at <= timezone.now():
            raise ServiceError(_("This appointment has already started: call us instead."), code="started")
        if appointment.rule_id is None:
            appointment.status = Appointment.Status.OPEN
            appointment.first_name = appointment.email = appointment.phone = appointment.subject = ""
            appointment.booked_at = appointment.reminder_sent_at = None
            appointment.save()
        else:
            appointment.status = Appointment.Status.CANCELLED
            appointment.save(update_fields=["status"])
            booking = appointment.room_booking
            if booking is not None and booking.state in (Booking.State.REQUESTED, Booking.State.CONFIRMED):
                booking_cancel.in_transaction(
                    booking=booking, actor=None, as_staff=True, reason=str(_("Appointment cancelled by the person")),
                    notify=False,
                )  # fmt: skip
        audit_record(
            place=appointment.place, actor=None, action="mediation.appointment.self_cancelled", obj=appointment,
            object_repr=f"#{appointment.pk}", after={"status": appointment.status},
        )  # fmt: skip
    return appointment


def appointment_reminders_send(*, place: Place, now: dt.datetime | None = None, within_hours: int = 24) -> int:
    """Remind the people of their appointment starting within ``within_hours``; never twice."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic(durable=True):
        due = (
            Appointment.objects.select_for_update(of=("self",))
            .filter(
                place=place,
                status=Appointment.Status.BOOKED,
                reminder_sent_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + dt.timedelta(hours=within_hours),
            )  # fmt: skip
            .select_related("place", "mediator")
        )
        for appointment in due:
            if appointment.email or appointment.phone:
                notify_on_commit(
                    to=appointment.email, phone=appointment.phone, template="mediation/email/appointment_reminder",
                    context=_context(appointment),
                )  # fmt: skip
                sent += 1
            appointment.reminder_sent_at = now
            appointment.save(update_fields=["reminder_sent_at"])
        if sent:
            audit_record(place=place, actor=None, action="mediation.appointment_reminders.sent", after={"count": sent})
    return sent


def appointment_no_show(*, appointment: Appointment, actor: User | None) -> Appointment:
    """Staff record that the person did not come (once the appointment has started)."""
    with transaction.atomic(durable=True):
        appointment = _lock(appointment.pk)
        if appointment.status != Appointment.Status.BOOKED:
            raise ServiceError(_("Only a taken appointment can be marked as missed."), code="state")
        if appointment.starts_at > timezone.now():
            raise ServiceError(_("This appointment has not started yet."), code="state")
        appointment.status = Appointment.Status.NO_SHOW
        appointment.save(update_fields=["status"])
        audit_record(
            place=appointment.place, actor=actor, action="mediation.appointment.no_show", obj=appointment,
            object_repr=f"#{appointment.pk}",
        )  # fmt: skip
    return appointment


def appointment_lock_for_accompaniment(*, appointment: Appointment, place: Place) -> Appointment:
    """Inside the quick entry's transaction: the taken appointment, locked, that the accompaniment records."""
    locked = _lock(appointment.pk)
    if locked.place_id != place.pk:
        raise ServiceError(_("This appointment is not one of the place's."), field="appointment")
    if locked.status != Appointment.Status.BOOKED:
        raise ServiceError(_("Only a taken appointment becomes an accompaniment."), code="state")
    return locked


def appointment_mark_held(*, appointment: Appointment, accompaniment: Accompaniment, actor: User | None) -> None:
    appointment.status = Appointment.Status.DONE
    appointment.accompaniment = accompaniment
    appointment.save(update_fields=["status", "accompaniment"])
    audit_record(
        place=appointment.place, actor=actor, action="mediation.appointment.held", obj=appointment,
        object_repr=f"#{appointment.pk}", after={"accompaniment": accompaniment.pk},
    )  # fmt: skip
