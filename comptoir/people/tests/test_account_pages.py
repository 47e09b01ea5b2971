"""The account pages (/compte/...): what they say and the menu they keep."""

import pytest

from comptoir.people.tests.factories import UserFactory


def test_the_token_page_shows_the_authorization_header_with_its_placeholder(client, db):
    client.force_login(UserFactory())
    html = client.get("/compte/jetons/").content.decode()
    # Escaped, the placeholder is text; unescaped, the browser reads "<jeton>" as a tag and shows nothing.
    assert "<code>Authorization: Bearer &lt;jeton&gt;</code>" in html
    client.cookies["django_language"] = "en"
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in client.get("/compte/jetons/").content.decode()


@pytest.mark.parametrize("address", ["/compte/profil/", "/compte/jetons/", "/compte/mot-de-passe/changer/"])
def test_the_account_pages_keep_the_menu_of_the_persons_place(client, place, member, address):
    client.force_login(member)
    response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="main-nav"' in html and place.name in html
    assert f'href="/{place.slug}/' in html
