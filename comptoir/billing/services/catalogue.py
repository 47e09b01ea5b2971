"""The catalogue: what a place sells, at which price and VAT rate, by which legal entity."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import Product
from comptoir.billing.services.helpers import check_entity
from comptoir.billing.totals import clean_price, clean_vat_rate
from comptoir.core.errors import Conflict, ServiceError

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import LegalEntity, Place


def product_save(
    *, place: Place, actor: User | None, entity: LegalEntity, code: str, name: str, unit_price: Decimal | int | str,
    vat_rate: str, kind: str = Product.Kind.SERVICE,
    unit: str = "", is_active: bool = True, product: Product | None = None,
) -> Product:  # fmt: skip
    check_entity(place, entity)
    unit_price = clean_price(unit_price)
    vat_rate = clean_vat_rate(vat_rate)
    if kind not in Product.Kind.values:
        raise ServiceError(_("Unknown kind of product."), field="kind")
    name = " ".join((name or "").split())[:200]
    code = (code or "").strip()[:60]
    if not name or not code:
        raise ServiceError(_("A product needs a code and a name."), field="name")
    with transaction.atomic(durable=True):
        if product is None:
            product = Product(place=place)
        elif product.place_id != place.pk:
            raise ServiceError(_("Unknown product."))
        before = {"price": str(product.unit_price), "vat": product.vat_rate} if product.pk else None
        for field, value in dict(entity=entity, code=code, name=name, unit_price=unit_price, vat_rate=vat_rate,
                                 kind=kind, unit=unit[:30], is_active=is_active).items():  # fmt: skip
            setattr(product, field, value)
        try:
            with transaction.atomic():
                product.save()
        except IntegrityError:
            raise Conflict(_("Another product already has this code."), field="code")
        audit_record(place=place, actor=actor, action="billing.product_saved", obj=product, before=before,
                     after={"price": unit_price, "vat": vat_rate})  # fmt: skip
    return product
