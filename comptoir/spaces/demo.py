"""Demo data for spaces: a few rooms, a desk pool, a closure, upcoming bookings and a past. Idempotent.

The past (from the first day of last month to yesterday, so that last month's billing run has all of its
bookings) is written with the ORM: the booking services refuse a slot that has started, by design. Each
past booking gets its ledger line like a booking made then (``booking_charge_sync``), which the billing
run hands to billing; nothing else in the place reads a booking differently for having been written here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.places.hours import open_intervals
from comptoir.spaces import services
from comptoir.spaces.charges import booking_charge_sync
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
    _load_past(place=place, people=people, today=today)
    _load_upcoming(place=place, people=people, today=today)


def _load_upcoming(*, place, people: dict, today: dt.date) -> None:
    tz = place.tz
    member = people.get("membre@demo.comptoir.example")
    if member is None or Booking.objects.filter(place=place, person=member, start__gte=timezone.now()).exists():
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


# The weekly pattern of the past: weekday (0 = Monday), resource slug, who, start hour, hours, title.
PAST_WEEK = [
    (0, "salle-ardoise", "benevole@demo.comptoir.example", 14, 2, "Réunion des bénévoles"),
    (0, "open-space", "membre@demo.comptoir.example", 9, 8, ""),
    (1, "salle-ardoise", "membre@demo.comptoir.example", 10, 2, "Rendez-vous client"),
    (1, "cabine-visio", "fablab@demo.comptoir.example", 11, 1, ""),
    (2, "grande-salle", "fablab@demo.comptoir.example", 14, 3, "Atelier impression 3D"),
    (2, "open-space", "membre@demo.comptoir.example", 9, 8, ""),
    (3, "salle-ardoise", "membre@demo.comptoir.example", 10, 2, "Point d'équipe"),
    (3, "cabine-visio", "benevole@demo.comptoir.example", 16, 1, ""),
    (4, "open-space", "membre@demo.comptoir.example", 9, 8, ""),
    (4, "salle-ardoise", "bureau@demo.comptoir.example", 17, 2, "Bureau de l'association"),
]


def past_start(today: dt.date) -> dt.date:
    """The first day of the demo's past: the first of last month (so last month is whole)."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@transaction.atomic
def _load_past(*, place, people: dict, today: dt.date) -> None:
    tz = place.tz
    since = dt.datetime.combine(past_start(today), dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    if Booking.objects.filter(place=place, start__gte=since, start__lt=until).exists():
        return  # loaded already (or the place has a past of its own)
    host = people.get("accueil@demo.comptoir.example")
    resources = {r.slug: r for r in Resource.objects.filter(place=place, slug__in={row[1] for row in PAST_WEEK})}
    closures = list(Closure.objects.filter(place=place, end__gt=since, start__lt=until))
    open_ranges = {
        slug: open_intervals(resource.hours_expression(), since, until, tz) for slug, resource in resources.items()
    }
    day = past_start(today)
    while day < today:
        for weekday, slug, email, hour, length, title in PAST_WEEK:
            person, resource = people.get(email), resources.get(slug)
            if weekday != day.weekday() or person is None or resource is None:
                continue
            start = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
            end = start + dt.timedelta(hours=length)
            if not any(a <= start and end <= b for a, b in open_ranges[slug]):
                continue  # a public holiday
            if any(c.start < end and start < c.end and c.resource_id in (None, resource.pk) for c in closures):
                continue
            booking = Booking.objects.create(
                place=place, resource=resource, person=person, start=start, end=end,
                blocked_until=end + resource.buffer, state=Booking.State.CONFIRMED, title=title,
                created_by=host if title.startswith("Bureau") else person,
            )  # fmt: skip
            booking_charge_sync(booking=booking, is_new=True)
        day += dt.timedelta(days=1)
