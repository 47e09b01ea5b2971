"""The functions the places app declares on its AppConfig (see :mod:`comptoir.core.registry`).

Core's place access reads the place of a URL through ``place_by_slug``: places sits above core and core
never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.places import selectors

if TYPE_CHECKING:
    from comptoir.places.models import Place


def place_by_slug(*, slug: str) -> Place | None:
    """``place_by_slug``: the place at ``slug``, or None."""
    return selectors.place_get_by_slug(slug=slug)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.places.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.places.audit_words import describe

    return describe(place=place, objects=objects)
