"""Staff of place A can neither read nor change anything of place B, through pages or the API."""

import pytest

from comptoir.audit.models import AuditEntry
from comptoir.core.permissions import Role
from comptoir.people.models import Membership
from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import PASSWORD, MembershipFactory, UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_places():
    place_a = PlaceFactory(slug="lieu-a", name="Lieu A")
    place_b = PlaceFactory(slug="lieu-b", name="Lieu B")
    admin_a = member_of(place_a, Role.ADMIN, Role.HOST)
    member_b = member_of(place_b, Role.COWORKER)
    pending_b = MembershipFactory(place=place_b, status=Membership.Status.PENDING, approved_at=None)
    return place_a, place_b, admin_a, member_b, pending_b


STAFF_PAGES_B = [
    "/lieu-b/gestion/",
    "/lieu-b/gestion/membres/",
    "/lieu-b/gestion/journal/",
    "/lieu-b/gestion/lieu/",
    "/lieu-b/annuaire/",
]


@pytest.mark.parametrize("url", STAFF_PAGES_B)
def test_admin_of_a_cannot_open_pages_of_b(client, two_places, url):
    _a, _b, admin_a, _m, _p = two_places
    client.force_login(admin_a)
    assert client.get(url.replace("lieu-b", "lieu-a")).status_code == 200
    assert client.get(url).status_code in (403, 404)


def test_admin_of_a_cannot_approve_or_read_members_of_b(client, two_places):
    _a, _b, admin_a, member_b, pending_b = two_places
    client.force_login(admin_a)
    membership_b = member_b.memberships.get()
    assert client.get(f"/lieu-b/gestion/membres/{membership_b.pk}/").status_code == 404
    # Not even through place A's URL with B's membership id.
    assert client.get(f"/lieu-a/gestion/membres/{membership_b.pk}/").status_code == 404
    response = client.post(f"/lieu-a/gestion/membres/{pending_b.pk}/approuver/")
    assert response.status_code == 404
    response = client.post(f"/lieu-b/gestion/membres/{pending_b.pk}/approuver/")
    assert response.status_code == 404
    pending_b.refresh_from_db()
    assert pending_b.status == Membership.Status.PENDING
    assert not AuditEntry.objects.filter(action="membership.approved").exists()


def test_admin_of_a_cannot_change_settings_of_b(client, two_places):
    _a, place_b, admin_a, _m, _p = two_places
    client.force_login(admin_a)
    response = client.post("/lieu-b/gestion/lieu/", {"name": "Volé", "timezone": "Europe/Paris"})
    assert response.status_code == 404
    place_b.refresh_from_db()
    assert place_b.name == "Lieu B"


def test_api_admin_of_a_cannot_list_members_or_audit_of_b(client, two_places):
    _a, _b, admin_a, _m, _p = two_places
    _token, secret = api_token_create(user=admin_a, name="test")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/places/lieu-a/members", headers=headers).status_code == 200
    response = client.get("/api/v1/places/lieu-b/members", headers=headers)
    assert response.status_code == 404
    assert "detail" in response.json()
    assert client.get("/api/v1/places/lieu-b/audit", headers=headers).status_code == 404


def test_member_without_permission_gets_403(client, two_places):
    _a, _b, _admin, member_b, _p = two_places
    client.force_login(member_b)
    assert client.get("/lieu-b/gestion/membres/").status_code == 403
    assert client.get("/lieu-b/gestion/journal/").status_code == 403
    assert client.get("/lieu-b/annuaire/").status_code == 200


def test_anonymous_is_sent_to_login_for_private_pages(client, two_places):
    response = client.get("/lieu-b/gestion/membres/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]
    assert client.get("/api/v1/places/lieu-b/members").status_code == 401


def test_a_person_with_roles_in_two_places_gets_each_places_rights(client):
    place_a = PlaceFactory(slug="lieu-a")
    place_b = PlaceFactory(slug="lieu-b")
    person = UserFactory()
    MembershipFactory(place=place_a, user=person, roles=[Role.HOST])
    MembershipFactory(place=place_b, user=person, roles=[Role.COWORKER])
    client.login(username=person.email, password=PASSWORD)
    assert client.get("/lieu-a/gestion/membres/").status_code == 200
    assert client.get("/lieu-b/gestion/membres/").status_code == 403
