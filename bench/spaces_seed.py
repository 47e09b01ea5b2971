"""Seed a large place for the spaces benchmarks: 2,000 members, 60 resources, five years of bookings
(about 300,000) and a year of coworking check-ins. Idempotent: a second run adds nothing.

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench_spaces \
        .venv/bin/python bench/spaces_seed.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from comptoir.core.permissions import Role  # noqa: E402
from comptoir.coworking.models import CheckIn  # noqa: E402
from comptoir.people.models import Membership, MembershipRole, User  # noqa: E402
from comptoir.places.models import Place  # noqa: E402
from comptoir.spaces.models import Booking, Resource  # noqa: E402

SLUG = "bench-espaces"
MEMBERS = 2000
RESOURCES = 60
POOLS = 10
YEARS = 5
FUTURE_DAYS = 90  # the five years end this far in the future
SLOTS = [(8, 10), (10, 12), (13, 15), (15, 17), (17, 19)]
SLOT_PROBABILITY = 0.65
BATCH = 5000


def seed_place() -> tuple[Place, list[User], list[Resource], User]:
    place, _ = Place.objects.get_or_create(
        slug=SLUG,
        defaults={"name": "Espaces de mesure", "services": ["coworking"], "opening_hours": "Mo-Su 07:00-23:00"},
    )
    admin, created = User.objects.get_or_create(
        email="bench-spaces-admin@example.org", defaults={"display_name": "Admin"}
    )
    if created:
        membership = Membership.objects.create(place=place, user=admin, status="active", approved_at=timezone.now())
        MembershipRole.objects.create(place=place, membership=membership, role=Role.ADMIN)
    existing = User.objects.filter(email__startswith="bench-spaces-m").count()
    if existing < MEMBERS:
        password = make_password("bench-password")
        users = User.objects.bulk_create(
            User(email=f"bench-spaces-m{n}@example.org", display_name=f"Membre {n:05d}", password=password)
            for n in range(existing, MEMBERS)
        )
        Membership.objects.bulk_create(
            Membership(place=place, user=u, status="active", approved_at=timezone.now()) for u in users
        )
    members = list(User.objects.filter(email__startswith="bench-spaces-m").order_by("pk"))
    for i in range(Resource.objects.filter(place=place).count(), RESOURCES):
        pool = i < POOLS
        Resource.objects.create(
            place=place, slug=f"espace-{i:02d}", name=f"Espace {i:02d}",
            kind=Resource.Kind.POOL if pool else Resource.Kind.ROOM,
            capacity=4 + i % 10, seats=6 if pool else 1, horizon_days=3650, max_minutes=600, min_minutes=30,
        )  # fmt: skip
    resources = list(Resource.objects.filter(place=place).order_by("slug"))
    return place, members, resources, admin


def seed_bookings(place: Place, members: list[User], resources: list[Resource]) -> int:
    if Booking.objects.filter(place=place).exists():
        return Booking.objects.filter(place=place).count()
    rng = random.Random(42)
    tz = place.tz
    today = timezone.localtime(timezone.now(), tz).date()
    first = today + dt.timedelta(days=FUTURE_DAYS) - dt.timedelta(days=365 * YEARS)
    batch: list[Booking] = []
    total = 0
    now = timezone.now()
    day = first
    while day < today + dt.timedelta(days=FUTURE_DAYS):
        if day.weekday() < 6:
            for resource in resources:
                for a, b in SLOTS:
                    if rng.random() > SLOT_PROBABILITY:
                        continue
                    start = dt.datetime.combine(day, dt.time(a), tzinfo=tz)
                    end = dt.datetime.combine(day, dt.time(b), tzinfo=tz)
                    roll = rng.random()
                    state = "confirmed"
                    if roll < 0.07:
                        state = "cancelled"
                    elif roll < 0.10 and end < now:
                        state = "no_show"
                    batch.append(
                        Booking(
                            place=place,
                            resource=resource,
                            person=members[rng.randrange(len(members))],
                            start=start,
                            end=end,
                            blocked_until=end,
                            seat=1,
                            state=state,
                            cancelled_at=start - dt.timedelta(days=1) if state == "cancelled" else None,
                        )  # fmt: skip
                    )
            if len(batch) >= BATCH:
                with transaction.atomic():
                    Booking.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        day += dt.timedelta(days=1)
    with transaction.atomic():
        Booking.objects.bulk_create(batch)
    return total + len(batch)


def seed_checkins(place: Place, members: list[User]) -> int:
    if CheckIn.objects.filter(place=place).exists():
        return CheckIn.objects.filter(place=place).count()
    rng = random.Random(7)
    tz = place.tz
    today = timezone.localtime(timezone.now(), tz).date()
    rows = []
    for offset in range(1, 366):
        day = today - dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for person in rng.sample(members, 80):
            arrived = dt.datetime.combine(day, dt.time(9, rng.randrange(60)), tzinfo=tz)
            rows.append(
                CheckIn(
                    place=place,
                    person=person,
                    day=day,
                    checked_in_at=arrived,
                    checked_out_at=arrived + dt.timedelta(hours=rng.randrange(2, 9)),
                    method="desk",
                )  # fmt: skip
            )
    with transaction.atomic():
        CheckIn.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def main() -> None:
    started = time.perf_counter()
    place, members, resources, _admin = seed_place()
    bookings = seed_bookings(place, members, resources)
    checkins = seed_checkins(place, members)
    print(
        f"place {place.slug}: {len(members)} members, {len(resources)} resources, {bookings} bookings, "
        f"{checkins} check-ins ({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
