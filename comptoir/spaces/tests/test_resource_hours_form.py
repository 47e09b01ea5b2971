"""A space's opening hours: the place's, or its own typed day by day (or in the syntax)."""

import pytest
from django.urls import reverse

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.test_opening_hours_form import per_day
from comptoir.spaces.tests.factories import ResourceFactory
from comptoir.spaces.tests.test_photo import form_data

pytestmark = pytest.mark.django_db


def hours_data(**days) -> dict:
    return {key.replace("hours_", "opening_hours_", 1): value for key, value in per_day(**days).items()}


def test_a_space_gets_its_own_hours_day_by_day_then_the_place_s_again(client, place):
    room = ResourceFactory(place=place, opening_hours="")
    client.force_login(member_of(place, Role.HOST))
    url = reverse("spaces:resource_edit", kwargs={"place_slug": place.slug, "resource_slug": room.slug})
    page = client.get(url).content.decode()
    assert 'name="opening_hours_inherit" id="' in page and "<legend>" in page

    response = client.post(url, form_data(room) | hours_data(mo=[("08:00", "12:00")], sa=[("10:00", "00:00")]))
    assert response.status_code == 302, response.context["form"].errors
    room.refresh_from_db()
    assert room.opening_hours == "Mo 08:00-12:00; Sa 10:00-24:00"

    response = client.post(url, form_data(room) | hours_data(mo=[("08:00", "12:00")]) | {"opening_hours_inherit": "on"})
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.opening_hours == ""
