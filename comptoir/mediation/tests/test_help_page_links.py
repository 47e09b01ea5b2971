"""The public appointment page is reachable from "Se faire aider au numérique", free slots or not."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_help_page_links_to_the_appointment_page_even_without_free_slots(client, place):
    help_page = client.get(reverse("mediation:help", kwargs={"place_slug": place.slug})).content.decode()
    appointments = reverse("mediation:public_appointments", kwargs={"place_slug": place.slug})
    assert f'href="{appointments}"' in help_page
    assert client.get(appointments).status_code == 200
