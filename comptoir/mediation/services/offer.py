"""The place's mediation offer, in the national standard's exact vocabulary."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import ServiceError
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import MediationOffer
from comptoir.mediation.services._common import clean_multiline

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

LIST_FIELDS = tuple(v.STANDARD_VOCABULARIES)
TEXT_FIELDS = {
    "autres_formations_labels": 300,
    "typologie": 200,
    "code_insee": 5,
    "territory": 60,
    "presentation_resume": 280,
    "presentation_detail": 20000,
    "how_to_come": 5000,
    "structure_parente": 200,
    "fiche_acces_libre": 200,
    "prise_rdv": 200,
}
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")


def offer_get(*, place: Place) -> MediationOffer:
    """The offer of the place, unsaved defaults when none was written yet."""
    return MediationOffer.objects.filter(place=place).first() or MediationOffer(place=place)


def offer_update(
    *, place: Place, actor: User | None, retention_months: int | None = None, **data: Any
) -> MediationOffer:
    unknown = set(data) - set(LIST_FIELDS) - set(TEXT_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown field: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    cleaned: dict = {}
    for name in LIST_FIELDS:
        if name in data:
            values = list(data[name] or ())
            vocabulary = v.STANDARD_VOCABULARIES[name]
            wrong = [value for value in values if value not in vocabulary]
            if wrong:
                raise ServiceError(
                    _("Not a value of the standard: %(values)s.") % {"values": ", ".join(wrong)}, field=name
                )
            cleaned[name] = [value for value in vocabulary if value in values]
    for name, max_length in TEXT_FIELDS.items():
        if name in data:
            text = clean_multiline(data[name], max_length=max_length + 1)
            if len(text) > max_length:
                raise ServiceError(_("At most %(n)s characters.") % {"n": max_length}, field=name)
            cleaned[name] = text
    if cleaned.get("code_insee") and not INSEE_RE.match(cleaned["code_insee"]):
        raise ServiceError(_("An INSEE code has 5 characters, e.g. 42218."), field="code_insee")
    if cleaned.get("typologie") and "," in cleaned["typologie"]:
        raise ServiceError(_("Separate several values with “|”."), field="typologie")
    for name in ("fiche_acces_libre", "prise_rdv"):
        if cleaned.get(name):
            try:
                URLValidator(schemes=["http", "https"])(cleaned[name])
            except ValidationError:
                raise ServiceError(_("Enter a web address starting with https://."), field=name)
    if retention_months is not None:
        try:
            retention_months = int(retention_months)
        except (TypeError, ValueError):
            retention_months = 0
        if not 1 <= retention_months <= 120:
            raise ServiceError(_("Give a number of months between 1 and 120."), field="retention_months")
        cleaned["retention_months"] = retention_months
    with transaction.atomic(durable=True):
        offer, _created = MediationOffer.objects.select_for_update().get_or_create(place=place)
        before = {name: getattr(offer, name) for name in cleaned}
        for name, value in cleaned.items():
            setattr(offer, name, value)
        offer.save()
        audit_record(place=place, actor=actor, action="mediation.offer.updated", obj=offer, before=before,
                     after=cleaned)  # fmt: skip
    return offer
