"""The functions the billing app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: billing's demo data, then last month invoiced (after spaces' and coworking's past)."""
    from comptoir.billing.demo import load, load_past

    load(place=place, people=people)
    load_past(place=place, people=people)
