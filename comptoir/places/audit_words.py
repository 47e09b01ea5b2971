"""What the audit log says of the places app's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, describe_objects, model_fields
from comptoir.places.models import LegalEntity, Place, Service
from comptoir.places.services import LEGAL_FIELDS, PLACE_FIELDS


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions={
            "place.created": gettext_lazy("Place created"),
            "place.updated": gettext_lazy("Place's settings changed"),
            "legal_entity.saved": gettext_lazy("Legal entity saved"),
        },
        objects={"places.Place": Place._meta.verbose_name, "places.LegalEntity": LegalEntity._meta.verbose_name},
        fields={
            "places.Place": {
                **model_fields(Place, *PLACE_FIELDS),
                "services": AuditField(Place._meta.get_field("services").verbose_name, "choice", dict(Service.choices)),
            },
            "places.LegalEntity": model_fields(LegalEntity, *LEGAL_FIELDS, money=("share_capital",)),
        },
    )


def _places(place, ids):
    # A place's log names only the place itself.
    return {place.pk: place.name} if str(place.pk) in ids else {}


def _entities(place, ids):
    return {e.pk: e.name for e in LegalEntity.objects.filter(place=place, pk__in=ids).only("pk", "name")}


def describe(*, place, objects) -> dict:
    return describe_objects(objects, place=place, describers={"places.Place": _places, "places.LegalEntity": _entities})
