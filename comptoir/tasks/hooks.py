"""The functions the tasks app declares on its AppConfig (see :mod:`comptoir.core.registry`).

Core's notifications (layer 1) reach the outbox through ``delivery_enqueue``: the tasks app sits above core
and core never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.tasks import services

if TYPE_CHECKING:
    from comptoir.places.models import Place


def delivery_enqueue(
    *, place: Place | None, channel: str, recipient: str, subject: str, body: str, key: str = ""
) -> None:
    """``delivery_enqueue``: keep the message in the outbox (caller's transaction), sent after commit."""
    services.delivery_create(place=place, channel=channel, recipient=recipient, subject=subject, body=body, key=key)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.tasks.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.tasks.audit_words import describe

    return describe(place=place, objects=objects)
