"""The place's name after "à" and "de": defaults, the place's own forms, the language of the sentence."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from comptoir.places import grammar
from comptoir.places.tests.factories import PlaceFactory


@pytest.mark.parametrize(
    ("name", "a", "de"),
    [
        ("Au Comptoir Numérique", "au Comptoir Numérique", "du Comptoir Numérique"),
        ("Aux Trois Tilleuls", "aux Trois Tilleuls", "des Trois Tilleuls"),
        ("Le Comptoir", "au Comptoir", "du Comptoir"),
        ("La Fabrique", "à la Fabrique", "de la Fabrique"),
        ("Les Halles", "aux Halles", "des Halles"),
        ("L'Atelier", "à l’Atelier", "de l’Atelier"),
        ("L’Établi", "à l’Établi", "de l’Établi"),
        ("Chez Paulette", "chez Paulette", "de chez Paulette"),
        ("Emmaüs Connect", "à Emmaüs Connect", "d’Emmaüs Connect"),
        ("Comptoir", "à Comptoir", "de Comptoir"),
        ("LE HANGAR", "au HANGAR", "du HANGAR"),
        ("  Le   Hangar ", "au Hangar", "du Hangar"),
        # Words that only start like an article are names.
        ("Lesbos Café", "à Lesbos Café", "de Lesbos Café"),
        ("Laverie", "à Laverie", "de Laverie"),
        ("Auberge", "à Auberge", "d’Auberge"),
        ("Le", "à Le", "de Le"),
    ],
)
def test_default_forms(name, a, de):
    assert (grammar.after_a(name), grammar.after_de(name)) == (a, de)


letters = st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"])
names = st.text(alphabet=letters, min_size=1, max_size=40).filter(lambda s: s.strip())


def _last_word(name):
    return name.split()[-1].replace("’", "'").split("'")[-1]


@given(names)
def test_a_form_starts_with_a_preposition_and_keeps_the_end_of_the_name(name):
    form = grammar.after_a(name)
    assert form.split(" ")[0] in {"à", "au", "aux", "chez"} or form.startswith("à l’")
    assert form.endswith(_last_word(name))
    assert not form.lower().startswith(("à le ", "à les ", "à au ", "à aux "))


@given(names)
def test_de_form_starts_with_a_preposition_and_keeps_the_end_of_the_name(name):
    form = grammar.after_de(name)
    assert form.split(" ")[0] in {"de", "du", "des"} or form.startswith(("d’", "de l’", "de la ", "de chez "))
    assert form.endswith(_last_word(name))
    assert not form.lower().startswith(("de le ", "de les ", "de au ", "de aux "))


@given(names)
def test_forms_are_on_one_line_without_double_spaces(name):
    for form in (grammar.after_a(name), grammar.after_de(name)):
        assert form == " ".join(form.split())


@pytest.mark.django_db
def test_the_place_may_give_its_own_forms_and_sentences_follow_the_language():
    place = PlaceFactory.build(name="Au Comptoir Numérique")
    assert (place.french_after_a, place.french_after_de) == ("au Comptoir Numérique", "du Comptoir Numérique")
    place.name_after_a, place.name_after_de = "au Comptoir", "du Comptoir"
    with translation.override("fr"):
        assert (place.name_a, place.name_de) == ("au Comptoir", "du Comptoir")
    with translation.override("en"):
        assert (place.name_a, place.name_de) == ("Au Comptoir Numérique", "Au Comptoir Numérique")


@pytest.mark.django_db
def test_settings_form_and_admin_edit_the_forms(client):
    from comptoir.audit.models import AuditEntry
    from comptoir.core.permissions import Role
    from comptoir.people.tests.factories import UserFactory, member_of

    place = PlaceFactory(slug="lieu", name="Le Hangar")
    client.force_login(member_of(place, Role.ADMIN))
    page = client.get("/lieu/gestion/lieu/").content.decode()
    assert 'name="name_after_a"' in page and 'placeholder="au Hangar"' in page and 'placeholder="du Hangar"' in page
    data = {"name": "Le Hangar", "name_after_a": "au Grand Hangar", "name_after_de": "", "timezone": "Europe/Paris",
            "services": ["coworking"]}  # fmt: skip
    assert client.post("/lieu/gestion/lieu/", data).status_code == 302
    place.refresh_from_db()
    assert (place.french_after_a, place.french_after_de) == ("au Grand Hangar", "du Hangar")
    assert AuditEntry.objects.get(action="place.updated").after["name_after_a"] == "au Grand Hangar"

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    admin_page = client.get(f"/admin/places/place/{place.pk}/change/").content.decode()
    assert 'name="name_after_a"' in admin_page and 'name="name_after_de"' in admin_page
