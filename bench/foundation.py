"""Foundation benchmark: member lists of a large place through the API and the staff page.

    DATABASE_URL=postgres://comptoir:comptoir@127.0.0.1:5432/comptoir_bench \
        .venv/bin/python bench/foundation.py --members 2000

Seeds (once, idempotently) a place with N members with skills, then serves it with gunicorn and
prints p50/p95 and throughput for: /healthz (baseline: one trivial query), the members API
(page 1 and a deep page), the directory search API-equivalent page and the members page.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import load, server  # noqa: E402
from comptoir.core.permissions import Role  # noqa: E402
from comptoir.people.models import Membership, MembershipRole, Tag, User  # noqa: E402
from comptoir.people.services import api_token_create  # noqa: E402
from comptoir.places.models import Place  # noqa: E402

SLUG = "bench-lieu"
SKILLS = ["découpe laser", "couture", "soudure", "Python", "impression 3D", "vélo", "compta", "photo"]


@transaction.atomic
def seed(members: int) -> tuple[Place, User]:
    place, _ = Place.objects.get_or_create(slug=SLUG, defaults={"name": "Lieu de mesure", "services": ["coworking"]})
    admin, created = User.objects.get_or_create(email="bench-admin@example.org", defaults={"display_name": "Admin"})
    if created:
        membership = Membership.objects.create(place=place, user=admin, status="active", approved_at=timezone.now())
        MembershipRole.objects.create(place=place, membership=membership, role=Role.ADMIN)
    existing = Membership.objects.filter(place=place).count() - 1
    if existing < members:
        password = make_password("bench-password")
        tags = [Tag.objects.get_or_create(name=name)[0] for name in SKILLS]
        users = User.objects.bulk_create(
            User(email=f"bench{n}@example.org", display_name=f"Membre {n:05d}", password=password, bio="Coworker")
            for n in range(existing, members)
        )
        Membership.objects.bulk_create(
            Membership(place=place, user=u, status="active", approved_at=timezone.now(), directory_visible=True)
            for u in users
        )
        through = User.skills.through
        through.objects.bulk_create(through(user_id=u.pk, tag_id=tags[i % len(tags)].pk) for i, u in enumerate(users))
    return place, admin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    place, admin = seed(args.members)
    _token, secret = api_token_create(user=admin, name="bench")
    auth = {"Authorization": f"Bearer {secret}"}
    pages = args.members // 50
    print(f"place {place.slug}: {Membership.objects.filter(place=place).count()} memberships")
    with server() as base:
        load("warm-up", base + "/healthz", requests=50, concurrency=2)
        baseline = load("/healthz (baseline)", base + "/healthz", requests=args.requests, concurrency=args.concurrency)
        results = [
            baseline,
            load(
                "API members page 1",
                f"{base}/api/v1/places/{SLUG}/members",
                requests=args.requests,
                concurrency=args.concurrency,
                headers=auth,
            ),  # fmt: skip
            load(
                f"API members page {pages}",
                f"{base}/api/v1/places/{SLUG}/members?page={pages}",
                requests=args.requests,
                concurrency=args.concurrency,
                headers=auth,
            ),  # fmt: skip
            load(
                "API members search 'Membre 01'",
                f"{base}/api/v1/places/{SLUG}/members?q=Membre%2001",
                requests=args.requests,
                concurrency=args.concurrency,
                headers=auth,
            ),  # fmt: skip
        ]
    for result in results:
        print(result.line() + f"  ratio p50 vs baseline={result.p50 / baseline.p50:5.2f}")


if __name__ == "__main__":
    main()
