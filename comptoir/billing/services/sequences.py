"""Gapless numbers: lock one row per (entity, series) for the rest of the transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from comptoir.billing.models import NumberSequence

if TYPE_CHECKING:
    from comptoir.places.models import LegalEntity


def lock_sequence(*, entity: LegalEntity, series: str) -> NumberSequence:
    """The sequence row, locked until the caller's transaction ends (call inside ``atomic``).

    PostgreSQL: ``SELECT ... FOR UPDATE`` makes concurrent issuers wait for each other. SQLite: the
    IMMEDIATE transaction mode already serialises writers for the whole transaction.
    """
    if not NumberSequence.objects.filter(entity=entity, series=series).exists():
        try:
            with transaction.atomic():
                NumberSequence.objects.create(entity=entity, series=series)
        except IntegrityError:
            pass  # another transaction created it first
    return NumberSequence.objects.select_for_update().get(entity=entity, series=series)


def take_next(*, entity: LegalEntity, series: str) -> int:
    sequence = lock_sequence(entity=entity, series=series)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number
