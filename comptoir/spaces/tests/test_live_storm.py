"""The storm against a real server: many simultaneous HTTP clients ask the API for overlapping slots.

pytest-django's ``live_server`` runs the WSGI app in a threaded server on the test database (SQLite file
or PostgreSQL); every request has its own thread and connection.
"""

import datetime as dt
import json
import threading
import urllib.error
import urllib.request

import pytest

from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking
from comptoir.spaces.tests.factories import PoolFactory, ResourceFactory, next_weekday

H = dt.timedelta(hours=1)


def post(url, body, secret):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_storm_against_the_live_server(live_server):
    place = PlaceFactory(slug="storm")
    ResourceFactory(place=place, slug="salle")
    PoolFactory(place=place, slug="plateau", seats=3, capacity=3)
    secrets = []
    for _ in range(8):
        _token, secret = api_token_create(user=member_of(place), name="storm")
        secrets.append(secret)
    start = next_weekday(2, hour=10)
    jobs = []
    for i, secret in enumerate(secrets):
        # Room: two overlapping variants of 10:00-11:00; pool: everyone wants 10:00-12:00.
        offset = dt.timedelta(minutes=30 * (i % 2))
        jobs.append(("salle", start + offset, start + offset + H, secret))
        jobs.append(("plateau", start, start + 2 * H, secret))
    url = f"{live_server.url}/api/v1/places/storm/bookings"
    barrier = threading.Barrier(len(jobs))
    statuses = [None] * len(jobs)

    def run(index, resource, a, b, secret):
        barrier.wait(timeout=30)
        statuses[index] = (resource, post(url, {"resource": resource, "start": a.isoformat(), "end": b.isoformat()},
                                          secret))  # fmt: skip

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    room_codes = sorted(code for resource, code in statuses if resource == "salle")
    pool_codes = sorted(code for resource, code in statuses if resource == "plateau")
    assert room_codes == [201] + [409] * 7
    assert pool_codes == [201] * 3 + [409] * 5
    assert Booking.objects.filter(resource__slug="salle").count() == 1
    assert sorted(Booking.objects.filter(resource__slug="plateau").values_list("seat", flat=True)) == [1, 2, 3]
