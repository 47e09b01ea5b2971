"""Reads of the outbox, always scoped by place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from comptoir.tasks.models import Delivery

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from comptoir.places.models import Place


def delivery_problem_list(*, place: Place) -> QuerySet[Delivery]:
    """The place's messages that could not be sent: dead ones (``failed``) and those waiting for another
    attempt after a failure, newest first."""
    return Delivery.objects.filter(place=place).filter(
        Q(state=Delivery.State.FAILED) | Q(state=Delivery.State.PENDING, attempts__gt=0)
    )


def delivery_get(*, place: Place, pk: int) -> Delivery | None:
    return Delivery.objects.filter(place=place, pk=pk).first()
