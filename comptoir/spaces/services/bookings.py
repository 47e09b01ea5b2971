"""Booking writes: create, move, cancel, approve, no-show (weekly series: :mod:`.series`).

The no-double-booking path, one service for SQLite and PostgreSQL:

1. open one durable transaction (on SQLite, ``transaction_mode=IMMEDIATE`` takes the write lock at BEGIN,
   so writers are serialized);
2. on PostgreSQL, claim the *days* of the resource that the new range touches (:func:`.claims.claim`: one
   transaction-scoped advisory lock per resource and day, or the whole resource for a range of weeks).
   Two bookings that overlap share at least one day, so their writers queue on it; writers of other days
   of the same room do not wait for each other. Moves, cancellations and approvals also lock the resource
   row (``select_for_update()``), which keeps changes of one booking in order;
3. load the occupying bookings around the slot (after the claim, so a competitor's booking is seen),
   check every rule and pick a free seat;
4. insert. On PostgreSQL the exclusion constraint ``spaces_booking_no_overlap`` backs this up: a
   violation is turned into a :class:`~comptoir.core.errors.Conflict`, never a 500.

Each public service is a ``@service`` (:mod:`comptoir.core.transactions`): called as is, it runs in its own
durable transaction; other apps' services call ``<service>.in_transaction(...)``, with the same keyword-only
signature, inside their own durable transaction (e.g. mediation books a workshop room for every session of
a series, all or nothing): the resource row is then locked until *the caller's* transaction ends. A
:class:`~comptoir.core.errors.ServiceError` raised by a variant must end the caller's transaction (let it
propagate), or be caught around a savepoint (``transaction.atomic()``): on PostgreSQL a refused insert
leaves the transaction unusable until rolled back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core import sql
from comptoir.core.errors import Conflict, NotAllowed, ServiceError
from comptoir.core.notifications import notify_on_commit
from comptoir.core.sentinels import NOT_GIVEN, NotGiven
from comptoir.core.transactions import service
from comptoir.spaces.charges import booking_charge_sync
from comptoir.spaces.db import BOOKING_EXCLUSION_NAME
from comptoir.spaces.engine import (
    HoursCache,
    Reason,
    conflicts,
    free_seat,
    in_supported_range,
    slot_reasons,
)
from comptoir.spaces.models import Booking, BookingSeries, Closure, Resource
from comptoir.spaces.qualifications import plans_reader
from comptoir.spaces.selectors import closure_meets
from comptoir.spaces.services.claims import around_range, claim, repack_pool

if TYPE_CHECKING:
    from collections.abc import Callable

    from comptoir.people.models import User
    from comptoir.places.models import Place

BOOKING_FIELDS = ("resource", "person", "start", "end", "seat", "state", "title", "attendees", "cancel_reason")
CONFLICT_CODES = {"taken", "full", "already_booked"}


def _roles(*, place: Place, person: User) -> list[str] | None:
    """The person's roles in the place, or None when they are not an active member."""
    from comptoir.people.selectors import active_role_codes

    return active_role_codes(place=place, user=person)


def _around(resource: Resource, start: dt.datetime, end: dt.datetime) -> list[Booking]:
    """The occupying bookings that may conflict (read after the claim or under the resource's lock)."""
    return around_range(resource, start, end + resource.buffer)


def _closures(resource: Resource, start: dt.datetime, end: dt.datetime) -> list[Closure]:
    """Closures are read before taking the lock, to keep it short: a closure never cancels bookings
    by itself (hosts decide), so a booking racing a new closure is no worse than one made just before."""
    return list(
        Closure.objects.filter(place_id=resource.place_id, start__lt=end, end__gt=start).filter(
            Q(resource__isnull=True) | Q(resource=resource)
        )
    )


def raise_for(reasons: list[Reason]) -> None:
    """Turn refusal reasons into the service error the API and pages show (409 for a taken slot)."""
    if not reasons:
        return
    message = " ".join(str(r.message) for r in reasons)
    codes = [r.code for r in reasons]
    if any(code not in CONFLICT_CODES for code in codes):
        raise ServiceError(message, code=next(c for c in codes if c not in CONFLICT_CODES))
    raise Conflict(message, code=codes[0])


def _utc(moment: dt.datetime) -> dt.datetime:
    if not isinstance(moment, dt.datetime) or timezone.is_naive(moment):
        raise ServiceError(_("Times must carry a time zone."), code="invalid")
    if not in_supported_range(moment):
        raise ServiceError(_("This date is out of range."), code="invalid")
    return moment.astimezone(dt.UTC)


def _lock(resource: Resource, *, closed_between: tuple[dt.datetime, dt.datetime] | None = None) -> Resource:
    """The resource, re-read with its row locked until the transaction ends.

    ``of=("self",)``: lock the resource row only, not the joined place (which would serialize every
    booking of the place). SQLite ignores FOR UPDATE; its IMMEDIATE transactions serialize writers.
    ``closed_between``: also say (``has_closure``) whether a closure meets that range, in the same query.
    """
    resources = Resource.objects.select_for_update(of=("self",)).select_related("place")
    if closed_between is not None:
        resources = resources.annotate(has_closure=closure_meets(*closed_between))
    return resources.get(pk=resource.pk)


def _check_and_seat(
    *,
    resource: Resource,
    person: User,
    start: dt.datetime,
    end: dt.datetime,
    attendees: int,
    as_staff: bool,
    roles: list[str] | None,
    closures: list[Closure],
    exclude: Booking | None = None,
    actor: User | None = None,
    plans: Callable[[], set[str]] | None = None,
) -> int:
    """Check every rule on the locked resource; return the seat to take. ``plans``: a reader of the
    person's plans at ``start`` when the caller has one (a series reads them once for all its dates)."""
    if roles is None and not as_staff:
        raise NotAllowed(_("Only members of the place can book."), code="not_member")
    bookings = _around(resource, start, end)
    exclude_id = exclude.pk if exclude is not None else None
    reasons = slot_reasons(
        resource=resource,
        start=start,
        end=end,
        bookings=bookings,
        closures=closures,
        hours=HoursCache(resource.place.tz),
        attendees=attendees,
        roles=roles,
        staff=as_staff,
        exclude_id=exclude_id,
        plans=plans if plans is not None else plans_reader(place=resource.place, person=person, at=start),
        person=person,
    )
    raise_for(reasons)
    others = [b for b in bookings if b.pk != exclude_id]
    blocked_until = end + resource.buffer
    if exclude is not None and exclude.seat <= resource.seats:
        # A moved booking keeps its seat when it stays free.
        taken = {b.seat for b in conflicts(others, start=start, blocked_until=blocked_until)}
        if exclude.seat not in taken:
            return exclude.seat
    seat = free_seat(resource, others, start=start, blocked_until=blocked_until)
    if seat is None and resource.is_pool:
        # slot_reasons found a seat free at every instant, but not one seat over the whole range.
        seat = repack_pool(resource, start=start, blocked_until=blocked_until, exclude_id=exclude_id, actor=actor)
    if seat is None:
        raise Conflict(_("Every seat is taken at this time."), code="full")
    return seat


@contextlib.contextmanager
def _slot_guard():
    """Turn PostgreSQL's exclusion violation (someone took the slot in between) into a 409.

    Wraps the whole durable transaction rather than a savepoint around the INSERT: a savepoint costs two
    more round trips while the resource is locked, and the transaction is lost anyway when it fires.
    """
    try:
        yield
    except IntegrityError as error:
        if BOOKING_EXCLUSION_NAME in str(error):
            raise Conflict(_("This slot is already taken."), code="taken")
        raise
    except OperationalError as error:
        # Claims are taken in order, but a pool's re-dealing claims more days afterwards: PostgreSQL may
        # then pick this writer to break a wait cycle. Nothing was written; asking again works.
        if "deadlock" in str(error).lower():
            raise Conflict(_("Someone else was booking here at the same moment: please try again."), code="busy")
        raise


def _notify(booking: Booking, template: str) -> None:
    person = booking.person
    notify_on_commit(
        to=person.email,
        template=f"spaces/email/{template}",
        context={"booking": booking, "place": booking.place, "resource": booking.resource},
        language=person.preferred_language,
    )


def _create_locked(
    *,
    resource: Resource,
    person: User,
    start: dt.datetime,
    end: dt.datetime,
    actor: User | None,
    as_staff: bool,
    title: str,
    attendees: int,
    roles: list[str] | None,
    closures: list[Closure],
    series: BookingSeries | None = None,
    internal_use: bool = False,
    plans: Callable[[], set[str]] | None = None,
) -> Booking:
    claim(resource, start, end + resource.buffer)  # before reading the bookings around
    seat = _check_and_seat(
        resource=resource,
        person=person,
        start=start,
        end=end,
        attendees=attendees,
        as_staff=as_staff,
        roles=roles,
        closures=closures,
        actor=actor,
        plans=plans,
    )
    state = Booking.State.REQUESTED if resource.requires_approval and not as_staff else Booking.State.CONFIRMED
    booking = Booking(
        place=resource.place,
        resource=resource,
        person=person,
        start=start,
        end=end,
        blocked_until=end + resource.buffer,
        seat=seat,
        state=state,
        title=(title or "").strip()[:150],
        attendees=attendees,
        series=series,
        created_by=actor,
        internal_use=internal_use,
    )
    sql.insert(booking)  # the hot path: no query to compile (core.sql)
    booking_charge_sync(booking=booking, member=roles is not None, is_new=True)
    audit_record(
        place=resource.place,
        actor=actor,
        action="booking.created",
        obj=booking,
        after=snapshot(booking, BOOKING_FIELDS),
    )
    return booking


def _create_prepare(
    *,
    resource: Resource,
    person: User,
    start: dt.datetime,
    end: dt.datetime,
    as_staff: bool,
    attendees: int,
    roles: list[str] | None | NotGiven,
    internal_use: bool = False,
) -> tuple[dt.datetime, dt.datetime, list[str] | None]:
    """What needs no lock: input checks and the person's roles (read here when the caller did not)."""
    if internal_use and not as_staff:
        raise NotAllowed(_("Only staff book a room for the place's own activities."), code="forbidden")
    if attendees < 1:
        raise ServiceError(_("At least one person."), code="invalid", field="attendees")
    start, end = _utc(start), _utc(end)
    if isinstance(roles, NotGiven):
        roles = _roles(place=resource.place, person=person)
    if roles is None and not as_staff:
        raise NotAllowed(_("Only members of the place can book."), code="not_member")
    return start, end, roles


def _create_arguments(arguments: dict) -> dict:
    """``booking_create``'s ``prepare`` step (see :mod:`comptoir.core.transactions`): :func:`_create_prepare`
    runs before the durable transaction opens, so the lock is held for as few queries as possible."""
    start, end, roles = _create_prepare(
        resource=arguments["resource"], person=arguments["person"], start=arguments["start"], end=arguments["end"],
        as_staff=arguments["as_staff"], attendees=arguments["attendees"], roles=arguments["roles"],
        internal_use=arguments["internal_use"],
    )  # fmt: skip
    return {**arguments, "start": start, "end": end, "roles": roles}


@service(prepare=_create_arguments, guard=_slot_guard)
def booking_create(
    *,
    resource: Resource,
    person: User,
    start: dt.datetime,
    end: dt.datetime,
    actor: User | None,
    as_staff: bool = False,
    title: str = "",
    attendees: int = 1,
    roles: list[str] | None | NotGiven = NOT_GIVEN,
    internal_use: bool = False,
    notify: bool = True,
) -> Booking:
    """Book ``resource`` for ``person``. ``as_staff`` (checked by the caller) lifts the member rules.
    ``internal_use`` (staff only): the place's own activity, never charged.

    ``roles``: the person's roles in the place (None: not an active member) when the caller already
    resolved them (pages and API did, for the access check); read here otherwise (before the lock).

    ``.in_transaction``: inside the caller's transaction (its claim is held until it ends).
    ``notify=False``: no confirmation e-mail, for an app that books on its own behalf and tells people
    itself (a resident's desk day by day, a workshop's room)."""
    if transaction.get_connection().vendor == "postgresql":
        # No row lock: _create_locked claims the days of the slot (see claims.claim), then reads.
        locked = resource
        # ``has_closure``: when the caller read the resource with ``closed_between`` (the API does).
        closures = _closures(resource, start, end) if getattr(resource, "has_closure", True) else []
    else:
        locked = _lock(resource, closed_between=(start, end))
        # Closures are rare: the lock's query says whether any meets the slot, and only then are they read.
        closures = _closures(locked, start, end) if locked.has_closure else []  # type: ignore[attr-defined]
    booking = _create_locked(
        resource=locked,
        person=person,
        start=start,
        end=end,
        actor=actor,
        as_staff=as_staff,
        title=title,
        attendees=attendees,
        roles=roles,  # type: ignore[arg-type]  # resolved by prepare (_create_arguments)
        closures=closures,
        internal_use=internal_use,
    )
    if notify:
        _notify(booking, "booking_requested" if booking.state == Booking.State.REQUESTED else "booking_confirmed")
    return booking


def _member_may_change(booking: Booking, *, actor: User | None, as_staff: bool, now: dt.datetime) -> None:
    if as_staff:
        return
    if booking.person_id != getattr(actor, "pk", None):
        raise NotAllowed(_("This is not your booking."), code="forbidden")
    deadline = booking.start - dt.timedelta(hours=booking.resource.cancel_hours)
    if now > deadline:
        raise ServiceError(
            _("Members change or cancel up to %(n)d hours before the start; ask the hosts.")
            % {"n": booking.resource.cancel_hours},
            code="deadline",
        )


def _save_changed(
    booking: Booking, *, actor: User | None, action: str, before: dict[str, Any], after: dict[str, Any] | None = None,
    update_fields: list[str] | None = None, notify: str | None = None,
) -> Booking:  # fmt: skip
    """Save a locked booking that changed: its charge follows, the change is audited (``after``: the
    booking's fields unless given) and, with ``notify``, the person gets that e-mail after commit."""
    booking.save(update_fields=update_fields)
    booking_charge_sync(booking=booking)
    after = snapshot(booking, BOOKING_FIELDS) if after is None else after
    audit_record(place=booking.place, actor=actor, action=action, obj=booking, before=before, after=after)
    if notify:
        _notify(booking, notify)
    return booking


def _set_state(booking: Booking, *, state: str, actor: User | None, action: str) -> Booking:
    """Move a locked booking to ``state``: its charge follows, and the change is audited."""
    before = booking.state
    booking.state = state
    return _save_changed(
        booking, actor=actor, action=action, before={"state": before}, after={"state": state},
        update_fields=["state", "updated_at"],
    )  # fmt: skip


def _reload(booking: Booking) -> Booking:
    """The booking, re-read after its resource is locked (someone may have changed it meanwhile)."""
    return Booking.objects.select_related("resource", "place", "person").get(pk=booking.pk)


def _lock_pair(current: Resource, target: Resource) -> tuple[Resource, Resource]:
    """Lock the booking's resource and the one it moves to, always in primary-key order: two moves in
    opposite directions between the same two rooms then queue instead of deadlocking."""
    locked = {
        r.pk: r
        for r in Resource.objects.select_for_update(of=("self",))
        .select_related("place")
        .filter(pk__in=[current.pk, target.pk])
        .order_by("pk")
    }
    return locked[current.pk], locked[target.pk]


@service(guard=_slot_guard)
def booking_move(
    *,
    booking: Booking,
    start: dt.datetime,
    end: dt.datetime,
    actor: User | None,
    as_staff: bool = False,
    resource: Resource | None = None,
    notify: bool = True,
) -> Booking:
    """Move a booking to another time, and/or to another ``resource`` of the same place; the ledger records
    only the difference (a dearer or cheaper room is charged or credited, never billed twice).
    ``.in_transaction``: inside the caller's transaction (``notify=False``: no e-mail)."""
    start, end = _utc(start), _utc(end)
    if resource is not None and resource.place_id != booking.place_id:
        raise ServiceError(_("This resource belongs to another place."), code="invalid", field="resource")
    if resource is None or resource.pk == booking.resource_id:
        target = _lock(booking.resource)
    else:
        target = _lock_pair(booking.resource, resource)[1]
        if not target.is_active:
            raise ServiceError(_("This resource cannot be booked any more."), code="inactive", field="resource")
    booking = _reload(booking)
    if not booking.is_occupying or booking.state == Booking.State.NO_SHOW:
        raise ServiceError(_("This booking can no longer be changed."), code="state")
    now = timezone.now()
    _member_may_change(booking, actor=actor, as_staff=as_staff, now=now)
    before = snapshot(booking, BOOKING_FIELDS)
    same_resource = target.pk == booking.resource_id
    booking.resource = target
    claim(target, start, end + target.buffer)
    seat = _check_and_seat(
        resource=target,
        person=booking.person,
        start=start,
        end=end,
        attendees=booking.attendees,
        as_staff=as_staff,
        roles=_roles(place=booking.place, person=booking.person),
        closures=_closures(target, start, end),
        # On another resource the booking keeps nothing: its old seat means nothing there.
        exclude=booking if same_resource else None,
        actor=actor,
    )
    booking.start, booking.end, booking.seat = start, end, seat
    booking.blocked_until = end + target.buffer
    return _save_changed(
        booking, actor=actor, action="booking.moved", before=before, notify="booking_moved" if notify else None
    )


@service
def booking_cancel(
    *, booking: Booking, actor: User | None, reason: str = "", as_staff: bool = False, notify: bool = True
) -> Booking:
    """Cancel: members within the deadline, staff always (with a reason).
    ``.in_transaction``: inside the caller's transaction (``notify=False``: no e-mail, see :func:`booking_create`)."""
    reason = (reason or "").strip()
    if as_staff and not reason:
        raise ServiceError(_("Say why the booking is cancelled."), code="reason_required", field="reason")
    resource = _lock(booking.resource)
    booking = _reload(booking)
    booking.resource = resource
    if booking.state not in (Booking.State.REQUESTED, Booking.State.CONFIRMED):
        raise ServiceError(_("This booking can no longer be cancelled."), code="state")
    _member_may_change(booking, actor=actor, as_staff=as_staff, now=timezone.now())
    before = snapshot(booking, BOOKING_FIELDS)
    booking.state = Booking.State.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancel_reason = reason[:300]
    return _save_changed(
        booking, actor=actor, action="booking.cancelled", before=before, notify="booking_cancelled" if notify else None
    )


@service
def booking_confirm(*, booking: Booking, actor: User | None) -> Booking:
    """A host approves a requested booking (the caller checked the permission)."""
    _lock(booking.resource)
    booking = _reload(booking)
    if booking.state != Booking.State.REQUESTED:
        raise ServiceError(_("Only a booking waiting for approval can be approved."), code="state")
    _set_state(booking, state=Booking.State.CONFIRMED, actor=actor, action="booking.confirmed")
    _notify(booking, "booking_confirmed")
    return booking


@service
def booking_no_show(*, booking: Booking, actor: User | None) -> Booking:
    """A host records that nobody came. The slot stays used and stays billed."""
    _lock(booking.resource)
    booking = _reload(booking)
    if booking.state != Booking.State.CONFIRMED:
        raise ServiceError(_("Only a confirmed booking can be marked as a no-show."), code="state")
    if booking.start > timezone.now():
        raise ServiceError(_("The booking has not started yet."), code="not_started")
    return _set_state(booking, state=Booking.State.NO_SHOW, actor=actor, action="booking.no_show")
