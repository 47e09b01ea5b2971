"""Who invoices are addressed to: the member, or the organisation they work for."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.billing.models import BillingProfile
from comptoir.core.errors import ServiceError
from comptoir.places import validators

FIELDS = ("is_organisation", "name", "siren", "vat_number", "address", "email")


def billing_profile_save(
    *, place, user, actor, is_organisation: bool, name: str = "", siren: str = "", vat_number: str = "",
    address: str = "", email: str = "",
) -> BillingProfile:  # fmt: skip
    """Set the buyer of the member's next invoices (issued invoices keep the buyer they were issued to)."""
    name = " ".join((name or "").split())[:200]
    siren = "".join((siren or "").split())
    vat_number = "".join((vat_number or "").split()).upper()
    if siren:
        try:
            validators.validate_siren(siren)
        except ValidationError as error:
            raise ServiceError(error.messages[0], field="siren")
    if vat_number:
        try:
            validators.validate_vat_number(vat_number)
        except ValidationError as error:
            raise ServiceError(error.messages[0], field="vat_number")
    if is_organisation:
        if not name:
            raise ServiceError(_("Give the organisation's name."), field="name")
        if not siren and not vat_number:
            raise ServiceError(_("Give the organisation's SIREN (or its EU VAT number)."), field="siren")
        if not address.strip():
            raise ServiceError(_("Give the organisation's address."), field="address")
    with transaction.atomic(durable=True):
        profile, _created = BillingProfile.objects.select_for_update().get_or_create(place=place, user=user)
        before = snapshot(profile, FIELDS)
        profile.is_organisation = is_organisation
        profile.name = name
        profile.siren = siren
        profile.vat_number = vat_number
        profile.address = address.strip()[:1000]
        profile.email = (email or "").strip()[:254]
        profile.save()
        audit_record(place=place, actor=actor, action="billing.profile_saved", obj=profile, before=before,
                     after=snapshot(profile, FIELDS))  # fmt: skip
    return profile
