"""The functions the people app declares on its AppConfig (see :mod:`comptoir.core.registry`).

Core's place access and API authentication read memberships and tokens through these hooks: people sits
above core and core never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.people import selectors, services

if TYPE_CHECKING:
    from comptoir.people.models import Membership, User
    from comptoir.places.models import Place


def place_membership(*, place: Place, user: User) -> Membership | None:
    """``place_membership``: the (authenticated) user's membership of the place, with its role codes, or None."""
    return selectors.membership_for(place=place, user=user)


def place_membership_by_slug(*, slug: str, user: User) -> Membership | None:
    """``place_membership_by_slug``: the (authenticated) user's membership of the place ``slug``, with its
    place and role codes, in one query (every page and API call of a place starts here)."""
    return selectors.membership_for_place_slug(slug=slug, user=user)


def api_token_authenticate(*, secret: str) -> User | None:
    """``api_token_authenticate``: the active user the personal API token ``secret`` belongs to, or None."""
    return services.api_token_authenticate(secret=secret)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.people.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.people.audit_words import describe

    return describe(place=place, objects=objects)
