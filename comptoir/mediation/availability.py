"""Free appointment slots (reads): the slots staff opened one by one, and (later) those of weekly rules.

A slot has a ``key`` the public page and the API book it by: ``a<appointment id>`` for an opened slot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from comptoir.mediation import selectors


@dataclass(frozen=True)
class FreeSlot:
    key: str
    mediator: Any
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str = ""
    appointment_id: int | None = None
    rule_id: int | None = None

    @property
    def room_label(self) -> str:
        return self.room


def _from_appointment(appointment) -> FreeSlot:
    return FreeSlot(
        key=f"a{appointment.pk}", mediator=appointment.mediator, starts_at=appointment.starts_at,
        ends_at=appointment.ends_at, room=appointment.room_label, appointment_id=appointment.pk,
    )  # fmt: skip


def free_slots(*, place, limit: int = 60) -> list[FreeSlot]:
    """The place's free future slots, soonest first."""
    slots = [_from_appointment(a) for a in selectors.appointments_open_to_public(place=place, limit=limit)]
    return sorted(slots, key=lambda s: (s.starts_at, s.mediator.pk))[:limit]


def slot_from_key(*, place, key: str) -> FreeSlot | None:
    """The slot a key names in the place (an opened slot whatever its state: taking it says if it is gone)."""
    if key.startswith("a") and key[1:].isdigit():
        appointment = selectors.appointment_get(place=place, appointment_id=int(key[1:]))
        return _from_appointment(appointment) if appointment is not None else None
    return None
