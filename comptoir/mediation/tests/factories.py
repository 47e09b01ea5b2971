import datetime as dt

import factory
from django.utils import timezone

from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import (
    Accompaniment,
    Beneficiary,
    Registration,
    VoucherBooklet,
    Workshop,
    WorkshopSession,
)
from comptoir.places.tests.factories import PlaceFactory


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    place = factory.SubFactory(PlaceFactory)
    first_name = factory.Sequence(lambda n: f"Personne{n}")
    consent_at = factory.LazyFunction(timezone.now)


class AccompanimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accompaniment

    place = factory.SubFactory(PlaceFactory)
    type = v.ActivityType.INDIVIDUEL
    date = factory.LazyFunction(lambda: timezone.localdate())
    duration_minutes = 30
    themes = factory.LazyFunction(lambda: [v.Theme.EMAIL])


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    place = factory.SubFactory(PlaceFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    description = "Apprendre pas à pas."
    themes = factory.LazyFunction(lambda: [v.Theme.PRISE_EN_MAIN])
    capacity = 8
    duration_minutes = 120


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSession

    workshop = factory.SubFactory(WorkshopFactory)
    place = factory.SelfAttribute("workshop.place")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = factory.SelfAttribute("workshop.capacity")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    place = factory.SelfAttribute("session.place")
    first_name = factory.Sequence(lambda n: f"Inscrit{n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.org")
    status = Registration.Status.CONFIRMED


class BookletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoucherBooklet

    place = factory.SubFactory(PlaceFactory)
    funder = "Département de la Loire"
    operator = "APTIC"
    count = 10
    validity_year = factory.LazyFunction(lambda: timezone.localdate().year)
