"""Who may book a resource: roles, and plans when an app sells them.

A resource's ``allowed_roles`` holds role codes and plan tokens (``"plan:<kind>"``). The roles come from
the membership; the plans from whichever app declares ``booking_plans = "module:function"`` on its
AppConfig (coworking does): ``function(place=, person=, at=) -> set of plan tokens`` valid at ``at``,
and ``booking_plan_choices = "module:function"`` giving ``[(token, label)]`` for the staff form. Without
such an app, resources can only be restricted by role.

Over a range (a weekly series): when the ``booking_plans`` function also accepts ``until=``, it is
called once as ``function(place=, person=, at=start, until=end)`` and returns the plan periods met by
that range, ``[(valid_from, valid_until, token)]`` (aware datetimes, ``valid_from <= instant <
valid_until``); :class:`PlansOverRange` answers each instant from that one read, and falls back to one
call per instant when the app gives only the per-instant form.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from comptoir.core.registry import hooks

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

PLAN_PREFIX = "plan:"

PlanPeriod = tuple[dt.datetime, dt.datetime, str]  # valid_from (included), valid_until (excluded), token


def _hook(attribute: str) -> Any:  # a hook's function, or None (hooks are not typed yet)
    return next(iter(hooks(attribute)), None)


def _known(person: User | None) -> bool:
    return person is not None and getattr(person, "is_authenticated", False)


def plan_choices(*, place: Place) -> list[tuple[str, str]]:
    provider = _hook("booking_plan_choices")
    return list(provider(place=place)) if provider else []


def _instant_reader(*, place: Place, person: User | None, at: dt.datetime) -> Callable[[], set[str]]:
    cache: dict[str, set[str]] = {}

    def read() -> set[str]:
        if "plans" not in cache:
            provider = _hook("booking_plans")
            found = provider(place=place, person=person, at=at) if provider and _known(person) else set()
            cache["plans"] = set(found)
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
        provider = _hook("booking_plans")
        self._provider = provider
        self._ranged = provider is not None and "until" in inspect.signature(provider).parameters

    def periods(self) -> list[PlanPeriod]:
        if self._periods is None:
            found = (
                self._provider(place=self.place, person=self.person, at=self.start, until=self.end)
                if self._ranged and _known(self.person)
                else ()
            )
            self._periods = list(found)
        return self._periods

    def at(self, instant: dt.datetime) -> Callable[[], set[str]]:
        if not self._ranged or not self.start <= instant <= self.end:
            return _instant_reader(place=self.place, person=self.person, at=instant)

        def read() -> set[str]:
            return {token for valid_from, valid_until, token in self.periods() if valid_from <= instant < valid_until}

        return read


def plans_reader(*, place: Place, person: User | None, at: dt.datetime) -> Callable[[], set[str]]:
    """A function giving the person's plan tokens at ``at``, read once and only when a rule needs them.
    (Over a range, e.g. a weekly series: :class:`PlansOverRange` and its ``at(instant)``.)"""
    return _instant_reader(place=place, person=person, at=at)
