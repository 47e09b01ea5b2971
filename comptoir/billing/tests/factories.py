import factory

from comptoir.billing.models import Product
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    place = factory.SubFactory(PlaceFactory)
    entity = factory.LazyAttribute(
        lambda o: o.place.legal_entities.filter(is_primary=True).first() or LegalEntityFactory(place=o.place)
    )
    code = factory.Sequence(lambda n: f"produit-{n}")
    name = factory.Sequence(lambda n: f"Journée coworking {n}")
    unit_price = "15.00"
    vat_rate = "20"
