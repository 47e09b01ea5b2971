import pytest

from comptoir.core.permissions import Role
from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, secret = api_token_create(user=user, name="t")
    return {"Authorization": f"Bearer {secret}"}


def test_openapi_document_lists_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    for path in ["/api/v1/places", "/api/v1/places/{slug}", "/api/v1/me", "/api/v1/places/{slug}/members",
                 "/api/v1/places/{slug}/audit"]:  # fmt: skip
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200


def test_public_place_detail_and_unknown_place(client):
    PlaceFactory(slug="lieu", name="Le Lieu")
    body = client.get("/api/v1/places/lieu").json()
    assert body["name"] == "Le Lieu" and "open_now" in body
    response = client.get("/api/v1/places/nowhere")
    assert response.status_code == 404 and response.json()["detail"]


def test_me_with_session_and_token(client):
    place = PlaceFactory(slug="lieu")
    person = member_of(place, Role.HOST)
    body = client.get("/api/v1/me", headers=bearer(person)).json()
    assert body["email"] == person.email
    assert body["memberships"][0]["place"] == "lieu" and body["memberships"][0]["roles"] == ["host"]
    client.force_login(person)
    assert client.get("/api/v1/me").json()["email"] == person.email


def test_members_pagination_and_filters(client):
    place = PlaceFactory(slug="lieu")
    host = member_of(place, Role.HOST)
    for _ in range(3):
        member_of(place)
    body = client.get("/api/v1/places/lieu/members?page=1", headers=bearer(host)).json()
    assert body["count"] == 4 and len(body["items"]) == 4
    assert client.get("/api/v1/places/lieu/members?status=pending", headers=bearer(host)).json()["count"] == 0


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=-3"])
def test_bad_pagination_is_a_4xx_with_detail(client, query):
    place = PlaceFactory(slug="lieu")
    host = member_of(place, Role.HOST)
    response = client.get(f"/api/v1/places/lieu/members?{query}", headers=bearer(host))
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_coworker_cannot_list_members_or_audit(client):
    place = PlaceFactory(slug="lieu")
    coworker = member_of(place, Role.COWORKER)
    headers = bearer(coworker)
    assert client.get("/api/v1/places/lieu/members", headers=headers).status_code == 403
    assert client.get("/api/v1/places/lieu/audit", headers=headers).status_code == 403


def test_audit_visible_to_place_admin(client):
    place = PlaceFactory(slug="lieu")
    admin = member_of(place, Role.ADMIN)
    client.force_login(admin)
    client.post("/lieu/gestion/lieu/", {"name": "Nouveau nom", "timezone": "Europe/Paris", "opening_hours": ""})
    body = client.get("/api/v1/places/lieu/audit", headers=bearer(admin)).json()
    actions = [item["action"] for item in body["items"]]
    assert "place.updated" in actions
    page = client.get("/lieu/gestion/journal/")
    assert b"place.updated" in page.content


def test_unknown_status_filter_is_a_422_with_detail(client):
    place = PlaceFactory(slug="lieu")
    host = member_of(place, Role.HOST)
    response = client.get("/api/v1/places/lieu/members?status=bogus", headers=bearer(host))
    assert response.status_code == 422
    assert response.json()["detail"]


def test_api_docs_use_local_static_files_not_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr" not in page and "unpkg" not in page


def test_the_api_documentation_page_says_its_language(client, db):
    assert b'<html lang="fr">' in client.get("/api/v1/docs").content
    client.cookies["django_language"] = "en"
    assert b'<html lang="en">' in client.get("/api/v1/docs").content
