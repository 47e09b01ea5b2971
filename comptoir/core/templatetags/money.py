"""``{% load money %}{{ amount|money }}``: an amount as :func:`comptoir.core.money.format_money` writes it."""

from __future__ import annotations

from decimal import Decimal

from django import template

from comptoir.core.money import format_money

register = template.Library()


@register.filter(name="money")
def money(amount: Decimal | int | float | str | None, currency: str = "EUR") -> str:
    """"5,00 €" in French, "€5.00" in English; nothing for a missing amount (None or "")."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)
