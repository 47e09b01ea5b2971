import pytest

from comptoir.core.access import place_access
from comptoir.core.permissions import MEMBERS_VIEW, Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory


@pytest.mark.django_db
def test_member_of_gives_roles_and_permissions():
    place = PlaceFactory()
    host = member_of(place, Role.HOST)
    access = place_access(user=host, place=place)
    assert access.is_member and access.is_staff and access.has(MEMBERS_VIEW)
