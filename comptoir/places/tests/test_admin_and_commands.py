import pytest
from django.core.management import CommandError, call_command

from comptoir.core.permissions import Role
from comptoir.people.models import Membership
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_django_admin_is_for_superusers_only(client):
    place = PlaceFactory()
    client.force_login(member_of(place, Role.ADMIN))
    assert client.get("/admin/").status_code == 302
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/places/place/").status_code == 200
    assert client.get("/admin/people/membership/").status_code == 200


def test_create_place_command():
    call_command("create_place", name="La Fabrique", slug="fabrique", admin_email="Chef@Example.org",
                 services="coworking,mediation")  # fmt: skip
    place = Place.objects.get(slug="fabrique")
    membership = Membership.objects.get(place=place)
    assert membership.user.email == "chef@example.org" and membership.role_codes == ["admin"]
    assert place.services == ["coworking", "mediation"]
    with pytest.raises(CommandError):
        call_command("create_place", name="X", slug="admin", admin_email="x@example.org")
