"""The functions the billing app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: billing's demo data, then last month invoiced (after spaces' and coworking's past)."""
    from comptoir.billing.demo import load, load_past

    load(place=place, people=people)
    load_past(place=place, people=people)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.billing.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.billing.audit_words import describe

    return describe(place=place, objects=objects)
