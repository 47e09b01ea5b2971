"""Reads of the mediation app. Every read takes the place."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from comptoir.mediation.models import (
    Accompaniment,
    Beneficiary,
    Registration,
    Voucher,
    VoucherBooklet,
    VoucherClaim,
    Workshop,
    WorkshopSession,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from comptoir.mediation.models import Appointment, AvailabilityRule
    from comptoir.people.models import User
    from comptoir.places.models import Place

_CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)
_WAITING = Q(registrations__status=Registration.Status.WAITING)


def beneficiary_list(*, place: Place, search: str = "") -> QuerySet[Beneficiary]:
    beneficiaries = Beneficiary.objects.filter(place=place, anonymised_at__isnull=True)
    if search:
        beneficiaries = beneficiaries.filter(
            Q(first_name__icontains=search) | Q(email__icontains=search) | Q(phone__icontains=search)
        )
    return beneficiaries.order_by("first_name", "pk")


def beneficiary_recent(*, place: Place, limit: int = 30) -> list[Beneficiary]:
    """The people seen lately, for the quick entry form."""
    return list(
        Beneficiary.objects.filter(place=place, anonymised_at__isnull=True)
        .order_by(F("last_visit").desc(nulls_last=True), "-pk")
        .only("pk", "first_name", "commune", "last_visit", "anonymised_at")[:limit]
    )


def accompaniment_list(
    *, place: Place, start: dt.date | None = None, end: dt.date | None = None, mediator: User | None = None
) -> QuerySet[Accompaniment]:
    accompaniments = Accompaniment.objects.filter(place=place).select_related("mediator", "beneficiary")
    if start:
        accompaniments = accompaniments.filter(date__gte=start)
    if end:
        accompaniments = accompaniments.filter(date__lte=end)
    if mediator is not None:
        accompaniments = accompaniments.filter(mediator=mediator)
    return accompaniments.order_by("-date", "-pk")


def accompaniment_get(*, place: Place, accompaniment_id: int) -> Accompaniment | None:
    return accompaniment_list(place=place).filter(pk=accompaniment_id).first()


def workshop_list(*, place: Place, published_only: bool = False) -> QuerySet[Workshop]:
    workshops = Workshop.objects.filter(place=place)
    if published_only:
        workshops = workshops.filter(is_published=True)
    return workshops.order_by("title", "pk")


def workshop_get(*, place: Place, workshop_id: int) -> Workshop | None:
    return Workshop.objects.filter(place=place, pk=workshop_id).first()


def _with_counts(sessions: QuerySet[WorkshopSession]) -> QuerySet[WorkshopSession]:
    return sessions.select_related("workshop", "room_booking__resource").annotate(
        confirmed_count=Count("registrations", filter=_CONFIRMED, distinct=True),
        waiting_count=Count("registrations", filter=_WAITING, distinct=True),
    )


def session_list(
    *, place: Place, start: dt.datetime | None = None, end: dt.datetime | None = None, workshop: Workshop | None = None
) -> QuerySet[WorkshopSession]:
    sessions = WorkshopSession.objects.filter(place=place)
    if start:
        sessions = sessions.filter(starts_at__gte=start)
    if end:
        sessions = sessions.filter(starts_at__lt=end)
    if workshop is not None:
        sessions = sessions.filter(workshop=workshop)
    return _with_counts(sessions).prefetch_related("mediators").order_by("starts_at", "pk")


def session_get(*, place: Place, session_id: int) -> WorkshopSession | None:
    return _with_counts(WorkshopSession.objects.filter(place=place, pk=session_id)).first()


def _open_to_public(*, place: Place) -> QuerySet[WorkshopSession]:
    return _with_counts(
        WorkshopSession.objects.filter(
            place=place,
            status=WorkshopSession.Status.SCHEDULED,
            workshop__is_published=True,
            starts_at__gt=timezone.now(),
        )
    ).order_by("starts_at", "pk")


def sessions_open_to_public(*, place: Place, limit: int = 20) -> list[WorkshopSession]:
    """The next scheduled sessions of published workshops, with their seats left."""
    return list(_open_to_public(place=place)[:limit])


def session_open_to_public(*, place: Place, session_id: int) -> WorkshopSession | None:
    """One session people may still register for (published, scheduled, not started)."""
    return _open_to_public(place=place).filter(pk=session_id).first()


def session_registrations(*, session: WorkshopSession) -> QuerySet[Registration]:
    return Registration.objects.filter(place=session.place_id, session=session).order_by("created_at", "pk")


def registration_by_token(*, place: Place, token: str) -> Registration | None:
    try:
        return (
            Registration.objects.filter(place=place, token=token)
            .select_related("session__workshop", "session__place")
            .first()
        )
    except (ValueError, TypeError):
        return None


def registration_get(*, place: Place, registration_id: int) -> Registration | None:
    return Registration.objects.filter(place=place, pk=registration_id).select_related("session").first()


def booklet_list(*, place: Place) -> QuerySet[VoucherBooklet]:
    return (
        VoucherBooklet.objects.filter(place=place)
        .annotate(used=Count("vouchers"))
        .order_by("-validity_year", "funder", "pk")
    )


def voucher_list(*, place: Place, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Voucher]:
    vouchers = Voucher.objects.filter(place=place).select_related("booklet", "claim")
    if start:
        vouchers = vouchers.filter(received_on__gte=start)
    if end:
        vouchers = vouchers.filter(received_on__lte=end)
    return vouchers.order_by("-received_on", "-pk")


def claim_list(*, place: Place) -> QuerySet[VoucherClaim]:
    return VoucherClaim.objects.filter(place=place).order_by("-month", "funder", "operator")


def claim_get(*, place: Place, claim_id: int) -> VoucherClaim | None:
    return claim_list(place=place).filter(pk=claim_id).first()


def room_resources(*, place: Place) -> list:
    """The place's bookable rooms a session may take (through the booking engine)."""
    from comptoir.spaces.models import Resource

    return list(Resource.objects.filter(place=place, is_active=True, kind=Resource.Kind.ROOM).order_by("name", "pk"))


def mediators_of(*, place: Place) -> list:
    """Members of the place who may run mediation (mediators and admins)."""
    from comptoir.core.permissions import Role
    from comptoir.people.models import Membership, User

    return list(
        User.objects.filter(
            memberships__place=place,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role_rows__role__in=[Role.MEDIATOR, Role.ADMIN],
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def appointment_list(
    *, place: Place, start: dt.datetime | None = None, statuses: Iterable[str] | None = None
) -> QuerySet[Appointment]:
    from comptoir.mediation.models import Appointment

    appointments = Appointment.objects.filter(place=place)
    if start is not None:
        appointments = appointments.filter(ends_at__gte=start)
    if statuses:
        appointments = appointments.filter(status__in=statuses)
    return appointments.select_related("mediator", "room_booking__resource").order_by("starts_at", "pk")


def appointment_get(*, place: Place, appointment_id: int) -> Appointment | None:
    return appointment_list(place=place).filter(pk=appointment_id).first()


def appointment_day(*, place: Place, day: dt.date) -> QuerySet[Appointment]:
    """The place's appointments starting on ``day`` (place's time zone), every status."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=place.tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=place.tz)
    return appointment_list(place=place).filter(starts_at__gte=start, starts_at__lt=end)


def availability_rule_list(*, place: Place) -> QuerySet[AvailabilityRule]:
    from comptoir.mediation.models import AvailabilityRule

    return (
        AvailabilityRule.objects.filter(place=place)
        .select_related("mediator", "resource")
        .order_by("weekday", "start_time", "mediator__display_name", "pk")
    )


def appointments_open_to_public(*, place: Place, limit: int = 60) -> list:
    """Free future slots, soonest first."""
    from comptoir.mediation.models import Appointment

    return list(
        appointment_list(place=place, statuses=[Appointment.Status.OPEN]).filter(starts_at__gt=timezone.now())[:limit]
    )
