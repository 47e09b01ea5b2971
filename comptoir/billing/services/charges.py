"""Charges: what other services (bookings, passes, fees, machines...) ask billing to invoice.

Other apps call :func:`charge_sync_for_source` with the *whole* current state of their source
(a booking, a pass...). It is idempotent: calling it again with the same lines changes nothing;
with new lines it replaces the uninvoiced ones; with no lines it withdraws them. A line already
invoiced is never billed again (a change to it must go through a credit note).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import Charge, Product
from comptoir.billing.services.helpers import LineIn, check_entity, clean_line, today_in
from comptoir.core.errors import ServiceError
from comptoir.core.transactions import service
from comptoir.places.selectors import legal_entity_primary

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place


@dataclass
class SyncResult:
    created: list[Charge] = field(default_factory=list)
    updated: list[Charge] = field(default_factory=list)
    deleted: int = 0
    unchanged: list[Charge] = field(default_factory=list)
    already_invoiced: list[Charge] = field(default_factory=list)
    invoiced_differs: list[Charge] = field(default_factory=list)


def line_for_product(
    *,
    product: Product,
    quantity: Decimal,
    service_date: dt.date | None = None,
    description: str = "",
    key: str = "main",
    unit_price: Decimal | None = None,
) -> LineIn:
    """A charge line priced from the catalogue."""
    return LineIn(
        description=description or product.name,
        quantity=quantity,
        unit_price=product.unit_price if unit_price is None else unit_price,
        vat_rate=product.vat_rate,
        service_date=service_date,
        product=product,
        is_goods=product.kind == Product.Kind.GOODS,
        is_fee=product.kind == Product.Kind.FEE,
        key=key,
    )


def _same(charge: Charge, line: LineIn, entity: LegalEntity) -> bool:
    return (
        charge.description == line.description
        and charge.quantity == line.quantity
        and charge.unit_price == line.unit_price
        and charge.vat_rate == line.vat_rate
        and charge.service_date == line.service_date
        and charge.entity_id == entity.pk
        and charge.product_id == (line.product.pk if line.product else None)
        and charge.price_incl_vat == line.price_incl_vat
    )


@service
def charge_sync_for_source(
    *,
    place: Place,
    user: User,
    source_type: str,
    source_id: int | str,
    lines: list[LineIn],
    entity: LegalEntity | None = None,
    actor: User | None = None,
) -> SyncResult:
    """Make the source's charges match ``lines`` (keyed by ``LineIn.key``). See the module docstring.

    ``entity`` defaults to the entity of each line's product, then the place's primary entity.
    ``.in_transaction``: inside another service's transaction (a booking, a registration).
    """
    source_type = str(source_type)[:60]
    source_id = str(source_id)[:64]
    if not source_type or not source_id:
        raise ServiceError(_("A charge must say where it comes from."), code="source")
    cleaned = [clean_line(line) for line in lines]
    keys = [line.key for line in cleaned]
    if len(set(keys)) != len(keys):
        raise ServiceError(_("Two lines of the same source have the same key."), code="duplicate_key")
    result = SyncResult()
    with transaction.atomic():
        existing = {
            c.line_key: c
            for c in Charge.objects.select_for_update().filter(
                place=place, source_type=source_type, source_id=source_id
            )
        }
        for line in cleaned:
            line_entity = entity or (line.product.entity if line.product else None)
            if line_entity is None:
                line_entity = legal_entity_primary(place=place)
            check_entity(place, line_entity)
            assert line_entity is not None  # check_entity refuses None
            if line.product is not None and line.product.place_id != place.pk:
                raise ServiceError(_("Unknown product."), code="product", field="product")
            values = dict(
                entity=line_entity,
                user=user,
                product=line.product,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                service_date=line.service_date or today_in(place),
                price_incl_vat=line.price_incl_vat,
            )
            line = LineIn(**{**line.__dict__, "service_date": values["service_date"]})
            charge = existing.pop(line.key, None)
            if charge is None:
                result.created.append(
                    Charge.objects.create(
                        place=place, source_type=source_type, source_id=source_id, line_key=line.key, **values
                    )
                )
            elif charge.is_invoiced:
                (result.already_invoiced if _same(charge, line, line_entity) else result.invoiced_differs).append(
                    charge
                )
            elif _same(charge, line, line_entity) and charge.user_id == user.pk:
                result.unchanged.append(charge)
            else:
                for name, value in values.items():
                    setattr(charge, name, value)
                charge.save()
                result.updated.append(charge)
        for charge in existing.values():
            if charge.is_invoiced:
                result.invoiced_differs.append(charge)
            else:
                charge.delete()
                result.deleted += 1
        if result.created or result.updated or result.deleted:
            audit_record(
                place=place,
                actor=actor,
                action="billing.charges_synced",
                object_repr=f"{source_type}:{source_id}",
                after={
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "deleted": result.deleted,
                    "invoiced_differs": len(result.invoiced_differs),
                },
            )
    return result
