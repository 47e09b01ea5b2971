"""The functions the programme app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people) -> None:
    """``demo_loader``: the demo programme (a coding goûter, a two-day festival, an online meetup)."""
    from comptoir.programme.demo import load

    load(place=place, people=people)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.programme.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.programme.audit_words import describe

    return describe(place=place, objects=objects)
