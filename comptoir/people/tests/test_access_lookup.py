"""Every page and API call of a place resolves the caller's access first: one query for a member."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.core.access import access_for_slug
from comptoir.core.permissions import Role
from comptoir.people.models import Membership
from comptoir.people.selectors import membership_for_place_slug
from comptoir.people.tests.factories import MembershipFactory, UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "roles", [[], [Role.COWORKER], [Role.HOST, Role.MEDIATOR, Role.ADMIN]], ids=["none", "one", "several"]
)
def test_role_codes_come_with_the_membership_in_one_query(roles):
    place = PlaceFactory(slug="ici")
    user = member_of(place, *roles)
    member_of(PlaceFactory(slug="ailleurs"), Role.ADMIN, email="other@example.org")
    with CaptureQueriesContext(connection) as queries:
        membership = membership_for_place_slug(slug="ici", user=user)
        assert membership.place.slug == "ici"
        assert membership.role_codes == sorted(roles)
    assert len(queries) == 1


def test_the_annotation_and_the_prefetched_rows_agree():
    place = PlaceFactory(slug="ici")
    user = member_of(place, Role.HOST, Role.COWORKER)
    annotated = membership_for_place_slug(slug="ici", user=user)
    plain = Membership.objects.get(pk=annotated.pk)
    assert annotated.role_codes == plain.role_codes == [Role.COWORKER, Role.HOST]


def test_access_of_a_member_costs_one_query_and_of_others_the_place_only():
    place = PlaceFactory(slug="ici")
    host = member_of(place, Role.HOST)
    with CaptureQueriesContext(connection) as queries:
        access = access_for_slug(user=host, slug="ici")
    assert len(queries) == 1
    assert access.is_staff and access.place == place
    stranger = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        access = access_for_slug(user=stranger, slug="ici")
    assert len(queries) == 2  # no membership, then the place (for its public pages)
    assert not access.is_member and access.permissions == frozenset()
    assert access_for_slug(user=stranger, slug="nulle-part") is None


def test_a_pending_membership_gives_no_permission():
    place = PlaceFactory(slug="ici")
    user = UserFactory()
    MembershipFactory(place=place, user=user, roles=[Role.HOST], status=Membership.Status.PENDING)
    access = access_for_slug(user=user, slug="ici")
    assert access.membership is not None and not access.is_member
    assert access.permissions == frozenset()


def test_a_member_of_one_place_has_no_access_to_another():
    a, b = PlaceFactory(slug="a"), PlaceFactory(slug="b")
    admin_of_a = member_of(a, Role.ADMIN)
    access = access_for_slug(user=admin_of_a, slug="b")
    assert access.place == b and access.membership is None and access.permissions == frozenset()
