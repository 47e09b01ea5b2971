"""The staff's button registering someone at the desk speaks of that person, not of the staff member."""

import pytest
from django.urls import reverse

from comptoir.mediation.tests.factories import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_desk_registration_button_does_not_read_register_me(client, place, mediator):
    session = SessionFactory(workshop=WorkshopFactory(place=place))
    client.force_login(mediator)
    html = client.get(reverse("mediation:session", kwargs={"place_slug": place.slug, "session_id": session.pk}))
    html = html.content.decode()
    assert "Inscrire cette personne</button>" in html
    assert "M’inscrire" not in html and "M'inscrire" not in html
