"""Who invoices are addressed to: the member, or the organisation they work for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.billing.models import BillingProfile
from comptoir.core.errors import ServiceError
from comptoir.places import validators

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

FIELDS = ("is_organisation", "name", "siren", "vat_number", "address", "postal_code", "city", "country", "email")


def billing_profile_save(
    *, place: Place, user: User, actor: User | None, is_organisation: bool, name: str = "", siren: str = "",
    vat_number: str = "",
    address: str = "", postal_code: str = "", city: str = "", country: str = "FR", email: str = "",
) -> BillingProfile:  # fmt: skip
    """Set the buyer of the member's next invoices (issued invoices keep the buyer they were issued to).

    French law asks for the buyer's name and address on every invoice: a person may leave the address
    empty (their invoices then carry none), but an address given is complete (street, postal code,
    city); an organisation must give it.
    """
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
    address = "\n".join(line.strip() for line in (address or "").splitlines() if line.strip())[:1000]
    postal_code = "".join((postal_code or "").split()).upper()
    city = " ".join((city or "").split())[:100]
    country = "".join((country or "").split()).upper() or "FR"
    if len(country) != 2 or not country.isalpha() or not country.isascii():
        raise ServiceError(_("Give the country as its two-letter code, e.g. FR."), field="country")
    if country == "FR" and postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
        raise ServiceError(_("A French postal code has five digits."), field="postal_code")
    if len(postal_code) > 10:
        raise ServiceError(_("This postal code is too long."), field="postal_code")
    if (address or postal_code or city or is_organisation) and not (address and postal_code and city):
        missing = "address" if not address else ("postal_code" if not postal_code else "city")
        raise ServiceError(_("Give the full billing address: street, postal code and city."), field=missing)
    if is_organisation:
        if not name:
            raise ServiceError(_("Give the organisation's name."), field="name")
        if not siren and not vat_number:
            raise ServiceError(_("Give the organisation's SIREN (or its EU VAT number)."), field="siren")
    with transaction.atomic(durable=True):
        profile, _created = BillingProfile.objects.select_for_update().get_or_create(place=place, user=user)
        before = snapshot(profile, FIELDS)
        profile.is_organisation = is_organisation
        profile.name = name
        profile.siren = siren
        profile.vat_number = vat_number
        profile.address = address
        profile.postal_code = postal_code
        profile.city = city
        profile.country = country
        profile.email = (email or "").strip()[:254]
        profile.save()
        audit_record(place=place, actor=actor, action="billing.profile_saved", obj=profile, before=before,
                     after=snapshot(profile, FIELDS))  # fmt: skip
    return profile
