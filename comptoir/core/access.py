"""The one mechanism that answers "may this person do this, in this place?".

Pages use :func:`place_view`; the API uses :func:`place_access` and :func:`require` through
``comptoir.api.auth``. Someone with no membership of a place gets a 404 for its private pages
(one place's existence of data is not revealed to another's staff); a member lacking the
permission gets a 403.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from comptoir.core.permissions import STAFF_AREA, all_permissions, permissions_for_roles


@dataclass(frozen=True)
class PlaceAccess:
    place: object
    user: object
    membership: object | None
    permissions: frozenset[str]

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

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


def place_access(*, user, place) -> PlaceAccess:
    """Resolve what ``user`` may do in ``place`` (one query for the membership and its roles)."""
    from comptoir.people.selectors import membership_for

    if user is None or not user.is_authenticated:
        return PlaceAccess(place=place, user=user, membership=None, permissions=frozenset())
    membership = membership_for(place=place, user=user)
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


def place_view(permission: str | None = None, *, login_required: bool = True):
    """Decorate a view taking ``place_slug``: sets ``request.place`` and ``request.access``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, place_slug: str, *args, **kwargs):
            from comptoir.places.selectors import place_get_by_slug

            place = place_get_by_slug(slug=place_slug)
            if place is None:
                raise Http404
            if login_required and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = place_access(user=request.user, place=place)
            if permission is not None:
                access.require(permission)
            request.place = place
            request.access = access
            return view(request, *args, **kwargs)

        wrapper.place_permission = permission
        return wrapper

    return decorator
