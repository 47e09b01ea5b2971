"""For service apps whose prices include VAT and who keep their own append-only ledger (spaces, coworking).

Their ledgers hold what a member pays (TTC), as signed lines per source (a booking, a sale). This module
turns the *total* of a source into billing charges, exactly, and survives any order of changes:

- the VAT arithmetic (:func:`~.vat.net_from_gross` and its inverse, the cents spread over one invoice's
  lines) lives in :mod:`.vat`;
- :func:`bridge_product` finds or creates (idempotently, by ``code``) the catalogue product that
  carries the VAT rate and the selling entity of such charges. Created inactive at 0 € (it is sold
  through the service, not at the desk); staff may change its name, VAT rate or entity.
- :func:`ledger_settle` brings billing in line with what a source costs now (``total``, incl. VAT).
- :func:`bridge_charges_balance` (before a billing run) spreads the cents among the open charges that
  one invoice will gather, so that the invoice costs what its lines cost together (VAT is rounded once
  per rate on the invoice, not per line: ten lines of 25.00 € would otherwise make 249.96 €).

How :func:`ledger_settle` keeps track: the source's charges are keyed ``"<generation>:<incl. VAT>"``.
A generation is open while its charge is not invoiced (it is then replaced freely: a move before
invoicing never adds a second charge); once invoiced it is *live* until a credit note cancels its
whole line. With ``S`` the sum of the live generations, the open charge is ``total - S``:

- positive: one open charge of that amount (created or replaced);
- zero: no open charge (an uninvoiced one is withdrawn);
- negative (cancelled, or moved to a cheaper slot, after invoicing): the open charge is withdrawn,
  the live lines of the source are credited in full (one credit note per invoice, through
  :func:`~comptoir.billing.services.credit_notes.credit_note_create`), and then the source's whole current
  cost, if any, is charged again as a new generation for the next invoice.

Every step reads billing's own state, so an interrupted settle is finished by the next call, and a
second call changes nothing. A credit note that staff issue by hand for a whole line counts as undoing
its invoicing: when the source changes again, its whole current cost is charged (to waive a booking,
cancel it). A line still on a draft invoice counts as invoiced; a decrease then waits (``pending``)
until the draft is issued or deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from comptoir.audit.services import audit_record
from comptoir.billing.models import Charge, Invoice, Product
from comptoir.billing.selectors import line_remaining
from comptoir.billing.services.charges import charge_sync_for_source
from comptoir.billing.services.credit_notes import credit_note_create
from comptoir.billing.services.helpers import LineIn
from comptoir.billing.services.vat import KEY_PATTERN, balance_nets, net_from_gross, parse_key
from comptoir.billing.totals import CENT, clean_vat_rate
from comptoir.places.selectors import legal_entity_primary

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

ZERO = Decimal("0.00")


def bridge_charges_balance(*, place: Place, until: dt.date | None = None, actor: User | None = None) -> int:
    """Spread the cents among the uninvoiced charges written by :func:`ledger_settle` (any app) that the
    same invoice will gather (member, entity, VAT rate; dated up to ``until``), see :func:`balance_nets`.
    Idempotent; returns how many charges changed. Durable transaction."""
    with transaction.atomic(durable=True):
        charges = Charge.objects.select_for_update(of=("self",)).filter(
            place=place, invoice_line__isnull=True, quantity=1, line_key__regex=KEY_PATTERN
        )
        if until is not None:
            charges = charges.filter(service_date__lte=until)
        groups: dict[tuple, list[tuple[Charge, Decimal]]] = defaultdict(list)
        for charge in charges.order_by("pk"):
            _generation, gross = parse_key(charge.line_key)
            groups[(charge.user_id, charge.entity_id, charge.vat_rate)].append((charge, gross))
        changed = []
        for (_user, _entity, vat_rate), items in groups.items():
            for (charge, _gross), net in zip(items, balance_nets([g for _c, g in items], vat_rate), strict=True):
                if charge.unit_price != net:
                    charge.unit_price = net
                    changed.append(charge)
        if changed:
            Charge.objects.bulk_update(changed, ["unit_price"])
            audit_record(
                place=place, actor=actor, action="billing.charges_balanced", object_repr=f"{len(changed)}",
                after={"charges": len(changed), "until": str(until or "")},
            )  # fmt: skip
    return len(changed)


def bridge_product(*, place: Place, code: str, name: str, unit: str = "", vat_rate: str = "20") -> Product | None:
    """The catalogue product for a kind of service charge, created once per place (inside the caller's
    transaction). Sold by the place's primary legal entity; ``None`` when the place has none yet."""
    product = Product.objects.select_related("entity").filter(place=place, code=code).first()
    if product is not None:
        return product
    entity = legal_entity_primary(place=place)
    if entity is None:
        return None
    try:
        with transaction.atomic():
            product = Product.objects.create(
                place=place, entity=entity, code=code, name=name[:200], unit=unit[:30], unit_price=ZERO,
                vat_rate=clean_vat_rate(vat_rate), is_active=False,
            )  # fmt: skip
    except IntegrityError:  # created meanwhile by a concurrent run
        return Product.objects.select_related("entity").get(place=place, code=code)
    audit_record(place=place, actor=None, action="billing.product_saved", obj=product, after={"code": code})
    return product


@dataclass
class SettleResult:
    charge: Charge | None = None  # the open charge after settling, if any
    credit_notes: list[Invoice] = field(default_factory=list)
    pending: Decimal = ZERO  # a negative amount left over with nothing to credit (should not happen)


def _settle_once(
    *,
    place: Place,
    user: User,
    source_type: str,
    source_id: str,
    read_total: Callable[[], Decimal],
    product: Product,
    description: str,
    service_date: dt.date,
    stamp: Callable[[str], object],
    actor: User | None,
) -> tuple[SettleResult, dict[int, dict[int, Decimal]]]:
    """One transaction: sync the open charge, or say which invoice lines to credit first."""
    result = SettleResult()
    with transaction.atomic(durable=True):
        total = Decimal(read_total()).quantize(CENT)
        charges = list(
            Charge.objects.select_for_update(of=("self",))
            .filter(place=place, source_type=source_type, source_id=str(source_id))
            .select_related("invoice_line")
        )
        live: list[tuple[Charge, Decimal, Decimal]] = []
        open_generation = None
        last_generation = 0
        for charge in charges:
            generation, amount = parse_key(charge.line_key)
            last_generation = max(last_generation, generation)
            if not charge.is_invoiced:
                open_generation = generation
            else:
                assert charge.invoice_line is not None  # is_invoiced
                remaining = line_remaining(charge.invoice_line)
                if remaining > 0:
                    live.append((charge, amount, remaining))
        generation = open_generation or last_generation + 1
        due = total - sum((amount for _c, amount, _r in live), ZERO)
        lines = []
        if due > 0:
            vat_rate = "exempt" if product.entity.vat_exempt else product.vat_rate
            key = f"{generation}:{due}"
            net = net_from_gross(due, vat_rate)
            current = next((c for c in charges if not c.is_invoiced and c.line_key == key), None)
            if current is not None and current.vat_rate == vat_rate and abs(current.unit_price - net) <= CENT:
                net = current.unit_price  # spread by bridge_charges_balance: keep it
            lines = [
                LineIn(
                    description=description,
                    quantity=Decimal("1"),
                    unit_price=net,
                    vat_rate=vat_rate,
                    service_date=service_date,
                    product=product,
                    key=key,
                    price_incl_vat=due,
                )  # fmt: skip
            ]
        sync = charge_sync_for_source.in_transaction(
            place=place, user=user, source_type=source_type, source_id=source_id, lines=lines,
            entity=product.entity, actor=actor,
        )  # fmt: skip
        result.charge = (sync.created + sync.updated + sync.unchanged or [None])[0]  # type: ignore[list-item]  # [None]: no charge left
        if due >= 0:
            stamp(f"{source_type}:{source_id}#{generation}")
            return result, {}
        to_credit: dict[int, dict[int, Decimal]] = {}
        # Ignored for mypy: `live` holds invoiced charges only (their invoice_line is set).
        issued = set(
            Invoice.objects.filter(
                pk__in={c.invoice_line.invoice_id for c, _a, _r in live},  # type: ignore[union-attr]
                status=Invoice.Status.ISSUED,
            ).values_list("pk", flat=True)
        )
        for charge, _amount, remaining in live:
            assert charge.invoice_line is not None and charge.invoice_line_id is not None  # live: invoiced
            if charge.invoice_line.invoice_id in issued:  # a draft cannot be credited: wait for its issue
                to_credit.setdefault(charge.invoice_line.invoice_id, {})[charge.invoice_line_id] = remaining
        if not to_credit:
            result.pending = due
        return result, to_credit


def ledger_settle(
    *,
    place: Place,
    user: User,
    source_type: str,
    source_id: int | str,
    read_total: Callable[[], Decimal],
    product: Product,
    description: str,
    service_date: dt.date,
    stamp: Callable[[str], object],
    actor: User | None = None,
    credit_reason: str = "",
) -> SettleResult:
    """Make billing reflect what the source costs now (incl. VAT). See the module docstring.

    ``read_total()`` is called first inside each transaction (lock the source there, read its ledger);
    ``stamp(reference)`` last, in the same transaction, once the charge is synced (mark the ledger lines
    read as handed to billing). Public entry point: durable transactions, not inside another one.
    """
    source_id = str(source_id)
    arguments: dict[str, Any] = dict(
        place=place, user=user, source_type=source_type, source_id=source_id, read_total=read_total, product=product,
        description=description, service_date=service_date, stamp=stamp, actor=actor,
    )  # fmt: skip
    result, to_credit = _settle_once(**arguments)
    if not to_credit:
        return result
    notes = []
    for invoice in Invoice.objects.filter(pk__in=to_credit).order_by("pk"):
        notes.append(
            credit_note_create(
                invoice=invoice,
                actor=actor,
                quantities=to_credit[invoice.pk],
                reason=credit_reason or f"{description} ({source_type}:{source_id})",
            )  # fmt: skip
        )
    result, again = _settle_once(**arguments)  # nothing live is left: charge the current cost, if any
    result.credit_notes = notes
    if again:  # cannot happen: every live line was just credited in full
        result.pending = sum((q for lines in again.values() for q in lines.values()), ZERO)
    return result
