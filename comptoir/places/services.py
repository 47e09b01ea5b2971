"""Writes about places."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core.errors import Conflict, ServiceError
from comptoir.places.models import LegalEntity, Place, Service

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from django.db.models import Model

    from comptoir.people.models import User

PLACE_FIELDS = (
    "name", "slug", "street_address", "postal_code", "city", "country", "latitude", "longitude", "timezone",
    "email", "phone", "website", "summary", "description", "opening_hours", "services",
    "auto_approve_members", "is_listed",
    "name_after_a", "name_after_de",
)  # fmt: skip
LEGAL_FIELDS = (
    "kind", "name", "legal_form", "siret", "rna", "vat_number", "vat_exempt", "share_capital", "registry",
    "address", "is_primary", "invoice_prefix",
)  # fmt: skip


def _full_clean(instance: Model, exclude: Collection[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        messages = [f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
                    for field, msgs in error.message_dict.items()]  # fmt: skip
        raise ServiceError(" ".join(messages), code="invalid")


def _check_services(services: Iterable[str]) -> list[str]:
    services = list(dict.fromkeys(services or []))
    unknown = set(services) - set(Service.values)
    if unknown:
        raise ServiceError(_("Unknown service: %(s)s.") % {"s": ", ".join(sorted(unknown))}, field="services")
    return services


def place_create(*, actor: User | None, name: str, slug: str, **fields: Any) -> Place:
    place = Place(name=name, slug=slug, **fields)
    place.services = _check_services(place.services)
    _full_clean(place, exclude=["logo"])
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                place.save()
        except IntegrityError:
            raise Conflict(_("This address is already used by another place."), field="slug")
        audit_record(place=place, actor=actor, action="place.created", obj=place, after=snapshot(place, PLACE_FIELDS))
    return place


def place_update(*, place: Place, actor: User | None, **changes: Any) -> Place:
    unknown = set(changes) - set(PLACE_FIELDS) - {"logo"}
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic(durable=True):
        place = Place.objects.select_for_update().get(pk=place.pk)
        before = snapshot(place, PLACE_FIELDS)
        for field, value in changes.items():
            setattr(place, field, value)
        place.services = _check_services(place.services)
        _full_clean(place, exclude=["logo"])
        try:
            with transaction.atomic():
                place.save()
        except IntegrityError:
            raise Conflict(_("This address is already used by another place."), field="slug")
        audit_record(
            place=place, actor=actor, action="place.updated", obj=place,
            before=before, after=snapshot(place, PLACE_FIELDS),
        )  # fmt: skip
    return place


def legal_entity_save(
    *, place: Place, actor: User | None, entity: LegalEntity | None = None, **fields: Any
) -> LegalEntity:
    """Create or change one of the place's legal entities (its association, its cooperative)."""
    unknown = set(fields) - set(LEGAL_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic(durable=True):
        if entity is None:
            entity = LegalEntity(place=place)
            before = None
        else:
            entity = LegalEntity.objects.select_for_update().get(pk=entity.pk, place=place)
            before = snapshot(entity, LEGAL_FIELDS)
        for field, value in fields.items():
            setattr(entity, field, value)
        entity.siret = "".join(entity.siret.split())
        entity.vat_number = "".join(entity.vat_number.split()).upper()
        entity.invoice_prefix = "".join((entity.invoice_prefix or "").split()).upper()
        if not entity.invoice_prefix:
            entity.invoice_prefix = LegalEntity.default_invoice_prefix(entity.kind)
        if not entity.siret and not entity.rna:
            raise ServiceError(_("Give a SIRET or an RNA number."), field="siret")
        others = LegalEntity.objects.filter(place=place).exclude(pk=entity.pk)
        if others.filter(kind=entity.kind).exists():
            raise Conflict(_("The place already has a legal entity of this kind."), field="kind")
        if others.filter(invoice_prefix=entity.invoice_prefix).exists():
            raise Conflict(
                _("Another legal entity of the place numbers its invoices with this prefix."), field="invoice_prefix"
            )
        _full_clean(entity, exclude=["place"])
        if entity.is_primary:
            LegalEntity.objects.filter(place=place, is_primary=True).exclude(pk=entity.pk).update(is_primary=False)
        try:
            with transaction.atomic():
                entity.save()
        except IntegrityError:
            raise Conflict(_("The place already has a legal entity of this kind."), field="kind")
        audit_record(
            place=place, actor=actor, action="legal_entity.saved", obj=entity,
            before=before, after=snapshot(entity, LEGAL_FIELDS),
        )  # fmt: skip
    return entity
