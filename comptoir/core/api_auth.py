"""API authentication (personal token or session) and place access, shared by every app's router.

Tokens belong to ``people``, above core: the token is checked through the ``api_token_authenticate``
hook people declares (see :mod:`comptoir.core.registry`), so that every app's API imports this module,
not the top ``api`` app nor people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from ninja.security import HttpBearer, django_auth

from comptoir.core.access import PlaceAccess, access_for_slug
from comptoir.core.registry import hook_required
from comptoir.core.viewhelpers import is_member

if TYPE_CHECKING:
    from django.http import HttpRequest


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = hook_required("api_token_authenticate")(secret=token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()
session_auth = django_auth  # the browser session, with Django's CSRF check on writes
AUTH = [token_auth, session_auth]


def access_for(request: HttpRequest, slug: str, permission: str | None = None) -> PlaceAccess:
    """The caller's access to a place; 404 for an unknown place (or none of theirs), 403 when refused."""
    access = access_for_slug(user=getattr(request, "auth", None) or request.user, slug=slug)
    if access is None:
        raise Http404
    if permission is not None:
        access.require(permission)
    return access


def member_access_for(request: HttpRequest, slug: str) -> PlaceAccess:
    """The caller's access to a place they are an active member of (or operate); 404 for anyone else."""
    access = access_for(request, slug)
    if not is_member(access):
        raise Http404
    return access
