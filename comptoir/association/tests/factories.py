from decimal import Decimal

import factory

from comptoir.association.models import FeeScheme
from comptoir.places.tests.factories import PlaceFactory, association_of


class FeeSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeScheme

    place = factory.SubFactory(PlaceFactory)
    entity = factory.LazyAttribute(
        lambda o: o.place.legal_entities.filter(kind="association").first() or association_of(o.place)
    )
    name = "Adhésion individuelle"
    category = FeeScheme.Category.INDIVIDUAL
    amount = Decimal("20.00")
    period = FeeScheme.Period.CIVIL_YEAR
