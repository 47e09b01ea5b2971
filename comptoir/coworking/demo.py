"""Demo plans and a subscription for the demo member. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from comptoir.coworking import services
from comptoir.coworking.models import Plan, Subscription

PLANS = [
    dict(name="Pass journée", kind=Plan.Kind.DAY_PASS, price=Decimal("15"), description="Une journée en open space."),
    dict(name="Carnet 10 jours", kind=Plan.Kind.CARNET, price=Decimal("120"), days=10, validity_months=6),
    dict(name="Nomade 8 jours", kind=Plan.Kind.NOMAD, price=Decimal("110"), days=8, meeting_hours_per_month=2),
    dict(name="Résident", kind=Plan.Kind.RESIDENT, price=Decimal("250"), meeting_hours_per_month=4),
    dict(name="Illimité", kind=Plan.Kind.UNLIMITED, price=Decimal("190"), meeting_hours_per_month=2),
]


def load(*, place, people: dict) -> None:
    admin = people.get("accueil@demo.comptoir.example")
    for fields in PLANS:
        if not Plan.objects.filter(place=place, name=fields["name"]).exists():
            services.plan_create(place=place, actor=admin, **fields)
    member = people.get("membre@demo.comptoir.example")
    if member is not None and not Subscription.objects.filter(place=place, person=member).exists():
        nomad = Plan.objects.get(place=place, name="Nomade 8 jours")
        services.subscription_start(place=place, person=member, plan=nomad, actor=admin, renews=True)
