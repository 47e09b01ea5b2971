"""Invoice arithmetic, exact and pure (no database): Decimal everywhere, VAT rounded once per rate.

French practice (and EN 16931): each line's net amount is rounded to the cent; VAT is computed
per rate on the sum of the net amounts of that rate and rounded half-up to the cent; the total
including VAT is the sum of the nets plus the sum of the per-rate VAT amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError

CENT = Decimal("0.01")
QTY = Decimal("0.001")


class VatRate(models.TextChoices):
    STANDARD = "20", _("20 %")
    INTERMEDIATE = "10", _("10 %")
    REDUCED = "5.5", _("5.5 %")
    SUPER_REDUCED = "2.1", _("2.1 %")
    ZERO = "0", _("0 %")
    EXEMPT = "exempt", _("Exempt (no VAT)")


# code -> (percent, EN 16931 VAT category code: S standard, Z zero rated, E exempt)
VAT_RATES: dict[str, tuple[Decimal, str]] = {
    "20": (Decimal("20"), "S"),
    "10": (Decimal("10"), "S"),
    "5.5": (Decimal("5.5"), "S"),
    "2.1": (Decimal("2.1"), "S"),
    "0": (Decimal("0"), "Z"),
    "exempt": (Decimal("0"), "E"),
}


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def vat_percent(code: str) -> Decimal:
    return VAT_RATES[code][0]


def vat_category(code: str) -> str:
    return VAT_RATES[code][1]


def clean_vat_rate(code) -> str:
    code = str(code).strip()
    if code not in VAT_RATES:
        raise ServiceError(_("Unknown VAT rate “%(rate)s”.") % {"rate": code}, code="vat_rate", field="vat_rate")
    return code


def clean_quantity(value) -> Decimal:
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ServiceError(_("The quantity must be a number."), code="quantity", field="quantity")
    if not quantity.is_finite() or quantity <= 0:
        raise ServiceError(_("The quantity must be more than zero."), code="quantity", field="quantity")
    if quantity != quantity.quantize(QTY) or quantity >= Decimal("10000000"):
        raise ServiceError(_("The quantity has too many digits."), code="quantity", field="quantity")
    return quantity


def clean_price(value, *, field: str = "unit_price") -> Decimal:
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ServiceError(_("The price must be a number."), code="price", field=field)
    if not price.is_finite() or price < 0:
        raise ServiceError(_("The price cannot be negative."), code="price", field=field)
    if price != price.quantize(CENT) or price >= Decimal("10000000000"):
        raise ServiceError(_("The price must be in euros and cents."), code="price", field=field)
    return price


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return money(quantity * unit_price)


@dataclass(frozen=True)
class VatGroup:
    rate: str
    base: Decimal
    vat: Decimal

    @property
    def percent(self) -> Decimal:
        return vat_percent(self.rate)

    @property
    def category(self) -> str:
        return vat_category(self.rate)

    def as_json(self) -> dict:
        return {"rate": self.rate, "base": str(self.base), "vat": str(self.vat)}


@dataclass(frozen=True)
class Totals:
    lines: tuple[Decimal, ...]
    groups: tuple[VatGroup, ...]
    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal


def compute_totals(lines: Iterable[tuple[Decimal, Decimal, str]], *, vat_exempt: bool = False) -> Totals:
    """Totals of ``(quantity, unit_price, vat_rate)`` lines. Under the VAT franchise every line is exempt."""
    nets: list[Decimal] = []
    bases: dict[str, Decimal] = {}
    for quantity, unit_price, rate in lines:
        rate = "exempt" if vat_exempt else clean_vat_rate(rate)
        net = line_net(quantity, unit_price)
        nets.append(net)
        bases[rate] = bases.get(rate, Decimal("0.00")) + net
    order = list(VAT_RATES)
    groups = tuple(
        VatGroup(rate=rate, base=base, vat=money(base * vat_percent(rate) / 100))
        for rate, base in sorted(bases.items(), key=lambda item: order.index(item[0]))
    )
    excl = sum((g.base for g in groups), Decimal("0.00"))
    vat = sum((g.vat for g in groups), Decimal("0.00"))
    return Totals(lines=tuple(nets), groups=groups, excl_vat=excl, vat=vat, incl_vat=excl + vat)
