"""The busiest staff pages against the same reads serialised as JSON, in process, back to back in one run:
the day's check-in page (coworking desk, 60 people), the availability search page (spaces, 60 resources,
as staff) and the member search (people, staff members list). Prints p50/p95 wall time, CPU per request,
the query count, and the ratio page / JSON floor (target <= 2).

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench_spaces \
        .venv/bin/python bench/pages.py --requests 200

Run bench/spaces_seed.py first; this script adds 60 check-ins on one day far in the future (idempotent).
The connection is kept, as in production (pool or CONN_MAX_AGE), so that the figures measure the page.
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
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.spaces_settings"
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 20)
os.environ.update({"DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"})

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.spaces_seed import SLUG  # noqa: E402
from comptoir.coworking.models import CheckIn, Subscription  # noqa: E402
from comptoir.people.models import User  # noqa: E402
from comptoir.places.models import Place  # noqa: E402

DAYS_AHEAD = 900  # a day of its own, beyond every other benchmark's bookings
PRESENT = 60


def seed_checkins(place: Place, day: dt.date) -> None:
    if CheckIn.objects.filter(place=place, day=day).count() >= PRESENT:
        return
    CheckIn.objects.filter(place=place, day=day).delete()
    people = list(User.objects.filter(email__startswith="bench-spaces-m").order_by("pk")[:PRESENT])
    subscriptions = list(Subscription.objects.filter(place=place).select_related("plan")[:20])
    tz = place.tz
    rows = []
    for i, person in enumerate(people):
        arrived = dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz) + dt.timedelta(minutes=7 * i)
        subscription = subscriptions[i % len(subscriptions)] if subscriptions and i % 3 == 0 else None
        rows.append(
            CheckIn(
                place=place, person=person, day=day, checked_in_at=arrived, method=CheckIn.Method.DESK,
                checked_out_at=arrived + dt.timedelta(hours=3) if i % 4 == 0 else None,
                subscription=subscription, day_pass=subscription is None and i % 3 == 1,
                over_use=subscription is None and i % 3 == 2,
            )
        )  # fmt: skip
    CheckIn.objects.bulk_create(rows)


def measure(client: Client, url: str, requests: int) -> tuple[float, float, float, int]:
    """(p50 ms, p95 ms, CPU ms per request, queries) of GET ``url``."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(url)
    walls = []
    cpu_start = time.process_time()
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu_start) / requests * 1000
    return statistics.median(walls), statistics.quantiles(walls, n=20)[18], cpu, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="alternating page/floor rounds")
    args = parser.parse_args()
    place = Place.objects.get(slug=SLUG)
    day = timezone.localtime(timezone.now(), place.tz).date() + dt.timedelta(days=DAYS_AHEAD)
    seed_checkins(place, day)
    search_day = timezone.localtime(timezone.now(), place.tz).date() + dt.timedelta(days=7)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="bench-spaces-admin@example.org"))
    search = f"date={search_day.isoformat()}&start=14:00&end=16:00&attendees=1"
    pairs = {
        f"check-in desk ({PRESENT} present)": (f"/{SLUG}/gestion/coworking/?jour={day.isoformat()}",
                                                f"/bench/{SLUG}/checkins.json?jour={day.isoformat()}"),
        "availability page (60 resources)": (f"/{SLUG}/espaces/?{search}", f"/bench/{SLUG}/availability.json?{search}"),
        "member search 'membre 01' (page 1)": (f"/{SLUG}/gestion/membres/?q=membre+01",
                                               f"/bench/{SLUG}/members.json?q=membre+01"),
        "members list (page 1, no search)": (f"/{SLUG}/gestion/membres/", f"/bench/{SLUG}/members.json"),
    }  # fmt: skip
    print(f"{'page':<38} {'p50':>7} {'p95':>7} {'CPU':>7} {'q':>3} | {'JSON p50':>8} {'p95':>7} {'CPU':>7} {'q':>3}"
          " | page/JSON CPU, p50")  # fmt: skip
    for name, (page_url, floor_url) in pairs.items():
        pages, floors = [], []
        for _ in range(args.rounds):  # alternate, so that the machine's load drifts over both alike
            pages.append(measure(client, page_url, args.requests // args.rounds))
            floors.append(measure(client, floor_url, args.requests // args.rounds))
        page = [statistics.median(m[i] for m in pages) for i in range(3)] + [pages[0][3]]
        floor = [statistics.median(m[i] for m in floors) for i in range(3)] + [floors[0][3]]
        print(
            f"{name:<38} {page[0]:6.1f}  {page[1]:6.1f}  {page[2]:6.2f}  {page[3]:>3} |"
            f" {floor[0]:7.1f}  {floor[1]:6.1f}  {floor[2]:6.2f}  {floor[3]:>3} |"
            f" {page[2] / floor[2]:4.2f}x, {page[0] / floor[0]:4.2f}x"
        )


if __name__ == "__main__":
    main()
