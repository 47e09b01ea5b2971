"""Writes about resources, closures, the open/close toggle and calendar tokens."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core.errors import Conflict, ServiceError
from comptoir.spaces.models import CalendarToken, Closure, OpenState, Resource, new_token

RESOURCE_FIELDS = (
    "name", "slug", "kind", "capacity", "seats", "description", "amenities", "accessibility", "opening_hours",
    "min_minutes", "max_minutes", "granularity_minutes", "horizon_days", "buffer_minutes", "cancel_hours",
    "allowed_roles", "requires_approval", "price_hour_member", "price_hour_public", "price_half_day_member",
    "price_half_day_public", "price_day_member", "price_day_public", "uses_allowance", "is_active",
)  # fmt: skip


# Paths under /<place>/espaces/ that a resource's address must not shadow.
RESERVED_SLUGS = {"mes-reservations", "reservations", "agenda"}


def _validate(resource: Resource) -> None:
    if not resource.slug or resource.slug != slugify(resource.slug) or resource.slug in RESERVED_SLUGS:
        raise ServiceError(_("Choose another address (lowercase letters, digits and dashes)."), field="slug")
    if resource.min_minutes > resource.max_minutes:
        raise ServiceError(_("The minimum duration exceeds the maximum."), field="min_minutes")
    if resource.granularity_minutes < 5:
        raise ServiceError(_("Slots go by at least 5 minutes."), field="granularity_minutes")
    if resource.seats < 1 or resource.capacity < 1:
        raise ServiceError(_("Capacity and seats are at least 1."), field="seats")
    if resource.opening_hours:
        from django.core.exceptions import ValidationError

        from comptoir.places.validators import validate_opening_hours

        try:
            validate_opening_hours(resource.opening_hours)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), field="opening_hours")


def _save(resource: Resource) -> None:
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError:
        raise Conflict(_("Another resource of the place already has this address."), field="slug")


def resource_create(*, place, actor, name: str, **fields) -> Resource:
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="invalid")
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the resource a name."), field="name")
    fields.setdefault("slug", slugify(name)[:60] or "ressource")
    with transaction.atomic(durable=True):
        resource = Resource(place=place, name=name, **fields)
        _validate(resource)
        _save(resource)
        audit_record(
            place=place, actor=actor, action="resource.created", obj=resource, after=snapshot(resource, RESOURCE_FIELDS)
        )
    return resource


def resource_update(*, resource: Resource, actor, **fields) -> Resource:
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="invalid")
    with transaction.atomic(durable=True):
        resource = Resource.objects.select_for_update(of=("self",)).select_related("place").get(pk=resource.pk)
        before = snapshot(resource, RESOURCE_FIELDS)
        for name, value in fields.items():
            setattr(resource, name, value)
        _validate(resource)
        _save(resource)
        audit_record(
            place=resource.place, actor=actor, action="resource.updated", obj=resource,
            before=before, after=snapshot(resource, RESOURCE_FIELDS),
        )  # fmt: skip
    return resource


def closure_create(
    *, place, actor, start: dt.datetime, end: dt.datetime, reason: str, resource: Resource | None = None
) -> Closure:
    """Close the place (or one resource). Existing bookings are kept: hosts decide whom to call."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why it is closed."), field="reason")
    if end <= start:
        raise ServiceError(_("The end must be after the start."), field="end")
    if resource is not None and resource.place_id != place.pk:
        raise ServiceError(_("Unknown resource."), field="resource")
    with transaction.atomic(durable=True):
        closure = Closure.objects.create(place=place, resource=resource, start=start, end=end, reason=reason[:200])
        audit_record(
            place=place, actor=actor, action="closure.created", obj=closure,
            after=snapshot(closure, ("resource", "start", "end", "reason")),
        )  # fmt: skip
    return closure


def closure_delete(*, closure: Closure, actor) -> None:
    with transaction.atomic(durable=True):
        audit_record(
            place=closure.place, actor=actor, action="closure.deleted", obj=closure,
            before=snapshot(closure, ("resource", "start", "end", "reason")),
        )  # fmt: skip
        closure.delete()


def open_state_set(*, place, actor, is_open: bool, message: str = "") -> OpenState:
    """The host's open/close toggle, recorded with time and person (SpaceAPI reads the latest)."""
    with transaction.atomic(durable=True):
        state = OpenState.objects.create(
            place=place, is_open=is_open, message=(message or "").strip()[:200], changed_at=timezone.now(),
            changed_by=actor,
        )  # fmt: skip
        audit_record(place=place, actor=actor, action="place.open_state", obj=state, after={"is_open": is_open})
    return state


def calendar_token_reset(*, place, person) -> CalendarToken:
    """Give the member a new secret calendar address (the old one stops working)."""
    with transaction.atomic(durable=True):
        token, created = CalendarToken.objects.get_or_create(place=place, person=person)
        if not created:
            token.token = new_token()
            token.save(update_fields=["token"])
        audit_record(place=place, actor=person, action="calendar_token.reset", obj=token, object_repr=str(person))
    return token


def resource_calendar_token_reset(*, resource: Resource, actor) -> Resource:
    with transaction.atomic(durable=True):
        resource.ical_token = new_token()
        resource.save(update_fields=["ical_token"])
        audit_record(place=resource.place, actor=actor, action="resource.calendar_token_reset", obj=resource)
    return resource
