"""Reads about people. Every read of place data takes the place."""

from __future__ import annotations

from django.db.models import Aggregate, CharField, OuterRef, Prefetch, Q, QuerySet, Subquery

from comptoir.people.models import ApiToken, Membership, MembershipRole, Tag, User


def _with_roles(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    return memberships.prefetch_related(Prefetch("role_rows", queryset=MembershipRole.objects.order_by("role")))


def membership_for(*, place, user) -> Membership | None:
    return _with_roles(Membership.objects.filter(place=place, user=user)).first()


def active_role_codes(*, place, user) -> list[str] | None:
    """The user's role codes in the place when an active member, else None."""
    membership = membership_for(place=place, user=user)
    return membership.role_codes if membership is not None and membership.is_active else None


class _RoleList(Aggregate):
    """The role codes of a membership joined by commas (SQLite ``group_concat``, PostgreSQL ``string_agg``)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def membership_for_place_slug(*, slug: str, user) -> Membership | None:
    """The user's membership of the place ``slug``, with its place and its role codes, in one query.

    Every page and API call of a place starts here, so it is worth one round trip instead of three
    (place, membership, roles); :attr:`Membership.role_codes` reads the ``role_list`` annotation.
    """
    roles = (
        MembershipRole.objects.filter(membership=OuterRef("pk"))
        .order_by()
        .values("membership")
        .annotate(codes=_RoleList("role"))
        .values("codes")
    )
    return (
        Membership.objects.filter(place__slug=slug, user=user)
        .select_related("place")
        .annotate(role_list=Subquery(roles, output_field=CharField()))
        .first()
    )


def membership_get(*, place, membership_id: int) -> Membership | None:
    return _with_roles(Membership.objects.filter(place=place, pk=membership_id).select_related("user")).first()


def membership_list(*, place, status: str | None = None, search: str = "", role: str = "") -> QuerySet[Membership]:
    memberships = Membership.objects.filter(place=place).select_related("user")
    if status:
        memberships = memberships.filter(status=status)
    if search:
        memberships = memberships.filter(Q(user__display_name__icontains=search) | Q(user__email__icontains=search))
    if role:
        memberships = memberships.filter(role_rows__role=role).distinct()
    return _with_roles(memberships).order_by("user__display_name", "pk")


def memberships_of(*, user) -> list[Membership]:
    return list(_with_roles(Membership.objects.filter(user=user).select_related("place")).order_by("place__name"))


def directory_search(*, place, query: str = "", skill: str = "") -> QuerySet[Membership]:
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


def directory_skills(*, place) -> list[str]:
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


def api_token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
