"""Demo data for spaces: a few rooms, a desk pool, a closure and some bookings. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.spaces import services
from comptoir.spaces.models import Booking, Closure, Resource

RESOURCES = [
    dict(
        slug="salle-ardoise", name="Salle Ardoise", kind=Resource.Kind.ROOM, capacity=8,
        description="Salle de réunion lumineuse, écran et tableau blanc.",
        amenities=["écran", "tableau blanc", "visio"],
        accessibility="De plain-pied, accessible en fauteuil.", price_hour_member=Decimal("8"),
        price_hour_public=Decimal("15"), price_half_day_member=Decimal("25"), price_half_day_public=Decimal("50"),
        price_day_member=Decimal("45"), price_day_public=Decimal("90"), buffer_minutes=15, uses_allowance=True,
    ),
    dict(
        slug="grande-salle", name="Grande salle", kind=Resource.Kind.ROOM, capacity=30,
        description="Pour les ateliers et les assemblées.", amenities=["vidéoprojecteur", "sono"],
        price_hour_member=Decimal("20"), price_hour_public=Decimal("40"), requires_approval=True,
        min_minutes=60, granularity_minutes=60,
    ),
    dict(
        slug="cabine-visio", name="Cabine visio", kind=Resource.Kind.ROOM, capacity=1,
        description="Cabine insonorisée pour les appels.", price_hour_member=Decimal("0"),
        price_hour_public=Decimal("5"), max_minutes=120,
    ),
    dict(
        slug="open-space", name="Open space", kind=Resource.Kind.POOL, capacity=12, seats=12,
        description="Douze postes en accès libre.", price_hour_member=Decimal("2"), price_hour_public=Decimal("4"),
        price_day_member=Decimal("12"), price_day_public=Decimal("20"), max_minutes=600,
    ),
]  # fmt: skip


def load(*, place, people: dict) -> None:
    admin = people.get("accueil@demo.comptoir.example")
    for fields in RESOURCES:
        if not Resource.objects.filter(place=place, slug=fields["slug"]).exists():
            services.resource_create(place=place, actor=admin, **fields)
    tz = place.tz
    today = timezone.localtime(timezone.now(), tz).date()
    if not Closure.objects.filter(place=place, reason="Fermeture de fin d'année").exists():
        christmas = dt.date(today.year, 12, 24)
        services.closure_create(
            place=place, actor=admin, reason="Fermeture de fin d'année",
            start=dt.datetime.combine(christmas, dt.time.min, tzinfo=tz),
            end=dt.datetime.combine(christmas + dt.timedelta(days=9), dt.time.min, tzinfo=tz),
        )  # fmt: skip
    member = people.get("membre@demo.comptoir.example")
    if member is None or Booking.objects.filter(place=place, person=member).exists():
        return
    room = Resource.objects.get(place=place, slug="salle-ardoise")
    pool = Resource.objects.get(place=place, slug="open-space")
    for offset in range(1, 10):
        day = today + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for resource, hour, length in ((room, 10, 2), (pool, 9, 8)):
            start = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
            try:
                services.booking_create(
                    resource=resource, person=member, start=start, end=start + dt.timedelta(hours=length),
                    actor=member,
                )  # fmt: skip
            except ServiceError:
                continue  # a holiday or a closure: skip that day
