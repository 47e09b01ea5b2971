"""Demo data for the association: three fee schemes and a paid membership.

Idempotent; one transaction of its own (``load_demo`` calls each app's loader outside any atomic block),
inside which it uses the services' ``.in_transaction`` variants.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from comptoir.association.models import Adhesion, FeeScheme
from comptoir.places.models import LegalEntity

SCHEMES = [
    ("Adhésion individuelle", "individual", "20.00", False),
    ("Adhésion solidaire", "reduced", "5.00", True),
    ("Adhésion structure", "organisation", "80.00", False),
]


@transaction.atomic
def load(*, place, people: dict) -> None:
    from comptoir.association.services import adhesion_join

    association = LegalEntity.objects.filter(place=place, kind=LegalEntity.Kind.ASSOCIATION).first()
    if association is None:
        return
    for name, category, amount, free in SCHEMES:
        FeeScheme.objects.get_or_create(
            place=place, name=name,
            defaults=dict(entity=association, category=category, amount=Decimal(amount), period="civil_year",
                          free_amount=free),
        )  # fmt: skip
    member = people.get("membre@demo.comptoir.example")
    host = people.get("accueil@demo.comptoir.example")
    if member is not None and not Adhesion.objects.filter(place=place, user=member).exists():
        scheme = FeeScheme.objects.get(place=place, name=SCHEMES[0][0])
        adhesion_join.in_transaction(place=place, user=member, scheme=scheme, actor=host, payment_method="cash")
