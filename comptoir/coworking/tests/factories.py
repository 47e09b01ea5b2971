from decimal import Decimal

import factory

from comptoir.coworking.models import Plan
from comptoir.places.tests.factories import PlaceFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Formule {n}")
    kind = Plan.Kind.CARNET
    price = Decimal("100.00")
    days = 10
    validity_months = 6
