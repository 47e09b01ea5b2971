"""Each hot read, hand-written SQL (core/sql.py) against the same read in the ORM, in process, on a kept
connection: CPU and wall time per call, median of rounds, both measured back to back in the same run.

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench_spaces \
        .venv/bin/python bench/sql_vs_orm.py --calls 300

Run bench/spaces_seed.py first. A read keeps its SQL only where it still pays (bench/README.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Exists, OuterRef, Prefetch, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.spaces_seed import SLUG  # noqa: E402
from comptoir.core import sql  # noqa: E402
from comptoir.people import selectors as people  # noqa: E402
from comptoir.people.models import ApiToken, Membership, MembershipRole, User  # noqa: E402
from comptoir.people.services import api_token_create  # noqa: E402
from comptoir.places.models import Place  # noqa: E402
from comptoir.spaces import selectors as spaces  # noqa: E402
from comptoir.spaces.models import Booking, Closure, Resource  # noqa: E402


def measure(function, calls: int, rounds: int = 5) -> tuple[float, float]:
    """(CPU ms, wall ms) per call: medians over ``rounds`` of ``calls`` calls."""
    cpu, wall = [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        for _i in range(calls):
            function()
        cpu.append((time.process_time() - c0) / calls * 1000)
        wall.append((time.perf_counter() - w0) / calls * 1000)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    place = Place.objects.get(slug=SLUG)
    user = User.objects.filter(email__startswith="bench-spaces-m").order_by("pk").first()
    token = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("pk").first()
    if token is None:
        token = api_token_create(user=user, name="bench-sql-vs-orm")[0]
    resource = Resource.objects.filter(place=place, seats=1).order_by("slug").first()
    tz = place.tz
    day = timezone.localtime(timezone.now(), tz).date() + dt.timedelta(days=7)
    start = dt.datetime.combine(day, dt.time(14), tzinfo=tz)
    end = start + dt.timedelta(hours=2)
    since = start - dt.timedelta(days=30)

    def orm_membership():
        membership = (
            Membership.objects.select_related("place")
            .prefetch_related(Prefetch("role_rows", queryset=MembershipRole.objects.order_by("role")))
            .filter(place__slug=SLUG, user=user)
            .first()
        )
        membership.role_list = ",".join(r.role for r in membership.role_rows.all())
        return membership

    closed = Exists(
        Closure.objects.filter(place=OuterRef("place"), start__lt=end, end__gt=start).filter(
            Q(resource__isnull=True) | Q(resource=OuterRef("pk"))
        )
    )
    pairs = {
        "API token (+ user)": (
            lambda: people.api_token_by_prefix(prefix=token.prefix),
            lambda: (
                ApiToken.objects.select_related("user")
                .filter(prefix=token.prefix, revoked_at__isnull=True)
                .order_by("pk")
                .first()
            ),
        ),
        "membership + place + roles": (
            lambda: people.membership_for_place_slug(slug=SLUG, user=user),
            orm_membership,
        ),
        "resource + closure check": (
            lambda: spaces.resource_get(place=place, slug=resource.slug, active_only=True, closed_between=(start, end)),
            lambda: (
                Resource.objects.filter(place=place, slug=resource.slug, is_active=True)
                .annotate(has_closure=closed)
                .order_by("pk")
                .first()
            ),
        ),
        "bookings around a slot (1 resource)": (
            lambda: spaces.occupying_meeting(by="resource", key=resource.pk, low=start, high=end),
            lambda: list(
                Booking.objects.filter(
                    resource=resource.pk, state__in=Booking.OCCUPYING_STATES, start__lt=end, blocked_until__gt=start
                )
            ),
        ),
        "bookings around a slot (place)": (
            lambda: spaces.occupying_meeting(by="place", key=place.pk, low=start, high=end),
            lambda: list(
                Booking.objects.filter(
                    place=place.pk, state__in=Booking.OCCUPYING_STATES, start__lt=end, blocked_until__gt=start
                )
            ),
        ),
        "closures meeting a range": (
            lambda: spaces.closures_between(place=place, start=start, end=end),
            lambda: list(Closure.objects.filter(place=place, start__lt=end, end__gt=start).select_related("resource")),
        ),
        "searchable resources (60)": (  # returned to the ORM: the SQL it had, for the comparison
            lambda: sql.fetch(
                f"SELECT {sql.columns(Resource, 'r')} FROM spaces_resource r"
                " WHERE r.place_id = %s AND r.is_active = %s ORDER BY r.name, r.id",
                [place.pk, True],
                [Resource],
            ),
            lambda: list(Resource.objects.filter(place=place, is_active=True).order_by("name", "pk")),
        ),
        "upcoming bookings of a member": (
            lambda: spaces.bookings_upcoming(place=place, person=user, since=since),
            lambda: list(
                Booking.objects.filter(place=place, person=user, end__gt=since)
                .exclude(state=Booking.State.CANCELLED)
                .select_related("resource")
                .order_by("start", "pk")[:500]
            ),
        ),
    }
    print(f"{'read':<38} {'SQL cpu':>8} {'ORM cpu':>8} {'SQL wall':>9} {'ORM wall':>9}  ORM/SQL cpu")
    for name, (hand, orm) in pairs.items():
        hand(), orm()  # warm up: imports, caches, the connection
        sql_cpu, sql_wall = measure(hand, args.calls)
        orm_cpu, orm_wall = measure(orm, args.calls)
        print(
            f"{name:<38} {sql_cpu:7.3f}  {orm_cpu:7.3f}  {sql_wall:8.3f}  {orm_wall:8.3f}   {orm_cpu / sql_cpu:5.2f}x"
        )


if __name__ == "__main__":
    main()
