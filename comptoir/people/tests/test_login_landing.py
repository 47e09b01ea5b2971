"""After logging in, each person lands where they work, unless ``next`` says otherwise."""

import pytest
from django.urls import reverse

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, MembershipFactory, UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _log_in(client, user, **params):
    url = reverse("account:login")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return client.post(url, {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        ((Role.HOST,), "places:staff_home"),
        ((Role.ADMIN,), "places:staff_home"),
        ((Role.HOST, Role.MEDIATOR), "places:staff_home"),
        ((Role.MEDIATOR,), "mediation:home"),
        ((Role.BOARD,), "places:staff_home"),
        ((Role.COWORKER,), "places:member_home"),
        ((), "places:member_home"),
    ],
)
def test_each_person_lands_where_they_work(client, place, roles, landing):
    person = member_of(place, *roles)
    response = _log_in(client, person)
    assert response.status_code == 302
    assert response["Location"] == reverse(landing, kwargs={"place_slug": place.slug})
    # Opening the login page again, already logged in, leads to the same page.
    assert client.get(reverse("account:login"))["Location"] == response["Location"]


def test_next_wins(client, place):
    host = member_of(place, Role.HOST)
    wanted = reverse("places:public", kwargs={"place_slug": place.slug})
    assert _log_in(client, host, next=wanted)["Location"] == wanted


def test_on_a_network_the_person_lands_in_their_only_place_or_on_the_list(client, place):
    other = PlaceFactory(slug="autre-lieu")
    mediator = member_of(other, Role.MEDIATOR)
    assert _log_in(client, mediator)["Location"] == reverse("mediation:home", kwargs={"place_slug": other.slug})
    client.logout()
    coworker = member_of(place, Role.COWORKER)
    assert _log_in(client, coworker)["Location"] == reverse("places:member_home", kwargs={"place_slug": place.slug})
    client.logout()
    both = member_of(place, Role.HOST)
    MembershipFactory(place=other, user=both, roles=[Role.HOST])
    assert _log_in(client, both)["Location"] == reverse("home")  # the list of places
    client.logout()
    nowhere = UserFactory()
    assert _log_in(client, nowhere)["Location"] == reverse("home")
