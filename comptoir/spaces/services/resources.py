"""Writes about resources, closures, the open/close toggle and calendar tokens."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core.errors import Conflict, ServiceError
from comptoir.spaces.models import CalendarToken, Closure, OpenState, Resource, new_token

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from comptoir.people.models import User
    from comptoir.places.models import Place

RESOURCE_FIELDS = (
    "name", "slug", "kind", "capacity", "seats", "description", "amenities", "accessibility", "opening_hours",
    "hours_rule",
    "min_minutes", "max_minutes", "granularity_minutes", "horizon_days", "buffer_minutes", "cancel_hours",
    "allowed_roles", "requires_approval", "price_hour_member", "price_hour_public", "price_half_day_member",
    "price_half_day_public", "price_day_member", "price_day_public", "uses_allowance", "is_active", "photo_alt",
)  # fmt: skip

# Photos: formats browsers show everywhere, a size a phone uploads in a few seconds, sane dimensions.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000


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


def photo_check(photo: UploadedFile) -> str:
    """Check an uploaded photo with Pillow; return its file extension. Raises a clear ServiceError."""
    from PIL import Image

    size = getattr(photo, "size", None) or 0
    if size > PHOTO_MAX_BYTES:
        raise ServiceError(
            _("The photo is too heavy (%(size)s MB): 5 MB at most.") % {"size": f"{size / 1024 / 1024:.1f}"},
            code="invalid",
            field="photo",
        )
    if not size:
        raise ServiceError(_("The photo file is empty."), code="invalid", field="photo")
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ServiceError(
            _("This file is not a readable image: send a JPEG, PNG or WebP photo."), code="invalid", field="photo"
        )
    finally:
        photo.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ServiceError(
            _("This kind of image is not accepted: send a JPEG, PNG or WebP photo."), code="invalid", field="photo"
        )
    if width * height > PHOTO_MAX_PIXELS:
        raise ServiceError(_("The photo is too large: 40 megapixels at most."), code="invalid", field="photo")
    return PHOTO_FORMATS[kind]


def _photo_prepare(resource: Resource, *, photo: UploadedFile | None, photo_remove: bool) -> str | None:
    """Check the photo change before anything is written; return the new photo's extension (None: no new one)."""
    extension = photo_check(photo) if photo is not None else None
    keeps_one = photo is not None or (bool(resource.photo) and not photo_remove)
    if keeps_one and not (resource.photo_alt or "").strip():
        raise ServiceError(
            _("Describe the photo in a few words, for people who cannot see it."), code="invalid", field="photo_alt"
        )
    return extension


def _photo_store(resource: Resource, *, photo: UploadedFile | None, extension: str | None, photo_remove: bool) -> None:
    """Store the new photo (under a random name) or remove it, once the row is saved; the old file is
    deleted when the transaction commits."""
    old = resource.photo.name if resource.photo else ""
    if extension is not None:
        resource.photo.save(f"{resource.place.slug}-{new_token()[:16]}.{extension}", photo, save=False)  # type: ignore[arg-type]
    elif photo_remove:
        resource.photo = ""
    else:
        return
    resource.save(update_fields=["photo"])
    if old and old != resource.photo.name:
        storage = resource.photo.storage
        transaction.on_commit(lambda: storage.delete(old))


def _snapshot(resource: Resource) -> dict:
    # The photo by its stored name (audit's snapshot() cannot read an empty file field).
    return {**snapshot(resource, RESOURCE_FIELDS), "photo": resource.photo.name or ""}


def _save(resource: Resource) -> None:
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError:
        raise Conflict(_("Another resource of the place already has this address."), field="slug")


def resource_create(
    *, place: Place, actor: User | None, name: str, photo: UploadedFile | None = None, **fields: Any
) -> Resource:
    """A new resource of the place. ``photo``: an uploaded image (checked with Pillow)."""
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
        extension = _photo_prepare(resource, photo=photo, photo_remove=False)
        _save(resource)
        _photo_store(resource, photo=photo, extension=extension, photo_remove=False)
        audit_record(place=place, actor=actor, action="resource.created", obj=resource, after=_snapshot(resource))
    return resource


def resource_update(
    *,
    resource: Resource,
    actor: User | None,
    photo: UploadedFile | None = None,
    photo_remove: bool = False,
    **fields: Any,
) -> Resource:
    """Change a resource. ``photo``: a new uploaded image (checked with Pillow); ``photo_remove``: drop it."""
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="invalid")
    with transaction.atomic(durable=True):
        resource = Resource.objects.select_for_update(of=("self",)).select_related("place").get(pk=resource.pk)
        before = _snapshot(resource)
        for name, value in fields.items():
            setattr(resource, name, value)
        _validate(resource)
        extension = _photo_prepare(resource, photo=photo, photo_remove=photo_remove)
        _save(resource)
        _photo_store(resource, photo=photo, extension=extension, photo_remove=photo_remove)
        audit_record(
            place=resource.place, actor=actor, action="resource.updated", obj=resource,
            before=before, after=_snapshot(resource),
        )  # fmt: skip
    return resource


def closure_create(
    *,
    place: Place,
    actor: User | None,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    resource: Resource | None = None,
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


def closure_delete(*, closure: Closure, actor: User | None) -> None:
    with transaction.atomic(durable=True):
        audit_record(
            place=closure.place, actor=actor, action="closure.deleted", obj=closure,
            before=snapshot(closure, ("resource", "start", "end", "reason")),
        )  # fmt: skip
        closure.delete()


def open_state_set(*, place: Place, actor: User | None, is_open: bool, message: str = "") -> OpenState:
    """The host's open/close toggle, recorded with time and person (SpaceAPI reads the latest)."""
    with transaction.atomic(durable=True):
        state = OpenState.objects.create(
            place=place, is_open=is_open, message=(message or "").strip()[:200], changed_at=timezone.now(),
            changed_by=actor,
        )  # fmt: skip
        audit_record(place=place, actor=actor, action="place.open_state", obj=state, after={"is_open": is_open})
    return state


def calendar_token_reset(*, place: Place, person: User) -> CalendarToken:
    """Give the member a new secret calendar address (the old one stops working)."""
    with transaction.atomic(durable=True):
        token, created = CalendarToken.objects.get_or_create(place=place, person=person)
        if not created:
            token.token = new_token()
            token.save(update_fields=["token"])
        audit_record(place=place, actor=person, action="calendar_token.reset", obj=token, object_repr=str(person))
    return token


def resource_calendar_token_reset(*, resource: Resource, actor: User | None) -> Resource:
    with transaction.atomic(durable=True):
        resource.ical_token = new_token()
        resource.save(update_fields=["ical_token"])
        audit_record(place=resource.place, actor=actor, action="resource.calendar_token_reset", obj=resource)
    return resource
