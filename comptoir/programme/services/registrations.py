"""Registrations: take seats or join the waiting list, cancel (the waiting list moves up at once).

The capacity is never exceeded: every change of a session's seats locks the session row first
(:func:`.common.session_lock`), then counts the confirmed seats. A registration is confirmed when all its
seats fit; otherwise it waits, whole (a family is not split). The invariant, after every service: no
waiting registration fits in the seats left. Promotion keeps it: the waiting list is read in order and
every registration that fits is confirmed; one that does not (a family of four for two free seats) keeps
its rank while smaller ones behind it take the seats, so that no seat stays empty while someone who fits
waits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.transactions import service
from comptoir.programme.cleaning import clean_email, clean_int, clean_line, clean_phone
from comptoir.programme.models import Registration, Session
from comptoir.programme.services.common import seats_taken, session_lock, tell

if TYPE_CHECKING:
    from comptoir.people.models import User

MAX_SEATS = 20  # one registration is a person or a family, not a group booking


def waiting_list_promote(*, session: Session, actor: User | None) -> list[Registration]:
    """Confirm the waiting registrations that fit in the seats left, in the order they came (see the module
    docstring). A primitive: call it inside a transaction, with the session row locked."""
    free = session.capacity - seats_taken(session)
    promoted: list[Registration] = []
    if free <= 0:
        return promoted
    waiting = (
        Registration.objects.filter(session=session, state=Registration.State.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    now = timezone.now()
    for registration in waiting:
        if registration.seats > free:
            continue
        registration.state = Registration.State.CONFIRMED
        registration.state_changed_at = now
        registration.save(update_fields=["state", "state_changed_at"])
        audit_record(
            place=session.place, actor=actor, action="programme.registration.promoted", obj=registration,
            object_repr=f"#{registration.pk}", after={"seats": registration.seats},
        )  # fmt: skip
        tell(registration, session, "registration_promoted")
        promoted.append(registration)
        free -= registration.seats
        if free <= 0:
            break
    return promoted


@service
def registration_create(
    *,
    session: Session,
    actor: User | None,
    first_name: str = "",
    email: str = "",
    phone: str = "",
    user: User | None = None,
    child_first_name: str = "",
    child_age: int | None = None,
    seats: int = 1,
) -> Registration:
    """Take ``seats`` seats in ``session`` (confirmed), or join its waiting list when they do not all fit.

    Without an account: a first name and an e-mail address or a phone number. With one (``user``, the
    signed-in person): their name and address are used when none is given. A child registered by a parent:
    the child's first name and age (0 to 17)."""
    if user is not None:
        first_name = first_name or user.display_name.split(" ")[0]
        email = email or user.email
    first_name = clean_line(first_name, max_length=80, field="first_name", required=_("Tell us your first name."))
    email = clean_email(email)
    phone = clean_phone(phone)
    if user is None and not email and not phone:
        raise ServiceError(_("Give an e-mail address or a phone number, so that we can reach you."), field="email")
    child_first_name = clean_line(child_first_name, max_length=80, field="child_first_name")
    if child_age is not None:
        child_age = clean_int(
            child_age, field="child_age", low=0, high=17, message=_("Give the child's age: from 0 to 17.")
        )
        if not child_first_name:
            raise ServiceError(_("Give the child's first name with their age."), field="child_first_name")
    seats = clean_int(
        seats, field="seats", low=1, high=MAX_SEATS,
        message=_("Give the number of seats: from 1 to %(max)s.") % {"max": MAX_SEATS},
    )  # fmt: skip
    session = session_lock(session.pk)
    if session.is_cancelled:
        raise ServiceError(_("This session is cancelled: registrations are closed."), code="cancelled")
    if session.has_started:
        raise ServiceError(_("This session has already started: registrations are closed."), code="started")
    if not session.activity.is_published:
        raise ServiceError(_("Registrations are not open for this activity."), code="not_published")
    if seats > session.capacity:
        raise ServiceError(
            _("This session has %(capacity)s seats in all: register fewer people.") % {"capacity": session.capacity},
            field="seats",
        )
    same_person = Q(user=user) if user is not None else Q(pk__in=[])
    if email:
        same_person |= Q(email__iexact=email)
    if phone:
        same_person |= Q(phone=phone)
    already = (
        Registration.objects.filter(session=session)
        .exclude(state=Registration.State.CANCELLED)
        .filter(same_person, first_name__iexact=first_name, child_first_name__iexact=child_first_name)
    )
    if already.exists():
        raise Conflict(_("You are already registered for this session."), code="already_registered")
    free = session.capacity - seats_taken(session)
    state = Registration.State.CONFIRMED if seats <= free else Registration.State.WAITING
    registration = Registration.objects.create(
        place=session.place, session=session, user=user, first_name=first_name, email=email, phone=phone,
        child_first_name=child_first_name, child_age=child_age, seats=seats, state=state,
    )  # fmt: skip
    audit_record(
        place=session.place, actor=actor, action="programme.registration.created", obj=registration,
        object_repr=f"#{registration.pk}",
        after={"session": session.pk, "state": state, "seats": seats, "user": user.pk if user else None},
    )  # fmt: skip
    tell(registration, session, "registration_confirmed" if state == Registration.State.CONFIRMED else
         "registration_waiting")  # fmt: skip
    return registration


@service
def registration_cancel(*, registration: Registration, actor: User | None) -> Registration:
    """Cancel a registration (by its person through the self-service link, or by staff). The seats it held
    go to the waiting list at once, in order, in the same transaction; the promoted people are told."""
    session = session_lock(registration.session_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.state == Registration.State.CANCELLED:
        raise ServiceError(_("This registration is already cancelled."), code="already_cancelled")
    if session.has_started:
        raise ServiceError(_("This session has already started: the registration can no longer be cancelled."),
                           code="started")  # fmt: skip
    was = registration.state
    registration.state = Registration.State.CANCELLED
    registration.state_changed_at = timezone.now()
    registration.save(update_fields=["state", "state_changed_at"])
    audit_record(
        place=session.place, actor=actor, action="programme.registration.cancelled", obj=registration,
        object_repr=f"#{registration.pk}", before={"state": was}, after={"state": registration.state},
    )  # fmt: skip
    if was == Registration.State.CONFIRMED and not session.is_cancelled:
        waiting_list_promote(session=session, actor=actor)
    return registration
