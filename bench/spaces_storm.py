"""Booking storm: 32+ concurrent clients against the real server (gunicorn) on PostgreSQL, asking for
overlapping slots; then the same load on /bench/floor (one INSERT) to get a floor; then availability
search and a member's bookings list on the five-year data set.

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench_spaces \
        .venv/bin/python bench/spaces_storm.py --clients 32 --requests 1200

Run bench/spaces_seed.py first. Prints requests/s, p50/p95 latency, the double-booking count (must be 0)
and the ratio booking throughput / floor throughput (target ≥ 0.5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.spaces_settings"
# Confirmation e-mails are sent after commit, in the request; measure the engine, not an SMTP server.
os.environ.setdefault("EMAIL_URL", "dummy:")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import Result, load, server  # noqa: E402
from bench.spaces_seed import SLUG  # noqa: E402
from comptoir.people.models import ApiToken, User  # noqa: E402
from comptoir.people.services import api_token_create  # noqa: E402
from comptoir.places.models import Place  # noqa: E402
from comptoir.spaces.models import Booking, BookingCharge, Resource  # noqa: E402

STORM_DAYS_AHEAD = 400  # beyond the seeded bookings


def post(url: str, body: dict, headers: dict) -> tuple[float, int]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={**headers, "Content-Type": "application/json"}, method="POST"
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return (time.perf_counter() - start) * 1000, status


def post_load(name, url, bodies, headers_list, clients) -> tuple[Result, dict[int, int]]:
    def one(i):
        return post(url, bodies[i], headers_list[i % len(headers_list)])

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        outcomes = list(pool.map(one, range(len(bodies))))
    elapsed = time.perf_counter() - start
    statuses: dict[int, int] = {}
    for _ms, status in outcomes:
        statuses[status] = statuses.get(status, 0) + 1
    errors = sum(n for status, n in statuses.items() if status not in (200, 201, 409))
    return Result(name, [ms for ms, _s in outcomes], errors, elapsed), statuses


def merge(name: str, results: list[Result]) -> Result:
    return Result(
        name,
        [ms for r in results for ms in r.latencies_ms],
        sum(r.errors for r in results),
        sum(r.elapsed_s for r in results),
    )


def tokens(place: Place, count: int) -> list[dict]:
    users = list(User.objects.filter(email__startswith="bench-spaces-m").order_by("pk")[:count])
    ApiToken.objects.filter(user__in=users, name="bench-storm").delete()
    return [{"Authorization": f"Bearer {api_token_create(user=u, name='bench-storm')[1]}"} for u in users]


def window(start: dt.datetime, end: dt.datetime) -> str:
    return urllib.parse.urlencode({"start": start.isoformat(), "end": end.isoformat()})


def double_bookings(place: Place) -> int:
    """Pairs of occupying bookings on one (resource, seat) whose blocked ranges overlap, plus seats out of range."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM spaces_booking a JOIN spaces_booking b
              ON a.resource_id = b.resource_id AND a.seat = b.seat AND a.id < b.id
             AND a.start < b.blocked_until AND b.start < a.blocked_until
             WHERE a.place_id = %s AND a.state IN ('requested', 'confirmed', 'no_show')
               AND b.state IN ('requested', 'confirmed', 'no_show')
            """,
            [place.pk],
        )
        overlaps = cursor.fetchone()[0]
        cursor.execute(
            """SELECT count(*) FROM spaces_booking bk JOIN spaces_resource r ON r.id = bk.resource_id
               WHERE bk.place_id = %s AND bk.seat > r.seats""",
            [place.pk],
        )
        return overlaps + cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="alternating floor/storm rounds")
    args = parser.parse_args()

    place = Place.objects.get(slug=SLUG)
    resources = list(Resource.objects.filter(place=place).order_by("slug"))
    storm_resources = [r for r in resources if r.seats == 1][:8] + [r for r in resources if r.seats > 1][:2]
    headers = tokens(place, args.clients)
    tz = place.tz
    base_day = timezone.localtime(timezone.now(), tz).date() + dt.timedelta(days=STORM_DAYS_AHEAD)
    previous = Booking.objects.filter(place=place, start__gte=dt.datetime.combine(base_day, dt.time.min, tzinfo=tz))
    BookingCharge.objects.filter(booking__in=previous).delete()
    previous.delete()
    rng = random.Random(1)
    bodies = []
    per_round = args.requests // args.rounds
    for i in range(per_round * args.rounds):
        # Each round has its own week, so every round meets the same amount of collisions.
        day = base_day + dt.timedelta(days=7 * (i // per_round) + rng.randrange(5))
        hour = rng.randrange(8, 20)
        minute = rng.choice([0, 30])
        start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
        end = start + dt.timedelta(minutes=rng.choice([60, 90, 120]))
        bodies.append(
            {"resource": rng.choice(storm_resources).slug, "start": start.isoformat(), "end": end.isoformat()}
        )
    floor_bodies = [{}] * per_round

    with server(workers=args.workers, threads=args.threads) as base:
        load("warm-up /healthz", base + "/healthz", requests=50, concurrency=4)
        # Alternate floor and storm rounds, so that the load of the machine drifts over both alike.
        storms, floors = [], []
        statuses: dict[int, int] = {}
        floor_statuses: dict[int, int] = {}
        for r in range(args.rounds):
            floor_round, floor_codes = post_load("floor", f"{base}/bench/floor", floor_bodies, [{}], args.clients)
            storm_round, codes = post_load(
                "storm", f"{base}/api/v1/places/{SLUG}/bookings", bodies[r * per_round : (r + 1) * per_round],
                headers, args.clients,
            )  # fmt: skip
            floors.append(floor_round)
            storms.append(storm_round)
            for target, source in ((statuses, codes), (floor_statuses, floor_codes)):
                for code, n in source.items():
                    target[code] = target.get(code, 0) + n
        storm = merge("POST bookings (storm)", storms)
        floor = merge("POST /bench/floor (1 insert)", floors)
        search_day = base_day - dt.timedelta(days=STORM_DAYS_AHEAD - 7)
        start = dt.datetime.combine(search_day, dt.time(14), tzinfo=tz)
        query = window(start, start + dt.timedelta(hours=2))
        midnight = dt.datetime.combine(search_day, dt.time.min, tzinfo=tz)
        day_query = window(midnight, midnight + dt.timedelta(days=1))
        api = f"{base}/api/v1/places/{SLUG}"
        search = load("GET availability (60 resources, 2 h)", f"{api}/availability?{query}&attendees=4",
                      requests=300, concurrency=2, headers=headers[0])  # fmt: skip
        free = load("GET free time (60 resources, 1 day)", f"{api}/free?{day_query}",
                    requests=300, concurrency=2, headers=headers[0])  # fmt: skip
        mine = load("GET my bookings (5-year history)", f"{base}/api/v1/places/{SLUG}/bookings",
                    requests=300, concurrency=2, headers=headers[1])  # fmt: skip

    print(f"bookings in the place: {Booking.objects.filter(place=place).count()}")
    for result in (storm, floor, search, free, mine):
        print(result.line())
    print(f"storm statuses: {dict(sorted(statuses.items()))}; floor statuses: {dict(sorted(floor_statuses.items()))}")
    print(f"double bookings: {double_bookings(place)}")
    print(f"ratio booking throughput / floor: {storm.rps / floor.rps:.2f} (target >= 0.5)")

    # In process (no HTTP, no other clients): the search itself.
    from comptoir.spaces.availability import availability_search

    timings = []
    for _ in range(50):
        started = time.perf_counter()
        availability_search(place=place, start=start, end=start + dt.timedelta(hours=2), attendees=4)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"in process: availability search p50={timings[25]:.1f} ms p95={timings[47]:.1f} ms")

    # Query counts of the read paths, in process (they must not depend on the history's size).
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/api/v1/places/{SLUG}/availability?{query}", headers=headers[0])
    print(f"queries: availability search = {len(ctx.captured_queries)}", end="")
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/api/v1/places/{SLUG}/bookings", headers=headers[1])
    print(f", my bookings = {len(ctx.captured_queries)}")


if __name__ == "__main__":
    main()
