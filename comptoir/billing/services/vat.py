"""VAT arithmetic for prices that include VAT (pure Decimal, no database write).

Used by the invoices (to balance lines priced incl. VAT on one invoice) and by the ledger bridges
(:mod:`.bridges`, for spaces and coworking whose ledgers hold what a member pays):

- :func:`net_from_gross` converts a price incl. VAT into the unit price excl. VAT whose invoice line
  (net + VAT rounded half-up to the cent) gives the same amount back; :func:`gross_from_net` is the
  inverse. Some amounts cannot be reached by any net amount in cents (at 20 %, one cent value in six:
  25.05 €); the member is then charged the nearest amount *below* (one cent less), never more.
- :func:`balance_nets` / :func:`balance_group` spread the cents among several such lines of one invoice.
- :func:`line_incl_vat` makes a charge line priced incl. VAT; :func:`charge_gross` reads that price back.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from comptoir.billing.models import Charge, Product
from comptoir.billing.services.helpers import LineIn
from comptoir.billing.totals import CENT, clean_vat_rate, vat_percent

ZERO = Decimal("0.00")


def gross_from_net(net: Decimal, vat_rate: str) -> Decimal:
    """What one invoice line of ``net`` excl. VAT costs incl. VAT (VAT rounded half-up to the cent)."""
    net = Decimal(net).quantize(CENT)
    return net + (net * vat_percent(clean_vat_rate(vat_rate)) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def net_from_gross(gross: Decimal, vat_rate: str) -> Decimal:
    """The net amount (excl. VAT, in cents) whose line costs ``gross`` incl. VAT.

    Exact whenever such a net exists; otherwise the largest net whose gross is below ``gross`` (one cent
    less). Pure Decimal: ``gross_from_net`` is strictly increasing, so a small search around
    ``gross / (1 + rate)`` settles it.
    """
    gross = Decimal(gross).quantize(CENT)
    rate = vat_percent(clean_vat_rate(vat_rate))
    if gross <= 0 or rate == 0:
        return gross
    guess = (gross * 100 / (100 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    best = ZERO
    for candidate in (guess - 2 * CENT, guess - CENT, guess, guess + CENT, guess + 2 * CENT):
        if candidate < 0:
            continue
        value = gross_from_net(candidate, vat_rate)
        if value == gross:
            return candidate
        if value < gross:
            best = max(best, candidate)
    return best


def balance_nets(grosses: list[Decimal], vat_rate: str) -> list[Decimal]:
    """Nets for several lines of one rate that end on one invoice, so that the invoice (VAT rounded once
    on the sum) costs what the lines cost together incl. VAT, exactly whenever a net can give it.

    Each net is its exact share rounded down or up to the cent (largest remainders get the extra cents,
    ties by position); one line alone gives :func:`net_from_gross`.
    """
    rate = vat_percent(clean_vat_rate(vat_rate))
    grosses = [Decimal(g).quantize(CENT) for g in grosses]
    if rate == 0 or not grosses:
        return grosses
    target = net_from_gross(sum(grosses, ZERO), vat_rate)
    exact = [g * 100 / (100 + rate) for g in grosses]
    floors = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    extra = int((target - sum(floors, ZERO)) / CENT)
    if not 0 <= extra <= len(grosses):  # cannot happen with positive amounts; stay exact per line
        return [net_from_gross(g, vat_rate) for g in grosses]
    order = sorted(range(len(grosses)), key=lambda i: (floors[i] - exact[i], i))
    nets = list(floors)
    for index in order[:extra]:
        nets[index] += CENT
    return nets


KEY_PATTERN = r"^[0-9]+:[0-9]+\.[0-9]{2}$"  # the keys ledger_settle writes: "<generation>:<incl. VAT>"


def balance_group(*, grosses: list[Decimal], fixed_net: Decimal, vat_rate: str) -> list[Decimal]:
    """Nets (excl. VAT, in cents) for the lines of one VAT rate of one invoice that are priced incl. VAT
    (``grosses``), next to other lines of that rate whose nets add up to ``fixed_net``.

    VAT is rounded once per rate on the invoice. The rate's total incl. VAT is made equal to
    ``sum(grosses) + gross_from_net(fixed_net)`` (what the priced lines cost, plus what the other lines
    would cost alone) whenever some net gives it, else one cent less (never more): the net total comes
    from :func:`net_from_gross`, then each line gets its exact share rounded down, and the cents left
    go to the largest remainders (ties by position). Pure Decimal; 0 % and exempt lines: net = gross.
    """
    rate = vat_percent(clean_vat_rate(vat_rate))
    grosses = [Decimal(g).quantize(CENT) for g in grosses]
    if rate == 0 or not grosses:
        return grosses
    fixed_net = Decimal(fixed_net).quantize(CENT)
    target = sum(grosses, ZERO) + (gross_from_net(fixed_net, vat_rate) if fixed_net else ZERO)
    total_net = net_from_gross(target, vat_rate) - fixed_net
    exact = [g * 100 / (100 + rate) for g in grosses]
    nets = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    extra = int((total_net - sum(nets, ZERO)) / CENT)
    order = sorted(range(len(grosses)), key=lambda i: (nets[i] - exact[i], i))  # largest remainder first
    step = CENT if extra > 0 else -CENT
    if extra < 0:  # rare (a fixed line's own rounding): take from the smallest remainders, never below 0
        order = [i for i in reversed(order) if nets[i] > 0] or order
    for count in range(abs(extra)):
        nets[order[count % len(order)]] += step
    return nets


def parse_key(key: str) -> tuple[int, Decimal]:
    """(generation, amount incl. VAT) of a key written by ``ledger_settle`` (``(0, 0)`` when unreadable)."""
    generation, _sep, amount = key.partition(":")
    try:
        return int(generation), Decimal(amount or "0")
    except (ValueError, ArithmeticError):
        return 0, ZERO


def charge_gross(charge: Charge) -> Decimal | None:
    """What the member pays incl. VAT for a charge priced that way (quantity 1), else None."""
    if charge.quantity != 1:
        return None
    if charge.price_incl_vat is not None:
        return charge.price_incl_vat
    if re.match(KEY_PATTERN, charge.line_key):  # written by ledger_settle before price_incl_vat existed
        return parse_key(charge.line_key)[1]
    return None


def line_incl_vat(
    *, description: str, price_incl_vat: Decimal, vat_rate: str, service_date: dt.date | None = None,
    product: Product | None = None, key: str = "main",
) -> LineIn:  # fmt: skip
    """A charge line for a service priced incl. VAT (one unit): its net comes from :func:`net_from_gross`
    and the price is kept, so an invoice gathering several such lines costs the sum of their prices."""
    return LineIn(
        description=description, quantity=Decimal("1"), unit_price=net_from_gross(price_incl_vat, vat_rate),
        vat_rate=vat_rate, service_date=service_date, product=product, key=key, price_incl_vat=price_incl_vat,
        is_goods=bool(product and product.kind == Product.Kind.GOODS),
    )  # fmt: skip
