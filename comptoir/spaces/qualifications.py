"""Who may book a resource: roles, and plans when an app sells them.

A resource's ``allowed_roles`` holds role codes and plan tokens (``"plan:<kind>"``). The roles come from
the membership; the plans from whichever app declares ``booking_plans = "module:function"`` on its
AppConfig (coworking does): ``function(place=, person=, at=) -> set of plan tokens`` valid at ``at``,
and ``booking_plan_choices = "module:function"`` giving ``[(token, label)]`` for the staff form. Without
such an app, resources can only be restricted by role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from comptoir.core.registry import hooks

PLAN_PREFIX = "plan:"


def _hook(attribute: str):
    return next(iter(hooks(attribute)), None)


def plan_choices(*, place) -> list[tuple[str, str]]:
    provider = _hook("booking_plan_choices")
    return list(provider(place=place)) if provider else []


def plans_reader(*, place, person, at: dt.datetime) -> Callable[[], set[str]]:
    """A function giving the person's plan tokens at ``at``, read once and only when a rule needs them."""
    cache: dict[str, set[str]] = {}

    def read() -> set[str]:
        if "plans" not in cache:
            provider = _hook("booking_plans")
            known = person is not None and getattr(person, "is_authenticated", False)
            found = provider(place=place, person=person, at=at) if provider and known else set()
            cache["plans"] = set(found)
        return cache["plans"]

    return read
