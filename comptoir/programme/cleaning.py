"""Input checks shared by the programme's services: text is cleaned, and refused (never cut) when too long,
so that nothing is saved that the person did not write."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _without_controls(value: str, keep: str = "") -> str:
    # Control characters (NUL included, which PostgreSQL refuses) never belong in what people read.
    return "".join(c for c in value if c in keep or unicodedata.category(c) not in ("Cc", "Cs"))


def clean_line(value: str | None, *, max_length: int, field: str, required: StrOrPromise | None = None) -> str:
    """One line of text, spaces tidied. ``required``: the message when it is empty. Too long: refused."""
    text = " ".join(_without_controls(value or "").split())
    if not text and required:
        raise ServiceError(required, field=field)
    if len(text) > max_length:
        raise ServiceError(
            _("This text is too long: %(max)s characters at most (it has %(length)s).")
            % {"max": max_length, "length": len(text)},
            field=field,
        )
    return text


def clean_text(value: str | None, *, max_length: int, field: str) -> str:
    """Free text on several lines (line breaks kept). Too long: refused."""
    text = _without_controls(value or "", keep="\n\t").strip()
    if len(text) > max_length:
        raise ServiceError(
            _("This text is too long: %(max)s characters at most (it has %(length)s).")
            % {"max": max_length, "length": len(text)},
            field=field,
        )
    return text


def clean_email(value: str | None, *, field: str = "email") -> str:
    email = clean_line(value, max_length=254, field=field).lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("Enter a valid e-mail address."), field=field)
    return email


def clean_phone(value: str | None, *, field: str = "phone") -> str:
    """A phone number (French by default, or ``+`` and a country code) kept in E.164 (``+33612345678``);
    "" when not given. A landline is accepted (staff may call it); only a mobile receives SMS."""
    raw = clean_line(value, max_length=30, field=field)
    if not raw:
        return ""
    message = _("Enter a phone number, e.g. 06 12 34 56 78.")
    # phonenumbers reads letters as keypad digits (vanity numbers): a typo must not become a number.
    if any(c not in "0123456789 +.-()/" for c in raw):
        raise ServiceError(message, field=field)
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        raise ServiceError(message, field=field)
    if not phonenumbers.is_valid_number(number):
        raise ServiceError(message, field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_url(value: str | None, *, field: str) -> str:
    url = clean_line(value, max_length=500, field=field)
    if not url:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ServiceError(_("Enter a web address starting with https://."), field=field)
    return url


def clean_int(value: object, *, field: str, low: int, high: int, message: StrOrPromise) -> int:
    """A whole number between ``low`` and ``high``; ``message`` otherwise."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ServiceError(message, field=field)
    if isinstance(value, float) and value != number:
        raise ServiceError(message, field=field)
    if not low <= number <= high:
        raise ServiceError(message, field=field)
    return number
