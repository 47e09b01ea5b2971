"""Reads about the association. ``is_up_to_date`` is what governance asks ("à jour de cotisation")."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from comptoir.association.models import Adhesion, FeeScheme
from comptoir.billing.selectors import cancelled_invoices

if TYPE_CHECKING:
    from uuid import UUID

    from comptoir.people.models import User
    from comptoir.places.models import Place


def fee_scheme_list(*, place: Place, active_only: bool = False) -> QuerySet[FeeScheme]:
    schemes = FeeScheme.objects.filter(place=place).select_related("entity")
    return schemes.filter(is_active=True) if active_only else schemes


def adhesion_list(*, place: Place, user: User | None = None, search: str = "") -> QuerySet[Adhesion]:
    adhesions = Adhesion.objects.filter(place=place).select_related("user", "scheme", "invoice")
    if user is not None:
        adhesions = adhesions.filter(user=user)
    if search:
        adhesions = adhesions.filter(Q(user__display_name__icontains=search) | Q(user__email__icontains=search))
    return adhesions


def adhesion_awaiting_payment(*, place: Place, user: User) -> Adhesion | None:
    """The member's adhésion whose invoice is still to pay (there is at most one: joining again waits)."""
    return (
        Adhesion.objects.filter(place=place, user=user, status=Adhesion.Status.AWAITING_PAYMENT)
        .select_related("scheme", "invoice")
        .order_by("starts_on")
        .first()
    )


def _covering(*, place: Place | int, on: dt.date) -> QuerySet[Adhesion]:
    """Adhésions that make their member "à jour" on ``on``: paid (or free) and covering the day.

    An adhésion is marked paid however its invoice is paid (billing's ``invoice_settled`` hook). One
    whose invoice was cancelled by a credit note (refunded) does not count.
    """
    return Adhesion.objects.filter(
        place=place, starts_on__lte=on, ends_on__gte=on, status=Adhesion.Status.PAID
    ).exclude(invoice__in=cancelled_invoices(place=place))


def adhesion_covers(*, adhesion: Adhesion, on: dt.date) -> bool:
    """Whether ``adhesion`` makes its member up to date on ``on`` (the rule of ``_covering``)."""
    return _covering(place=adhesion.place_id, on=on).filter(pk=adhesion.pk).exists()


def adhesion_current(*, place: Place, user: User, on: dt.date) -> Adhesion | None:
    """The paid adhésion covering ``on``, or None."""
    return _covering(place=place, on=on).filter(user=user).select_related("scheme").first()


def is_up_to_date(*, place: Place, user: User, on: dt.date) -> bool:
    """Whether ``user`` is "à jour de cotisation" on ``on``: a paid adhésion covers that day."""
    return _covering(place=place, on=on).filter(user=user).exists()


def up_to_date_user_ids(*, place: Place, on: dt.date) -> set[int]:
    """Every member up to date on ``on`` (one query), e.g. the electorate of a general assembly."""
    return set(_covering(place=place, on=on).values_list("user_id", flat=True))


def adhesion_by_card_token(*, place: Place, token: UUID | str) -> Adhesion | None:
    return Adhesion.objects.filter(place=place, card_token=token).select_related("user", "scheme").first()
