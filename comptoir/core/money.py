"""Amounts of money as people read them: "1 234,50 €" in French, "€1,234.50" in English.

Every amount shown to a person (pages, e-mails, PDFs, error and flash messages) goes through
:func:`format_money` (the ``money`` filter in templates, ``{% load money %}``), never through a
number and a euro sign put side by side: that prints "5.00 €" as soon as Python, not the template
engine, turns the number into text (``core/tests/test_money.py`` looks for such strings). Babel
(CLDR data) places the symbol, the decimal comma and the grouping spaces for the language.

Not for machine-readable output: the API gives amounts as decimal strings ("5.00"), the
accountant's exports have their own rule (``billing/exports.py``).
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.utils import translation


def format_money(amount: Decimal | int | float | str, currency: str = "EUR", *, language: str | None = None) -> str:
    """``amount`` in ``currency``, written in ``language`` (default: the active language).

    Always with the currency's decimals ("5,00 €"), grouping included ("1 234,50 €", with the narrow
    no-break spaces CLDR gives French). A float is read through its ``str`` (no binary noise).
    """
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    locale = translation.to_locale(language or translation.get_language() or settings.LANGUAGE_CODE)
    return format_currency(value, currency, locale=locale)


__all__ = ["format_money"]
