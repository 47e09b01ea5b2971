import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
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


# Django's marking functions and their arguments, in Babel's keyword notation.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# The plain form of the template tag: {% translate "..." %} or {% trans '...' %}, with or without context.
TEMPLATE_TAG = re.compile(
    r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<id>.+?)(?P=q)(?:\s+context\s+(?P<cq>["'])(?P<ctx>.+?)(?P=cq))?"""
)


def _marked_strings(app_dir: Path) -> set[tuple[str | None, str]]:
    """(context, message id) of every string marked in the app's code and in its simple template tags."""
    found: set[tuple[str | None, str]] = set()
    for path in app_dir.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        with path.open("rb") as source:
            for _line, message, _comments, context in extract("python", source, keywords=KEYWORDS):
                msgid = message if isinstance(message, str) else message[0]
                if msgid:
                    found.add((context, msgid))
    for path in app_dir.glob("templates/**/*.html"):
        for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            found.add((match["ctx"], match["id"]))
    return found


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_every_marked_string_is_in_the_catalog(path):
    """A string marked for translation but never extracted would show in English on a French page."""
    app_dir = path.parents[3]
    catalog = read_po(path.open("rb"), locale="fr")
    known = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    missing = sorted(msgid for context, msgid in _marked_strings(app_dir) if (context, msgid) not in known)
    assert not missing, f"{len(missing)} string(s) of {app_dir.name} missing from its catalog: {missing[:10]}"
