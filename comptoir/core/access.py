"""The one mechanism that answers "may this person do this, in this place?".

Pages use :func:`place_view`; the API uses :func:`place_access` and :func:`require` through
:mod:`comptoir.core.api_auth`. Someone with no membership of a place gets a 404 for its private pages
(one place's existence of data is not revealed to another's staff); a member lacking the
permission gets a 403.

Places and memberships belong to the apps above core: they are read through the hooks ``places`` and
``people`` declare (``place_by_slug``, ``place_membership``, ``place_membership_by_slug``; see
:mod:`comptoir.core.registry`), never by importing those apps.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from comptoir.core.permissions import STAFF_AREA, all_permissions, permissions_for_roles
from comptoir.core.registry import hook_required
from comptoir.core.sentinels import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest, HttpResponseBase

    from comptoir.people.models import Membership, User
    from comptoir.places.models import Place


@dataclass(frozen=True)
class PlaceAccess:
    place: Place
    user: User | AnonymousUser | None
    membership: Membership | None
    permissions: frozenset[str]

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def member_roles(self) -> list[str] | None:
        """The role codes of an active member; None for anyone else (the booking rules' "not a member")."""
        return self.membership.role_codes if self.is_member else None  # type: ignore[union-attr]  # is_member: not None

    @property
    def is_staff(self) -> bool:
        return STAFF_AREA in self.permissions

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission in self.permissions:
            return
        if not self.is_member and not getattr(self.user, "is_superuser", False):
            raise Http404
        raise PermissionDenied


def place_access(
    *, user: User | AnonymousUser | None, place: Place, membership: Membership | None | NotGiven = NOT_GIVEN
) -> PlaceAccess:
    """Resolve what ``user`` may do in ``place``. ``membership``: the user's membership of the place (or
    None) when the caller already read it (see :func:`access_for_slug`); read here otherwise."""
    if user is None or not user.is_authenticated:
        return PlaceAccess(place=place, user=user, membership=None, permissions=frozenset())
    if isinstance(membership, NotGiven):
        read: Membership | None = hook_required("place_membership")(place=place, user=user)
        membership = read
    if user.is_superuser:
        # The instance's operators act on every place, as pretix's admin mode does.
        return PlaceAccess(place=place, user=user, membership=membership, permissions=frozenset(all_permissions()))
    if membership is None or not membership.is_active:
        return PlaceAccess(place=place, user=user, membership=membership, permissions=frozenset())
    return PlaceAccess(
        place=place,
        user=user,
        membership=membership,
        permissions=permissions_for_roles(membership.role_codes, active_member=True),
    )


def access_for_slug(*, user: User | AnonymousUser | None, slug: str) -> PlaceAccess | None:
    """The access of ``user`` to the place ``slug`` (None: no such place). A member's place, membership and
    roles come in one query; the place alone is read only for someone who is not a member."""
    membership = None
    if user is not None and user.is_authenticated:
        membership = hook_required("place_membership_by_slug")(slug=slug, user=user)
    if membership is not None:
        return place_access(user=user, place=membership.place, membership=membership)
    place = hook_required("place_by_slug")(slug=slug)
    if place is None:
        return None
    return place_access(user=user, place=place, membership=None)


def place_view(permission: str | None = None, *, login_required: bool = True) -> Callable[[Callable], Callable]:
    """Decorate a view taking ``place_slug``: sets ``request.place`` and ``request.access``."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, place_slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if login_required and not request.user.is_authenticated:
                if hook_required("place_by_slug")(slug=place_slug) is None:
                    raise Http404
                return redirect_to_login(request.get_full_path())
            access = access_for_slug(user=request.user, slug=place_slug)
            if access is None:
                raise Http404
            place = access.place
            if permission is not None:
                access.require(permission)
            request.place = place  # type: ignore[attr-defined]  # read by the views and templates
            request.access = access  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.place_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator
