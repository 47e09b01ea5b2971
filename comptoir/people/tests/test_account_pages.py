"""The account pages (/compte/...): what they say and the menu they keep."""

from comptoir.people.tests.factories import UserFactory


def test_the_token_page_shows_the_authorization_header_with_its_placeholder(client, db):
    client.force_login(UserFactory())
    html = client.get("/compte/jetons/").content.decode()
    # Escaped, the placeholder is text; unescaped, the browser reads "<jeton>" as a tag and shows nothing.
    assert "<code>Authorization: Bearer &lt;jeton&gt;</code>" in html
    client.cookies["django_language"] = "en"
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in client.get("/compte/jetons/").content.decode()
