"""403, 404 and 500 pages: in French (or English), in the place's layout, saying what to do next."""

import logging

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture
def client_raising_nothing():
    return Client(raise_request_exception=False)


def test_a_member_opening_a_staff_page_gets_the_403_page_in_the_places_layout(client, place, member):
    client.force_login(member)
    response = client.get(f"/{place.slug}/gestion/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html and "demandez aux hôtes du lieu" in html
    assert 'class="main-nav"' in html and place.name in html


def test_a_missing_page_of_a_place_is_the_404_page_in_its_layout(client, place):
    response = client.get(f"/{place.slug}/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html and place.name in html and "Retour à l’accueil du lieu" in html
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/nulle-part/").content.decode()


def test_the_500_page_stands_alone_in_french(client_raising_nothing, db):
    from django.test import RequestFactory

    from comptoir.core.views import server_error

    with translation.override("fr"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_403_and_404_are_logged_as_one_line(client, place, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/{place.slug}/gestion/")
        client.get(f"/{place.slug}/nulle-part/")
    from comptoir.core.logs import OneLineClientErrors

    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.status_code for r in records] == [403, 404]
    for record in records:
        OneLineClientErrors().filter(record)
        assert "\n" not in logging.Formatter().format(record)
