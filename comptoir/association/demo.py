"""Demo data for the association: three fee schemes and a paid membership. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from comptoir.association.models import Adhesion, FeeScheme
from comptoir.places.models import LegalEntity

SCHEMES = [
    ("Adhésion individuelle", "individual", "20.00", False),
    ("Adhésion solidaire", "reduced", "5.00", True),
    ("Adhésion structure", "organisation", "80.00", False),
]


def load(*, place, people: dict) -> None:
    from comptoir.association import services

    association = LegalEntity.objects.filter(place=place, kind=LegalEntity.Kind.ASSOCIATION).first()
    if association is None:
        return
    for name, category, amount, free in SCHEMES:
        if not FeeScheme.objects.filter(place=place, name=name).exists():
            services.fee_scheme_save(place=place, actor=None, entity=association, name=name, category=category,
                                     amount=Decimal(amount), period="civil_year", free_amount=free)  # fmt: skip
    member = people.get("membre@demo.comptoir.example")
    host = people.get("accueil@demo.comptoir.example")
    if member is not None and not Adhesion.objects.filter(place=place, user=member).exists():
        scheme = FeeScheme.objects.get(place=place, name=SCHEMES[0][0])
        services.adhesion_join(place=place, user=member, scheme=scheme, actor=host, payment_method="cash")
