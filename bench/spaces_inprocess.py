"""Where a booking's CPU goes, in process (no HTTP server, no other clients): the booking API request and
its phases, the floor (one INSERT) and the read endpoints, CPU per request.

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench_spaces \
        .venv/bin/python bench/spaces_inprocess.py --bookings 300

Run bench/spaces_seed.py first. The database connection is kept (as with ``CONN_MAX_AGE=60``); the
bookings it makes (far in the future) are deleted at the end.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import json
import logging
import os
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.spaces_settings"
os.environ.setdefault("EMAIL_URL", "dummy:")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 20)
os.environ.update({"DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"})

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)  # Django logs every 409 as a warning

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.spaces_seed import SLUG  # noqa: E402
from comptoir.people.models import ApiToken, User  # noqa: E402
from comptoir.people.services import api_token_create  # noqa: E402
from comptoir.places.models import Place  # noqa: E402
from comptoir.spaces.models import Booking, BookingCharge, Resource  # noqa: E402

DAYS_AHEAD = 600  # beyond the seeded bookings and the storm's


def cpu_per_call(function, count: int) -> float:
    started = time.process_time()
    for i in range(count):
        function(i)
    return (time.process_time() - started) / count * 1000


ORDER = [
    "token",
    "membership and place",
    "resource (with closure check)",
    "booking service (all)",
    "  day claim",
    "  bookings around + rules",
    "  INSERT booking + audit entry",
    "  charge line",
    "  confirmation e-mail (after commit)",
]


def instrument(spent: dict) -> None:
    """Wrap the booking path's steps to add up their CPU time in ``spent``."""
    import comptoir.core.notifications
    import comptoir.people.services
    import comptoir.spaces.api
    import comptoir.spaces.services.bookings as bookings

    def timed(module, name, label):
        original = getattr(module, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - started

        setattr(module, name, wrapper)

    timed(comptoir.people.services, "api_token_authenticate", "token")  # called by people's hook
    timed(comptoir.spaces.api, "_member", "membership and place")
    timed(comptoir.spaces.api.selectors, "resource_get", "resource (with closure check)")
    timed(comptoir.spaces.api.services, "booking_create", "booking service (all)")
    timed(bookings, "claim", "  day claim")
    timed(bookings, "_check_and_seat", "  bookings around + rules")
    timed(bookings.sql, "insert", "  INSERT booking + audit entry")
    timed(bookings, "booking_charge_sync", "  charge line")
    timed(comptoir.core.notifications, "notify", "  confirmation e-mail (after commit)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=300)
    args = parser.parse_args()
    place = Place.objects.get(slug=SLUG)
    tz = place.tz
    rooms = [r for r in Resource.objects.filter(place=place).order_by("slug") if r.seats == 1][:8]
    user = User.objects.filter(email__startswith="bench-spaces-m").order_by("pk").first()
    ApiToken.objects.filter(user=user, name="bench-inprocess").delete()
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='bench-inprocess')[1]}"}
    first_day = timezone.localtime(timezone.now(), tz).date() + dt.timedelta(days=DAYS_AHEAD)
    ours = Booking.objects.filter(place=place, start__gte=dt.datetime.combine(first_day, dt.time.min, tzinfo=tz))
    client = Client(HTTP_HOST="127.0.0.1")

    # The reads first, before this script's bookings lengthen the member's list.
    day = timezone.localtime(timezone.now(), tz).date() + dt.timedelta(days=7)
    start = dt.datetime.combine(day, dt.time(14), tzinfo=tz)
    midnight = dt.datetime.combine(day, dt.time.min, tzinfo=tz)

    def window(a, b):
        return urllib.parse.urlencode({"start": a.isoformat(), "end": b.isoformat()})

    api = f"/api/v1/places/{SLUG}"
    reads = {
        "availability (60 resources, 2 h)": f"{api}/availability?{window(start, start + dt.timedelta(hours=2))}",
        "free time (60 resources, 1 day)": f"{api}/free?{window(midnight, midnight + dt.timedelta(days=1))}",
        "my bookings": f"{api}/bookings",
    }
    for name, url in reads.items():
        client.get(url, headers=headers)
        print(f"GET {name:<34} {cpu_per_call(lambda _i, u=url: client.get(u, headers=headers), 50):.2f} ms of CPU")

    def body(i: int) -> str:
        start = dt.datetime.combine(first_day + dt.timedelta(days=i // 10), dt.time(8 + i % 10), tzinfo=tz)
        end = start + dt.timedelta(hours=1)
        return json.dumps({"resource": rooms[i % len(rooms)].slug, "start": start.isoformat(), "end": end.isoformat()})

    def book(i: int) -> None:
        response = client.post(f"/api/v1/places/{SLUG}/bookings", body(i), "application/json", headers=headers)
        assert response.status_code == 201, response.content[:300]

    try:
        for i in range(10):  # warm up: imports, template and statement caches
            book(args.bookings + i)
        spent: dict[str, float] = collections.defaultdict(float)
        instrument(spent)
        total = cpu_per_call(book, args.bookings)
        print(f"booking API request: {total:.2f} ms of CPU (mean of {args.bookings})")
        for label, seconds in sorted(spent.items(), key=lambda item: ORDER.index(item[0])):
            print(f"  {label:<40} {seconds / args.bookings * 1000:6.3f} ms")
        floor = cpu_per_call(lambda _i: client.post("/bench/floor", "{}", "application/json"), args.bookings)
        print(f"floor (one INSERT): {floor:.2f} ms of CPU; booking / floor = {total / floor:.1f}")
    finally:
        BookingCharge.objects.filter(booking__in=ours).delete()
        ours.delete()


if __name__ == "__main__":
    main()
