import datetime as dt

import factory
from django.utils import timezone

from comptoir.places.tests.factories import PlaceFactory
from comptoir.programme.models import Activity, Registration, Session


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    place = factory.SubFactory(PlaceFactory)
    title = factory.Sequence(lambda n: f"Goûter de code {n}")
    description = "Programmer un petit jeu, puis goûter ensemble."
    audience = "Enfants et parents"
    age_min = 7
    age_max = 12
    status = Activity.Status.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    """A raw row at an outside address (no rule checks): writes that matter go through the services."""

    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    place = factory.LazyAttribute(lambda o: o.activity.place)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 10
    location_kind = Session.Location.ADDRESS
    address = "Médiathèque, 2 place de l'Hôtel de Ville"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    place = factory.LazyAttribute(lambda o: o.session.place)
    first_name = factory.Sequence(lambda n: f"Personne{n}")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    seats = 1
    state = Registration.State.CONFIRMED
