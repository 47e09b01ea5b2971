"""Who may book a resource: roles, and plans when apps sell them.

A resource's ``allowed_roles`` holds role codes and plan tokens (``"plan:<kind>"``). The roles come from
the membership; the plans from every app that declares the ``booking_plans`` hook (coworking does):
``function(place=, person=, at=) -> set of plan tokens`` valid at ``at``; the person's plans are the
union of every app's answer. ``booking_plan_choices`` gives ``[(token, label)]`` for the staff form
(every app's choices, concatenated). Without such an app, resources can only be restricted by role.

Over a range (a weekly series): a ``booking_plans`` function that also accepts ``until=`` is called once
as ``function(place=, person=, at=start, until=end)`` and returns the plan periods met by that range,
``[(valid_from, valid_until, token)]`` (aware datetimes, ``valid_from <= instant < valid_until``);
:class:`PlansOverRange` answers each instant from that one read, and asks an app giving only the
per-instant form once per instant.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING

from comptoir.core.registry import hooks

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

PLAN_PREFIX = "plan:"

PlanPeriod = tuple[dt.datetime, dt.datetime, str]  # valid_from (included), valid_until (excluded), token


def _known(person: User | None) -> bool:
    return person is not None and getattr(person, "is_authenticated", False)


def plan_choices(*, place: Place) -> list[tuple[str, str]]:
    return [choice for provider in hooks("booking_plan_choices") for choice in provider(place=place)]


def _ranged(provider: Callable) -> bool:
    return "until" in inspect.signature(provider).parameters


def _instant_reader(
    *, place: Place, person: User | None, at: dt.datetime, providers: list[Callable] | None = None
) -> Callable[[], set[str]]:
    cache: dict[str, set[str]] = {}

    def read() -> set[str]:
        if "plans" not in cache:
            found: set[str] = set()
            if _known(person):
                for provider in hooks("booking_plans") if providers is None else providers:
                    found |= set(provider(place=place, person=person, at=at))
            cache["plans"] = found
        return cache["plans"]

    return read


class PlansOverRange:
    """The person's plans over ``[start, end]``, read at most once (when a rule first needs them).

    ``at(instant)`` gives the reader the engine takes (``plans=``) for an instant of the range: the
    tokens valid at that instant, exactly as the per-instant hook would say.
    """

    def __init__(self, *, place: Place, person: User | None, start: dt.datetime, end: dt.datetime):
        self.place = place
        self.person = person
        self.start = start
        self.end = end
        self._periods: list[PlanPeriod] | None = None
        providers = hooks("booking_plans")
        self._ranged = [p for p in providers if _ranged(p)]
        self._per_instant = [p for p in providers if not _ranged(p)]

    def periods(self) -> list[PlanPeriod]:
        """The plan periods every ranged app gives over the range (read once)."""
        if self._periods is None:
            found: list[PlanPeriod] = []
            if _known(self.person):
                for provider in self._ranged:
                    found.extend(provider(place=self.place, person=self.person, at=self.start, until=self.end))
            self._periods = found
        return self._periods

    def at(self, instant: dt.datetime) -> Callable[[], set[str]]:
        if not self._ranged or not self.start <= instant <= self.end:
            return _instant_reader(place=self.place, person=self.person, at=instant)
        # Apps giving only the per-instant form are asked at this instant (and only if a rule needs it).
        others = _instant_reader(place=self.place, person=self.person, at=instant, providers=self._per_instant)

        def read() -> set[str]:
            ranged = {token for valid_from, valid_until, token in self.periods() if valid_from <= instant < valid_until}
            return ranged | (others() if self._per_instant else set())

        return read


def plans_reader(*, place: Place, person: User | None, at: dt.datetime) -> Callable[[], set[str]]:
    """A function giving the person's plan tokens at ``at``, read once and only when a rule needs them.
    (Over a range, e.g. a weekly series: :class:`PlansOverRange` and its ``at(instant)``.)"""
    return _instant_reader(place=place, person=person, at=at)
