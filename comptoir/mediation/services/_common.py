"""Small helpers shared by the mediation services."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from django.db.models import Choices


def clean_text(value: str | None, *, max_length: int) -> str:
    """One line of text: control characters (NUL included, refused by PostgreSQL) and extra spaces removed."""
    text = "".join(c for c in (value or "") if unicodedata.category(c) not in ("Cc", "Cs"))
    return " ".join(text.split())[:max_length]


def clean_multiline(value: str | None, *, max_length: int) -> str:
    """Free text on several lines: control characters other than line breaks and tabs removed."""
    text = "".join(c for c in (value or "") if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))
    return text.strip()[:max_length]


def clean_email(value: str | None, *, field: str = "email") -> str:
    email = clean_text(value, max_length=254).lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("Enter a valid e-mail address."), field=field)
    return email


def clean_phone(value: str | None, *, field: str = "phone") -> str:
    phone = clean_text(value, max_length=60)
    if not phone:
        return ""
    digits = [c for c in phone if c.isdigit()]
    if len(digits) < 6 or len(phone) > 30 or any(c not in "0123456789 +.-()" for c in phone):
        raise ServiceError(_("Enter a phone number with digits only, e.g. 06 12 34 56 78."), field=field)
    return phone


def clean_choice(value: str | None, choices: type[Choices], *, field: str, blank: bool = False) -> str:
    value = value or ""
    if blank and not value:
        return ""
    if value not in choices.values:
        raise ServiceError(_("This value is not in the list."), field=field)
    return value


def clean_choices(values: Iterable[str] | None, choices: type[Choices], *, field: str) -> list[str]:
    values = list(values or ())
    unknown = set(values) - set(choices.values)
    if unknown:
        raise ServiceError(_("Unknown value: %(values)s.") % {"values": ", ".join(sorted(unknown))}, field=field)
    wanted = set(values)
    return [value for value in choices.values if value in wanted]


# First two digits of French postal codes: the départements of mainland France (20 is Corsica), the overseas
# départements and collectivities (97), Monaco and the Pacific collectivities (98). No maintained package
# ships the official list offline (the commune lists on PyPI call online APIs), so the ranges are checked here.
_POSTAL_PREFIXES = {f"{n:02d}" for n in range(1, 96)} | {"97", "98"}


def clean_postal_code(value: str | None, *, field: str = "postal_code") -> str:
    """A French postal code: five digits (spaces dropped) starting with a real département range, or ""."""
    code = "".join(clean_text(value, max_length=20).split())
    if not code:
        return ""
    if len(code) != 5 or not code.isascii() or not code.isdigit() or code[:2] not in _POSTAL_PREFIXES:
        raise ServiceError(
            _("A French postal code has 5 digits, for example 42000 (“%(value)s” is not one).") % {"value": code},
            field=field,
        )
    return code


def clean_commune(value: str | None, *, postal_code: str = "", field: str = "commune") -> str:
    """The name of a town; required with a postal code (a postal code covers several towns), never digits."""
    commune = clean_text(value, max_length=100)
    if commune and any(c.isdigit() for c in commune):
        raise ServiceError(_("Give the name of the town, without its postal code."), field=field)
    if postal_code and not commune:
        raise ServiceError(_("Give the town that goes with this postal code."), field=field)
    return commune


def clean_birth_year(value: int | str | None, *, today: dt.date) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter a year such as 1958."), field="birth_year")
    if year < 1900 or year > today.year:
        raise ServiceError(_("Enter a year between 1900 and this year."), field="birth_year")
    return year
