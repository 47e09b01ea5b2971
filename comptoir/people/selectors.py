"""Reads about people. Every read of place data takes the place."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from comptoir.core import sql
from comptoir.people.models import ApiToken, Membership, MembershipRole, Tag, User

if TYPE_CHECKING:
    from comptoir.places.models import Place


def _with_roles(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    return memberships.prefetch_related(Prefetch("role_rows", queryset=MembershipRole.objects.order_by("role")))


def membership_for(*, place: Place, user: User) -> Membership | None:
    return _with_roles(Membership.objects.filter(place=place, user=user)).first()


def active_role_codes(*, place: Place, user: User) -> list[str] | None:
    """The user's role codes in the place when an active member, else None."""
    membership = membership_for(place=place, user=user)
    return membership.role_codes if membership is not None and membership.is_active else None


@functools.cache
def _membership_by_slug_sql() -> str:
    from comptoir.places.models import Place

    return """
        SELECT {membership}, {place}, r.role
          FROM people_membership m
          JOIN places_place p ON p.id = m.place_id
          LEFT JOIN people_membershiprole r ON r.membership_id = m.id
         WHERE p.slug = %s AND m.user_id = %s
         ORDER BY r.role
    """.format(membership=sql.columns(Membership, "m"), place=sql.columns(Place, "p"))


def membership_for_place_slug(*, slug: str, user: User) -> Membership | None:
    """The user's membership of the place ``slug``, with its place and its role codes, in one query.

    Every page and API call of a place starts here: one round trip instead of three (place, membership,
    roles), in hand-written SQL (:mod:`comptoir.core.sql`: the queryset cost more CPU to compile than
    the database spends on it). :attr:`Membership.role_codes` reads the ``role_list`` attribute.
    """
    from comptoir.places.models import Place

    rows = sql.fetch(_membership_by_slug_sql(), [slug, user.pk], [Membership, Place], extra=1)
    if not rows:
        return None
    membership, place, _role = rows[0]
    membership.place = place
    membership.role_list = ",".join(role for _m, _p, role in rows if role)
    return membership


def membership_get(*, place: Place, membership_id: int) -> Membership | None:
    return _with_roles(Membership.objects.filter(place=place, pk=membership_id).select_related("user")).first()


def membership_list(
    *, place: Place, status: str | None = None, search: str = "", role: str = ""
) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(place=place).select_related("user")
    if status:
        memberships = memberships.filter(status=status)
    if search:
        memberships = memberships.filter(Q(user__display_name__icontains=search) | Q(user__email__icontains=search))
    if role:
        memberships = memberships.filter(role_rows__role=role).distinct()
    return _with_roles(memberships).order_by("user__display_name", "pk")


def memberships_of(*, user: User) -> list[Membership]:
    return list(_with_roles(Membership.objects.filter(user=user).select_related("place")).order_by("place__name"))


def directory_search(*, place: Place, query: str = "", skill: str = "") -> QuerySet[Membership]:
    """Active members who chose to appear in the directory; matches names, bios and skills."""
    memberships = Membership.objects.filter(
        place=place, status=Membership.Status.ACTIVE, directory_visible=True
    ).select_related("user")
    if query:
        memberships = memberships.filter(
            Q(user__display_name__icontains=query)
            | Q(user__bio__icontains=query)
            | Q(user__skills__name__icontains=query)
            | Q(user__interests__name__icontains=query)
        )
    if skill:
        memberships = memberships.filter(user__skills__name__iexact=skill)
    if query or skill:
        memberships = Membership.objects.filter(pk__in=memberships.values("pk")).select_related("user")
    return memberships.prefetch_related(
        Prefetch("user__skills", queryset=Tag.objects.order_by("name")),
        Prefetch("user__interests", queryset=Tag.objects.order_by("name")),
    ).order_by("user__display_name", "pk")


def directory_skills(*, place: Place) -> list[str]:
    """The skills declared by the members shown in the directory, for the search suggestions."""
    return list(
        Tag.objects.filter(
            skilled_users__memberships__place=place,
            skilled_users__memberships__status=Membership.Status.ACTIVE,
            skilled_users__memberships__directory_visible=True,
        )
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")
    )


@functools.cache
def _token_sql() -> str:
    return """
        SELECT {token}, {user}
          FROM people_apitoken t
          JOIN people_user u ON u.id = t.user_id
         WHERE t.prefix = %s AND t.revoked_at IS NULL
         ORDER BY t.id
         LIMIT 1
    """.format(token=sql.columns(ApiToken, "t"), user=sql.columns(User, "u"))


def api_token_by_prefix(*, prefix: str) -> ApiToken | None:
    """The live (not revoked) token with this prefix, with its user: every API call reads it, so in
    hand-written SQL (:mod:`comptoir.core.sql`)."""
    rows = sql.fetch(_token_sql(), [prefix], [ApiToken, User])
    if not rows:
        return None
    token, user = rows[0]
    token.user = user
    return token


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def account_place(*, user: User) -> Place | None:
    """The place whose menu the account pages (/compte/...) keep: the instance's only place, else the place
    the person joined first among those where they are an active member (None: no such place)."""
    from comptoir.places.selectors import place_single

    membership = (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("place")
        .order_by("requested_at", "pk")
        .first()
    )
    return membership.place if membership is not None else place_single()
