import factory

from comptoir.places.models import LegalEntity, Place


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tiers-lieu {n}")
    slug = factory.Sequence(lambda n: f"lieu-{n}")
    city = "Saint-Étienne"
    postal_code = "42000"
    street_address = "1 rue de la Paix"
    timezone = "Europe/Paris"
    opening_hours = "Mo-Fr 09:00-19:00; Sa 10:00-17:00"
    services = factory.LazyFunction(lambda: ["coworking", "mediation", "makerspace", "events"])


class LegalEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalEntity

    place = factory.SubFactory(PlaceFactory)
    kind = LegalEntity.Kind.COOPERATIVE
    name = factory.LazyAttribute(lambda o: f"Scop {o.place.name}")
    legal_form = "SCOP SARL"
    siret = "55208131766522"
    vat_number = "FR03552081317"
    is_primary = True
    invoice_prefix = factory.LazyAttribute(lambda o: LegalEntity.default_invoice_prefix(o.kind))


def association_of(place, **fields) -> LegalEntity:
    """The place's association (loi 1901, exempt from VAT), beside its primary cooperative."""
    defaults = dict(
        kind=LegalEntity.Kind.ASSOCIATION, name=f"Association {place.name}", legal_form="Association loi 1901",
        siret="73282932000074", rna="W423000000", vat_number="", vat_exempt=True, is_primary=False,
    )  # fmt: skip
    defaults.update(fields)
    return LegalEntityFactory(place=place, **defaults)
