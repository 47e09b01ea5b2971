"""Pure helpers shared by every billing service (the bottom layer: no write, no other service).

- :class:`LineIn` and :func:`clean_line`: one line to charge or invoice, checked;
- :func:`today_in`: a place's "today" (in its time zone);
- :func:`check_entity`: the legal entity belongs to the place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.billing.totals import clean_price, clean_quantity, clean_vat_rate
from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from comptoir.billing.models import Product
    from comptoir.places.models import LegalEntity, Place


@dataclass(frozen=True)
class LineIn:
    """One line to invoice (or to charge): amounts are excl. VAT."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: str
    service_date: dt.date | None = None
    product: Product | None = None
    is_goods: bool = False
    is_fee: bool = False
    key: str = "main"
    price_incl_vat: Decimal | None = None  # for a charge priced incl. VAT: what the member pays for the line


def clean_line(line: LineIn) -> LineIn:
    """The line with its description, quantity, price and VAT rate checked and normalised
    (``ServiceError`` on bad input)."""
    description = " ".join(str(line.description or "").split())[:300]
    if not description:
        raise ServiceError(_("Each line needs a description."), code="description", field="description")
    return LineIn(
        description=description,
        quantity=clean_quantity(line.quantity),
        unit_price=clean_price(line.unit_price),
        vat_rate=clean_vat_rate(line.vat_rate),
        service_date=line.service_date,
        product=line.product,
        is_goods=line.is_goods,
        is_fee=line.is_fee,
        key=str(line.key or "main")[:40],
        price_incl_vat=None if line.price_incl_vat is None else clean_price(line.price_incl_vat, field="price"),
    )


def today_in(place: Place) -> dt.date:
    """Today's date in the place's time zone (invoices, payments and entries are dated by it)."""
    return timezone.now().astimezone(place.tz).date()


def check_entity(place: Place, entity: LegalEntity | None) -> None:
    """Refuse (``ServiceError``, field ``entity``) a legal entity that is missing or of another place."""
    if entity is None or entity.place_id != place.pk:
        raise ServiceError(_("Choose a legal entity of this place."), code="entity", field="entity")
