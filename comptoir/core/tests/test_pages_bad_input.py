"""Every page of a place answers GETs and empty or nonsense POSTs without a server error.

Walks the URL patterns: each page is fetched and posted to as the demo place's staff, as a member and
anonymously, with its
parameters filled with the demo place, ids that exist or not, and made-up words and tokens.
"""

import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from comptoir.demo.loader import load_demo
from comptoir.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)

SKIP = re.compile(r"^(admin/|api/|static/|media/|i18n/|__debug__)")
# A few converters' sample values: real-looking and made-up.
SAMPLES = {
    "int": ["1", "999999"],
    "str": ["x", "inconnu"],
    "slug": ["inconnu"],
    "path": ["x"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
POSTS = [{}, {"name": "", "start": "hier", "end": "12", "amount": "-1", "quantity": "-3", "email": "pas-un-mail",
              "date": "2026-02-30", "resource": "999999", "member": "999999", "reason": "x" * 5000}]  # fmt: skip


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _urls(route: str, slug: str):
    route = route.lstrip("^").rstrip("$")
    parts = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    choices = [[slug] if name == "place_slug" else SAMPLES.get(kind or "str", ["x"]) for kind, name in parts]
    for values in itertools.product(*choices):
        url = route
        for (kind, name), value in zip(parts, values, strict=True):
            url = url.replace(f"<{kind}:{name}>" if kind else f"<{name}>", value, 1)
        if "<" not in url and "(" not in url:
            yield "/" + url


@pytest.mark.parametrize("who", ["accueil", "membre", None], ids=["staff", "member", "anonymous"])
def test_no_page_answers_with_a_server_error(client, who):
    place = load_demo()["place"]
    if who:
        client.force_login(User.objects.get(email=f"{who}@demo.comptoir.example"))
    routes = sorted({r for r in _patterns(get_resolver()) if not SKIP.match(r)})
    failures, calls = [], 0
    for route in routes:
        for url in _urls(route, place.slug):
            if "deconnexion" in url or "logout" in url:
                continue
            for method, data in [("get", None), *[("post", body) for body in POSTS]]:
                try:
                    response = client.get(url) if method == "get" else client.post(url, data)
                except Exception as error:  # noqa: BLE001 - a crash is what this test looks for
                    failures.append(f"{method.upper()} {url} {data!r}: {error!r}"[:300])
                    continue
                calls += 1
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url}: {response.status_code}")
    assert calls > 300, calls
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:25])


def test_another_places_admin_reaches_no_staff_page_of_the_demo_place(client):
    """Tenancy, page by page: every staff page of a place answers 404 to the admin of another place."""
    from comptoir.core.permissions import Role
    from comptoir.people.tests.factories import member_of
    from comptoir.places.tests.factories import PlaceFactory

    place = load_demo()["place"]
    client.force_login(member_of(PlaceFactory(slug="ailleurs"), Role.ADMIN))
    routes = sorted({r for r in _patterns(get_resolver()) if "gestion/" in r and "place_slug" in r})
    answered = {}
    for route in routes:
        for url in _urls(route, place.slug):
            answered[url] = client.get(url).status_code
    assert len(answered) > 50, len(answered)
    leaks = {url: status for url, status in answered.items() if status != 404}
    assert not leaks, leaks
