"""The functions the billing app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: billing's demo data."""
    from comptoir.billing.demo import load

    load(place=place, people=people)
