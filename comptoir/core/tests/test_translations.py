from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from comptoir.places.tests.factories import PlaceFactory

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(ROOT.glob("*/locale/fr/LC_MESSAGES/django.po"))


def test_every_app_has_a_french_catalog():
    apps_with_templates = {p.parent.name for p in ROOT.glob("*/templates")}
    with_catalog = {p.parents[3].name for p in CATALOGS}
    assert apps_with_templates <= with_catalog


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_every_message_is_translated_to_french(path):
    catalog = read_po(path.open("rb"), locale="fr")
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(strings):
            untranslated.append(message.id)
    assert not untranslated, f"{len(untranslated)} message(s) to translate in {path}: {untranslated[:10]}"


@pytest.mark.django_db
def test_pages_speak_french_by_default_and_english_on_request(client):
    PlaceFactory(slug="lieu", opening_hours="Mo-Fr 09:00-18:00")
    assert "Horaires d’ouverture" in client.get("/lieu/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/lieu/"})
    page = client.get("/lieu/").content.decode()
    assert "Opening hours" in page and 'lang="en"' in page


@pytest.mark.django_db
def test_browser_language_does_not_override_french(client):
    PlaceFactory(slug="lieu")
    page = client.get("/lieu/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="fr"' in page


@pytest.mark.django_db
def test_preferred_language_of_the_logged_in_person(client):
    from comptoir.people.tests.factories import UserFactory

    PlaceFactory(slug="lieu")
    client.force_login(UserFactory(preferred_language="en"))
    assert 'lang="en"' in client.get("/lieu/").content.decode()
