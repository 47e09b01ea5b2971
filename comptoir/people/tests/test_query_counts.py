"""Lists cost a constant number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.core.permissions import Role
from comptoir.people import services
from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import MembershipFactory, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def add_members(place, count):
    for _ in range(count):
        membership = MembershipFactory(place=place, roles=[Role.COWORKER], directory_visible=True)
        services.profile_update(
            user=membership.user, actor=membership.user, display_name=membership.user.display_name,
            skills=["soudure", "couture"], interests=["vélo"],
        )  # fmt: skip


def count_queries(client, url, **kwargs) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.content[:500]
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/lieu/gestion/membres/",
        "/lieu/gestion/membres/?q=e",
        "/lieu/annuaire/",
        "/lieu/annuaire/?q=soudure",
        "/lieu/gestion/journal/",
        "/lieu/gestion/",
    ],
)
def test_pages_are_constant_in_rows(client, url):
    place = PlaceFactory(slug="lieu")
    admin = member_of(place, Role.ADMIN)
    client.force_login(admin)
    add_members(place, 5)
    few = count_queries(client, url)
    add_members(place, 45)  # 50 rows: one full page of members
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries with 5 members, {many} with 50"


@pytest.mark.parametrize("url", ["/api/v1/places/lieu/members", "/api/v1/places/lieu/audit", "/api/v1/places"])
def test_api_lists_are_constant_in_rows(client, url):
    place = PlaceFactory(slug="lieu")
    admin = member_of(place, Role.ADMIN)
    _token, secret = api_token_create(user=admin, name="t")
    headers = {"Authorization": f"Bearer {secret}"}
    add_members(place, 5)
    client.get(url, headers=headers)  # the token's "last used" is written once a minute: warm it
    few = count_queries(client, url, headers=headers)
    add_members(place, 195)
    for n in range(10):
        PlaceFactory(slug=f"autre-{n}")
    many = count_queries(client, url, headers=headers)
    assert few == many, f"{url}: {few} queries with 5 rows, {many} with 200"


def test_members_list_200_rows_second_page(client):
    place = PlaceFactory(slug="lieu")
    admin = member_of(place, Role.ADMIN)
    client.force_login(admin)
    add_members(place, 5)
    few = count_queries(client, "/lieu/gestion/membres/")
    add_members(place, 195)
    assert count_queries(client, "/lieu/gestion/membres/?page=4") == few
