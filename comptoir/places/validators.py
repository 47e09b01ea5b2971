"""Validators for a place's identity, backed by python-stdnum and opening-hours-py."""

import re
import zoneinfo

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret

# Slugs that would shadow a root URL of the site.
RESERVED_SLUGS = {
    "admin", "api", "compte", "static", "media", "healthz", "i18n", "spaceapi.json",
    "reseau", "lieux", "favicon.ico", "robots.txt", "well-known", ".well-known",
}  # fmt: skip

RNA_RE = re.compile(r"^W\d{9}$")


def validate_place_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved, choose another one."), code="reserved")


def validate_siret(value: str) -> None:
    try:
        fr_siret.validate(value)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("This is not a valid SIRET number (14 digits)."), code="invalid_siret")


def validate_siren(value: str) -> None:
    try:
        fr_siren.validate(value)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("This is not a valid SIREN number (9 digits)."), code="invalid_siren")


def validate_rna(value: str) -> None:
    if not RNA_RE.match(value):
        raise ValidationError(_("This is not a valid RNA number (W followed by 9 digits)."), code="invalid_rna")


def validate_vat_number(value: str) -> None:
    try:
        eu_vat.validate(value)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("This is not a valid EU VAT number."), code="invalid_vat")


INVOICE_PREFIX_RE = re.compile(r"^[A-Z0-9]{1,10}$")


def validate_invoice_prefix(value: str) -> None:
    if not INVOICE_PREFIX_RE.match(value):
        raise ValidationError(
            _("An invoice prefix is 1 to 10 capital letters or digits (e.g. ASSO)."), code="invalid_invoice_prefix"
        )


def validate_opening_hours(value: str) -> None:
    if not opening_hours.validate(value):
        raise ValidationError(
            _("These opening hours are not in the OpenStreetMap syntax (e.g. “Mo-Fr 09:00-18:00; Sa 10:00-12:00”)."),
            code="invalid_opening_hours",
        )


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid_timezone")


def compact_siret(value: str) -> str:
    return fr_siret.compact(value)


def compact_vat(value: str) -> str:
    return eu_vat.compact(value)
