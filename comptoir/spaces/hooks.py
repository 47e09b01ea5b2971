"""The functions the spaces app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations

import datetime as dt


def billing_prepare(*, place, start: dt.date, end: dt.date, actor=None) -> dict:
    """``billing_prepare``: settle every booking billing has not fully seen up to ``end`` (``billing_bridge``)."""
    from comptoir.spaces.billing_bridge import billing_prepare as prepare

    return prepare(place=place, start=start, end=end, actor=actor)


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: the demo place's rooms, pool and bookings."""
    from comptoir.spaces.demo import load

    load(place=place, people=people)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.spaces.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.spaces.audit_words import describe

    return describe(place=place, objects=objects)
