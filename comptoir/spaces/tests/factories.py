import datetime as dt
from decimal import Decimal

import factory

from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking, Closure, Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    slug = factory.Sequence(lambda n: f"salle-{n}")
    kind = Resource.Kind.ROOM
    capacity = 8
    seats = 1
    min_minutes = 30
    max_minutes = 480
    granularity_minutes = 30
    horizon_days = 365
    price_hour_member = Decimal("10.00")
    price_hour_public = Decimal("20.00")


class PoolFactory(ResourceFactory):
    kind = Resource.Kind.POOL
    name = factory.Sequence(lambda n: f"Open space {n}")
    slug = factory.Sequence(lambda n: f"open-space-{n}")
    capacity = 3
    seats = 3


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    place = factory.SubFactory(PlaceFactory)
    resource = None
    reason = "Travaux"


class BookingFactory(factory.django.DjangoModelFactory):
    """A raw row (no rule checks): for reads and query-count tests. Writes go through services."""

    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    place = factory.LazyAttribute(lambda o: o.resource.place)
    person = factory.SubFactory("comptoir.people.tests.factories.UserFactory")
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=1))
    blocked_until = factory.LazyAttribute(lambda o: o.end + o.resource.buffer)
    state = Booking.State.CONFIRMED


def next_weekday(weekday: int, *, hour: int, minute: int = 0, weeks_ahead: int = 1, tz=None) -> dt.datetime:
    """An aware datetime on the next ``weekday`` (0 = Monday) at least a week away, in ``tz`` (Paris)."""
    import zoneinfo

    from django.utils import timezone

    tz = tz or zoneinfo.ZoneInfo("Europe/Paris")
    today = timezone.localtime(timezone.now(), tz).date()
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
