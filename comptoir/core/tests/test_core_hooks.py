"""Core reads places and people (above it) only through the hooks they declare, resolved once."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from comptoir.core import registry
from comptoir.core.access import access_for_slug
from comptoir.core.registry import hook_one, hook_required, override_hook
from comptoir.places import hooks as places_hooks


def test_core_reads_the_place_through_the_hook_places_declares():
    assert hook_required("place_by_slug") is places_hooks.place_by_slug
    found = object()
    with override_hook("place_by_slug", lambda *, slug: found if slug == "ici" else None):
        access = access_for_slug(user=None, slug="ici")
        assert access is not None and access.place is found and access.permissions == frozenset()
        assert access_for_slug(user=None, slug="ailleurs") is None
    assert hook_one("place_by_slug") is places_hooks.place_by_slug


def test_a_hook_core_needs_and_no_app_answers_is_an_error():
    with override_hook("api_token_authenticate"), pytest.raises(ImproperlyConfigured, match="api_token_authenticate"):
        hook_required("api_token_authenticate")


def test_function_hooks_are_resolved_once_per_apps_and_overrides(monkeypatch):
    with override_hook("place_membership_by_slug"):
        pass  # a new generation: the next read resolves the path again
    resolved = []
    resolve = registry.resolve
    monkeypatch.setattr(registry, "resolve", lambda path: resolved.append(path) or resolve(path))
    assert hook_one("place_membership_by_slug") is hook_one("place_membership_by_slug") is not None
    assert resolved == ["comptoir.people.hooks:place_membership_by_slug"]
