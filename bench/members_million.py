"""The member search at a million members on PostgreSQL: seeds (once) a place with 1,000,000 members by
INSERT ... SELECT, then shows the plan and the time of the staff members search (people.selectors.
membership_list, as the page and the API call it), with and without the trigram indexes (people 0002).

    createdb -O comptoir comptoir_bench_million
    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench_million \
        .venv/bin/python bench/members_million.py

About 3 minutes on 2 cores the first time (the seeding), seconds afterwards.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from comptoir.core.pagination import paginate  # noqa: E402
from comptoir.people.models import Membership, User  # noqa: E402
from comptoir.people.selectors import membership_list  # noqa: E402
from comptoir.places.models import Place  # noqa: E402

SLUG = "bench-million"
MEMBERS = 1_000_000
FIRST = ["Camille", "Dominique", "Claude", "Alex", "Sacha", "Morgane", "Yanis", "Inès", "Louis", "Zoé"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]


def seed() -> Place:
    place, _ = Place.objects.get_or_create(slug=SLUG, defaults={"name": "Un million de membres"})
    if Membership.objects.filter(place=place).count() >= MEMBERS:
        return place
    template = User(email="template@example.org", display_name="x", password="!")
    fields = [f for f in User._meta.concrete_fields if not f.primary_key]
    values = {f.column: f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields}
    first = "ARRAY[" + ", ".join(f"'{n}'" for n in FIRST) + "]"
    last = "ARRAY[" + ", ".join(f"'{n}'" for n in LAST) + "]"
    computed = {
        "email": "'member' || n || '@million.example.org'",
        "display_name": f"({first})[1 + n %% 10] || ' ' || ({last})[1 + (n / 10) %% 10] || ' ' || n",
    }
    columns = ", ".join(f'"{f.column}"' for f in fields)
    select = ", ".join(computed.get(f.column, "%s") for f in fields)
    params = [values[f.column] for f in fields if f.column not in computed]
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO people_user ({columns}) SELECT {select} FROM generate_series(1, %s) n", [*params, MEMBERS]
        )
        membership = Membership(place=place, user_id=0, status=Membership.Status.ACTIVE, approved_at=timezone.now())
        mfields = [f for f in Membership._meta.concrete_fields if not f.primary_key and f.column != "user_id"]
        mvalues = [f.get_db_prep_save(f.pre_save(membership, True), connection) for f in mfields]
        mcolumns = ", ".join(f'"{f.column}"' for f in mfields)
        cursor.execute(
            f"INSERT INTO people_membership ({mcolumns}, user_id)"
            f" SELECT {', '.join(['%s'] * len(mfields))}, id FROM people_user WHERE email LIKE %s",
            [*mvalues, "%@million.example.org"],
        )
        print(f"seeded {MEMBERS} members in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_user; ANALYZE people_membership")
    return place


def timed(place, query: str, runs: int = 5) -> tuple[float, int]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()

        class Request:
            GET = {}

        page = paginate(Request, membership_list(place=place, search=query))
        count = page.paginator.count
        list(page.object_list)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count


def main() -> None:
    call_command("migrate", verbosity=0)
    place = seed()
    queries = ["moreau 4242", "member12345@", "inès leroy 99"]
    sql, params = membership_list(place=place, search=queries[0]).query.sql_with_params()
    for label, indexes in (
        ("with the trigram indexes", True),
        ("without them (dropped in a rolled-back transaction)", False),
    ):
        with transaction.atomic():
            with connection.cursor() as cursor:
                if not indexes:
                    cursor.execute("DROP INDEX user_name_trgm; DROP INDEX user_email_trgm")
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"--- {label}: plan of membership_list(search={queries[0]!r})\n{plan}")
            for query in queries:
                ms, count = timed(place, query)
                print(f"search {query!r}: {count} found, page 1 + count in {ms:.1f} ms (median of 5)")
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
