"""API authentication (personal token or session) and place access, shared by every router."""

from __future__ import annotations

from django.http import Http404
from ninja.security import HttpBearer, django_auth

from comptoir.core.access import PlaceAccess, access_for_slug
from comptoir.core.viewhelpers import is_member
from comptoir.people.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = api_token_authenticate(secret=token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()
session_auth = django_auth  # the browser session, with Django's CSRF check on writes
AUTH = [token_auth, session_auth]


def access_for(request, slug: str, permission: str | None = None) -> PlaceAccess:
    """The caller's access to a place; 404 for an unknown place (or none of theirs), 403 when refused."""
    access = access_for_slug(user=getattr(request, "auth", None) or request.user, slug=slug)
    if access is None:
        raise Http404
    if permission is not None:
        access.require(permission)
    return access


def member_access_for(request, slug: str) -> PlaceAccess:
    """The caller's access to a place they are an active member of (or operate); 404 for anyone else."""
    access = access_for(request, slug)
    if not is_member(access):
        raise Http404
    return access
