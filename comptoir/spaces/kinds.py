"""Kinds of bookable resources: what the app owning a kind tells the booking engine.

Every app declares the kinds of resources it owns with the ``resource_kinds`` hook of its AppConfig (see
:mod:`comptoir.core.registry`): a list of :class:`ResourceKind`. Spaces declares rooms, desks, pools of
seats, machines and equipment; a lending app would declare ``loan_item``, a fablab ``machine`` rules of
its own. A kind gives:

- ``code`` (stored in ``Resource.kind``, at most 20 characters) and ``label`` (shown to people);
- ``hours_rule``: the default of its resources' opening-hours rule (``Resource.hours_rule`` empty):
  :data:`HOURS_WHOLE` — the whole booking within opening hours (rooms, desks, machines by the hour) —
  or :data:`HOURS_ENDS` — only the pick-up (start) and the return (end) within them, the span between
  may cross nights and closed days (a lent object). With ``ends``, a closure of the whole place only
  matters at pick-up and return; a closure of the resource itself still blocks the whole range;
- ``check_state(resource=, start=, end=)``: may refuse the range because of the resource's own state
  (out of order, not returned yet...) by raising :class:`~comptoir.core.errors.ServiceError`;
- ``check_person(resource=, person=, start=, end=, as_staff=)``: may refuse the person (no habilitation
  for this machine...) by raising :class:`~comptoir.core.errors.ServiceError`; ``person`` is None for an
  anonymous search.

The engine turns a refusal into a :class:`~comptoir.spaces.engine.Reason` (the error's code and
message) beside its own, in searches, slot pickers, series previews and under the booking's lock. The
checks are the owning app's code and may read the database: they are called once per slot checked, and
only for kinds that declare them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import collected

HOURS_WHOLE = "whole"
HOURS_ENDS = "ends"
HOURS_RULES = [
    (HOURS_WHOLE, _("The whole booking within opening hours")),
    (HOURS_ENDS, _("Only pick-up and return within opening hours")),
]


@dataclass(frozen=True)
class ResourceKind:
    """A kind of bookable resource and the rules its owning app adds (see the module docstring)."""

    code: str
    label: Any  # a lazy translated string
    hours_rule: str = HOURS_WHOLE
    check_state: Callable[..., None] | None = None
    check_person: Callable[..., None] | None = None
    order: int = 100

    def __post_init__(self):
        assert self.hours_rule in (HOURS_WHOLE, HOURS_ENDS), self.hours_rule
        assert len(self.code) <= 20, self.code


class SpacesKind(models.TextChoices):
    """The kinds spaces itself owns (``Resource.Kind``)."""

    ROOM = "room", _("Room")
    DESK = "desk", _("Desk")
    POOL = "pool", _("Pool of seats")
    MACHINE = "machine", _("Machine")
    EQUIPMENT = "equipment", _("Equipment")


SPACES_KINDS = [ResourceKind(kind.value, kind.label, order=n) for n, kind in enumerate(SpacesKind)]


_index: list = [(), {}]  # the registry's last tuple of kinds and those kinds by code


def resource_kinds() -> dict[str, ResourceKind]:
    """Every kind the installed apps declare, by code, in order (indexed once per registry state: the
    engine asks once per slot it checks)."""
    declared = collected("resource_kinds")
    if declared is not _index[0]:
        _index[:] = [declared, {kind.code: kind for kind in declared}]
    return _index[1]


def kind_of(resource) -> ResourceKind | None:
    """The declared kind of ``resource`` (None for a kind no installed app declares any more)."""
    return resource_kinds().get(getattr(resource, "kind", None))


def kind_choices() -> list[tuple[str, Any]]:
    """``Resource.kind``'s choices: every declared kind (a callable, so apps added later count)."""
    return [(kind.code, kind.label) for kind in resource_kinds().values()]


def hours_rule_of(resource) -> str:
    """The resource's opening-hours rule: its own, else its kind's, else the whole booking."""
    own = getattr(resource, "hours_rule", "")  # the engine also serves plain objects shaped like a resource
    if own:
        return own
    kind = kind_of(resource)
    return kind.hours_rule if kind is not None else HOURS_WHOLE
