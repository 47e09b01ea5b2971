"""Every operation of the API answers bad input with a 4xx, never a 500.

Walks the OpenAPI document: each path is called, as the demo place's staff (token), with its path
parameters filled with the demo place and with ids that exist or not, and with bodies that are empty,
of the wrong type or full of nonsense. Whatever the answer, it must not be a server error, and an error
must carry a JSON ``detail``.
"""

import itertools
import json
import re

import pytest

from comptoir.demo.loader import load_demo
from comptoir.people.models import User
from comptoir.people.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=True)

BODIES = [
    None,
    {},
    [],
    "texte",
    {"start": "hier", "end": 12, "amount": "-1", "quantity": -3, "vat_rate": "99", "email": "pas-un-mail"},
    {"resource": "nulle-part", "start": "2026-13-45T25:61:00", "end": "0000-00-00", "attendees": 0},
    {"first_name": "", "phone": "+" * 40, "code": "'; DROP TABLE x; --", "month": "2026-02-30"},
]
IDS = ["1", "999999"]


@pytest.fixture
def staff_headers():
    result = load_demo()
    staff = User.objects.get(email="accueil@demo.comptoir.example")
    _token, secret = api_token_create(user=staff, name="fuzz")
    return result["place"].slug, {"Authorization": f"Bearer {secret}"}


def _paths(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method


def _fill(path: str, slug: str):
    names = re.findall(r"{(\w+)}", path)
    for values in itertools.product(*[[slug] if name == "slug" else IDS for name in names]):
        filled = path
        for name, value in zip(names, values, strict=True):
            filled = filled.replace("{" + name + "}", value)
        yield filled


def test_no_operation_answers_bad_input_with_a_server_error(client, staff_headers):
    slug, headers = staff_headers
    failures = []
    calls = 0
    statuses: dict[int, int] = {}
    for path, method in _paths(client):
        for url in _fill(path, slug):
            for body in BODIES if method != "get" else [None]:
                kwargs = {"headers": headers}
                if body is not None:
                    kwargs.update(data=json.dumps(body), content_type="application/json")
                try:
                    response = getattr(client, method)(url, **kwargs)
                except Exception as error:  # noqa: BLE001 - a crash is what this test looks for
                    failures.append(f"{method.upper()} {url} {body!r}: {error!r}")
                    continue
                calls += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {body!r}: {response.status_code}")
                elif response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
                    if "detail" not in response.json():
                        failures.append(f"{method.upper()} {url} {body!r}: {response.status_code} without detail")
    assert calls > 200, calls
    assert {400, 404, 422} <= set(statuses), statuses  # rules, unknown ids and malformed bodies were all met
    assert not failures, "\n".join(failures[:30])
