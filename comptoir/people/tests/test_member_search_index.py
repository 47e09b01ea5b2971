"""The member search (names and e-mails, case-insensitive substrings) has trigram indexes on PostgreSQL
(migration people 0002), none on SQLite, and the same results on both."""

import pytest
from django.db import connection

from comptoir.people.models import Membership, User
from comptoir.people.selectors import membership_list
from comptoir.people.tests.factories import MembershipFactory, UserFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

INDEXES = {"user_name_trgm", "user_email_trgm"}


def test_search_matches_any_case_substring_of_name_or_email():
    place = PlaceFactory()
    names = ["Camille Dupont", "Dominique DUPUIS", "Zoé Martin", "Ana Lefèvre"]
    for n, name in enumerate(names):
        MembershipFactory(place=place, user=UserFactory(display_name=name, email=f"m{n}@dupla.example.org"))
    MembershipFactory(user=UserFactory(display_name="Camille Dupont"))  # another place
    found = lambda q: [m.user.display_name for m in membership_list(place=place, search=q)]  # noqa: E731
    assert found("dup") == ["Ana Lefèvre", "Camille Dupont", "Dominique DUPUIS", "Zoé Martin"]  # e-mails
    assert found("DUPO") == ["Camille Dupont"]
    assert found("upui") == ["Dominique DUPUIS"]
    assert found("lefèv") == ["Ana Lefèvre"]
    assert found("m2@") == ["Zoé Martin"]
    assert found("personne") == []
    assert all(m.status == Membership.Status.ACTIVE for m in membership_list(place=place, search="dup"))


def test_indexes_exist_on_postgresql_only():
    with connection.cursor() as cursor:
        existing = {
            name
            for name, info in connection.introspection.get_constraints(cursor, "people_user").items()
            if info["index"]
        }
    if connection.vendor == "postgresql":
        assert INDEXES <= existing
    else:
        assert not INDEXES & existing


def test_on_postgresql_the_search_can_use_the_trigram_indexes():
    """The indexes' expressions are the ones Django writes for icontains (the planner would ignore them else).
    Which plan it picks depends on the data: bench/README.md has the plan at a million members."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    UserFactory(display_name="Camille Dupont")
    with connection.cursor() as cursor:
        # A tiny table: forbid the other plans to see what the planner can use.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    for lookup, index in (("display_name__icontains", "user_name_trgm"), ("email__icontains", "user_email_trgm")):
        plan = User.objects.filter(**{lookup: "dupont"}).explain()
        assert f"Bitmap Index Scan on {index}" in plan, plan


def test_members_table_labels_are_the_models_own():
    """The members table's labels, made once per page, say what get_status_display and role_labels say."""
    from django.utils import translation

    from comptoir.core.permissions import Role
    from comptoir.people.views import _table_rows

    place = PlaceFactory()
    memberships = [
        MembershipFactory(place=place, roles=[Role.ADMIN, Role.HOST]),
        MembershipFactory(place=place, status=Membership.Status.PENDING),
        MembershipFactory(place=place, roles=[Role.COWORKER]),
    ]
    for language in ("fr", "en"):
        with translation.override(language):
            loaded = list(membership_list(place=place))
            expected = [(m.get_status_display(), ", ".join(m.role_labels) or "—") for m in loaded]
            assert [(m.status_label, m.roles_text) for m in _table_rows(loaded)] == expected
    assert len(memberships) == 3
