"""The functions the association app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: the association's demo data (adhesion campaign, members' adhesions)."""
    from comptoir.association.demo import load

    load(place=place, people=people)
