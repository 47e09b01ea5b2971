"""The functions the programme app declares on its AppConfig (see :mod:`comptoir.core.registry`)."""

from __future__ import annotations


def demo_loader(*, place, people) -> None:
    """``demo_loader``: the demo programme (a coding goûter, a two-day festival, an online meetup)."""
    from comptoir.programme.demo import load

    load(place=place, people=people)
