"""The spaces API: resources, availability, bookings (create, move, cancel, approve, no-show).

Paths are written in full ("/places/{slug}/..."). Refusals come back as ``{"detail": ..., "code": ...}``:
409 ``taken``/``full`` (slot taken), ``already_booked`` (the person holds it already), 400 ``closed``
(outside opening hours), ``closure``, ``too_short``, ``too_long``, ``granularity``, ``too_far``,
``capacity``, ``role``, ``deadline``... 403 when not allowed, 404 for an unknown place, resource or
booking (or one of another place).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from comptoir.core.api_auth import AUTH, access_for, member_access_for
from comptoir.core.api_schemas import ERRORS, ErrorOut
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import or_404
from comptoir.spaces import permissions as sp
from comptoir.spaces import selectors, services
from comptoir.spaces.availability import availability_search, free_time
from comptoir.spaces.engine import in_supported_range
from comptoir.spaces.models import Booking

router = Router(tags=["spaces"], auth=AUTH)

MAX_SEARCH_DAYS = 31


class ResourceOut(Schema):
    resource_id: int = Field(..., alias="pk")  # what a workshop session's or an appointment slot's room takes
    slug: str  # what a booking's ``resource`` takes
    name: str
    kind: str
    capacity: int
    seats: int
    description: str
    amenities: list
    accessibility: str
    opening_hours: str
    min_minutes: int
    max_minutes: int
    granularity_minutes: int
    horizon_days: int
    buffer_minutes: int
    cancel_hours: int
    requires_approval: bool
    price_hour_member: Decimal
    price_hour_public: Decimal
    price_half_day_member: Decimal | None
    price_half_day_public: Decimal | None
    price_day_member: Decimal | None
    price_day_public: Decimal | None

    @staticmethod
    def resolve_opening_hours(obj):
        return obj.hours_expression()


class ReasonOut(Schema):
    code: str
    message: str


class AvailabilityOut(Schema):
    resource: str
    name: str
    capacity: int
    bookable: bool
    reasons: list[ReasonOut]


class RangeOut(Schema):
    start: dt.datetime
    end: dt.datetime


class FreeOut(Schema):
    resource: str
    name: str
    free: list[RangeOut]


class BookingOut(Schema):
    id: int
    resource: str = Field(..., alias="resource.slug")
    resource_name: str = Field(..., alias="resource.name")
    person: str = Field(..., alias="person.display_name")
    user_id: int = Field(..., alias="person_id")  # the person's account, as the member list gives it
    start: dt.datetime
    end: dt.datetime
    state: str
    seat: int
    title: str
    attendees: int
    cancel_reason: str
    internal_use: bool  # held by the place in the person's name (a resident's desk, a workshop's room)


class BookingIn(Schema):
    resource: str
    start: dt.datetime
    end: dt.datetime
    title: str = ""
    attendees: int = 1
    person_email: str | None = None  # staff only: book for someone else


class MoveIn(Schema):
    start: dt.datetime
    end: dt.datetime
    resource: str | None = None  # another resource of the place (its slug); default: the same one


class CancelIn(Schema):
    reason: str = ""


class SearchQuery(Schema):
    start: dt.datetime
    end: dt.datetime
    attendees: int = 1
    kind: str | None = None


def _aware(moment: dt.datetime, tz) -> dt.datetime:
    return timezone.make_aware(moment, tz) if timezone.is_naive(moment) else moment


def _window(start: dt.datetime, end: dt.datetime, tz) -> tuple[dt.datetime, dt.datetime]:
    start, end = _aware(start, tz), _aware(end, tz)
    if not in_supported_range(start, end):
        raise ServiceError(_("This date is out of range."), code="invalid")
    if end <= start:
        raise ServiceError(_("The end must be after the start."), code="invalid", field="end")
    if end - start > dt.timedelta(days=MAX_SEARCH_DAYS):
        raise ServiceError(_("Search at most %(n)d days at once.") % {"n": MAX_SEARCH_DAYS}, code="invalid")
    return start, end


def _booking(access, booking_id: int) -> Booking:
    booking = selectors.booking_get(place=access.place, booking_id=booking_id)
    if booking is None or (booking.person_id != access.user.pk and not access.has(sp.BOOKINGS_VIEW)):
        raise Http404
    return booking


@router.get("/places/{slug}/resources", response={200: list[ResourceOut], 404: ErrorOut})
def resources(request, slug: str):
    access = member_access_for(request, slug)
    return list(selectors.resource_list(place=access.place))


@router.get("/places/{slug}/availability", response={200: list[AvailabilityOut], **ERRORS})
def availability(request, slug: str, query: Query[SearchQuery]):
    """Which resources can be booked over the slot, and why the others cannot."""
    access = member_access_for(request, slug)
    start, end = _window(query.start, query.end, access.place.tz)
    results = availability_search(
        place=access.place, start=start, end=end, attendees=max(1, query.attendees), kind=query.kind,
        person=access.user, as_staff=access.has(sp.BOOKINGS_MANAGE),
        roles=access.member_roles,
    )  # fmt: skip
    return [
        {
            "resource": r.resource.slug,
            "name": r.resource.name,
            "capacity": r.resource.capacity,
            "bookable": r.is_bookable,
            "reasons": [reason.as_dict() for reason in r.reasons],
        }
        for r in results
    ]


@router.get("/places/{slug}/free", response={200: list[FreeOut], **ERRORS})
def free(request, slug: str, start: dt.datetime, end: dt.datetime, kind: str | None = None):
    """What is free between two times (e.g. this week), per resource."""
    access = member_access_for(request, slug)
    start, end = _window(start, end, access.place.tz)
    return [
        {"resource": res.slug, "name": res.name, "free": [{"start": a, "end": b} for a, b in ranges]}
        for res, ranges in free_time(place=access.place, start=start, end=end, kind=kind)
    ]


@router.get("/places/{slug}/bookings", response={200: list[BookingOut], **ERRORS})
def bookings(
    request, slug: str, everyone: bool = False, start: dt.datetime | None = None, end: dt.datetime | None = None
):
    """My upcoming bookings; with ``everyone=true`` (hosts), every booking between ``start`` and ``end``."""
    access = member_access_for(request, slug)
    if everyone:
        access.require(sp.BOOKINGS_VIEW)
        now = timezone.now()
        start, end = _window(start or now, end or now + dt.timedelta(days=7), access.place.tz)
        return list(selectors.booking_list(place=access.place, start=start, end=end)[:1000])
    return selectors.bookings_upcoming(place=access.place, person=access.user, since=timezone.now())


@router.get("/places/{slug}/bookings/{int:booking_id}", response={200: BookingOut, **ERRORS})
def booking_detail(request, slug: str, booking_id: int):
    return _booking(member_access_for(request, slug), booking_id)


@router.post("/places/{slug}/bookings", response={201: BookingOut, **ERRORS})
def booking_create(request, slug: str, payload: BookingIn):
    access = member_access_for(request, slug)
    tz = access.place.tz
    start, end = _aware(payload.start, tz), _aware(payload.end, tz)
    resource = or_404(selectors.resource_get(place=access.place, slug=payload.resource, closed_between=(start, end)))
    as_staff = access.has(sp.BOOKINGS_MANAGE)
    person = access.user
    roles = access.member_roles
    if payload.person_email:
        access.require(sp.BOOKINGS_MANAGE)
        from comptoir.people.selectors import membership_list

        membership = membership_list(place=access.place).filter(user__email__iexact=payload.person_email).first()
        if membership is None:
            raise ServiceError(_("No member of the place has this e-mail address."), field="person_email")
        person = membership.user
        roles = membership.role_codes if membership.is_active else None
    booking = services.booking_create(
        resource=resource, person=person, start=start, end=end,
        actor=access.user, as_staff=as_staff, title=payload.title, attendees=payload.attendees, roles=roles,
    )  # fmt: skip
    return Status(201, booking)


@router.post("/places/{slug}/bookings/{int:booking_id}/move", response={200: BookingOut, **ERRORS})
def booking_move(request, slug: str, booking_id: int, payload: MoveIn):
    access = member_access_for(request, slug)
    booking = _booking(access, booking_id)
    target = None
    if payload.resource:
        target = selectors.resource_get(place=access.place, slug=payload.resource)
        if target is None:
            raise ServiceError(_("No resource of the place has this name."), code="invalid", field="resource")
    tz = access.place.tz
    return services.booking_move(
        booking=booking, start=_aware(payload.start, tz), end=_aware(payload.end, tz), actor=access.user,
        as_staff=access.has(sp.BOOKINGS_MANAGE), resource=target,
    )  # fmt: skip


@router.post("/places/{slug}/bookings/{int:booking_id}/cancel", response={200: BookingOut, **ERRORS})
def booking_cancel(request, slug: str, booking_id: int, payload: CancelIn):
    access = member_access_for(request, slug)
    booking = _booking(access, booking_id)
    # A host cancelling their own booking does it as a member (no reason needed).
    as_staff = access.has(sp.BOOKINGS_MANAGE) and booking.person_id != access.user.pk
    return services.booking_cancel(booking=booking, actor=access.user, reason=payload.reason, as_staff=as_staff)


@router.post("/places/{slug}/bookings/{int:booking_id}/confirm", response={200: BookingOut, **ERRORS})
def booking_confirm(request, slug: str, booking_id: int):
    access = access_for(request, slug, sp.BOOKINGS_MANAGE)
    return services.booking_confirm(booking=_booking(access, booking_id), actor=access.user)


@router.post("/places/{slug}/bookings/{int:booking_id}/no-show", response={200: BookingOut, **ERRORS})
def booking_no_show(request, slug: str, booking_id: int):
    access = access_for(request, slug, sp.BOOKINGS_MANAGE)
    return services.booking_no_show(booking=_booking(access, booking_id), actor=access.user)


class SeriesIn(Schema):
    resource: str
    start: dt.datetime
    end: dt.datetime
    every_weeks: int = 1
    until: dt.date
    title: str = ""
    attendees: int = 1
    skip_conflicts: bool = False


class OccurrenceOut(Schema):
    start: dt.datetime
    end: dt.datetime
    bookable: bool
    reasons: list[ReasonOut]


class SeriesOut(Schema):
    bookings: list[BookingOut]
    skipped: list[OccurrenceOut]


def _occurrence(occ) -> dict:
    return {
        "start": occ.start,
        "end": occ.end,
        "bookable": occ.is_bookable,
        "reasons": [r.as_dict() for r in occ.reasons],
    }


def _series_args(access, payload: SeriesIn) -> dict:
    resource = or_404(selectors.resource_get(place=access.place, slug=payload.resource))
    tz = access.place.tz
    return {
        "resource": resource,
        "person": access.user,
        "start": _aware(payload.start, tz),
        "end": _aware(payload.end, tz),
        "every_weeks": payload.every_weeks,
        "until": payload.until,
        "as_staff": access.has(sp.BOOKINGS_MANAGE),
        "attendees": max(1, payload.attendees),
    }


@router.post("/places/{slug}/bookings/series/preview", response={200: list[OccurrenceOut], **ERRORS})
def series_preview(request, slug: str, payload: SeriesIn):
    """Every occurrence of a weekly series with the reasons some cannot be booked (nothing is booked)."""
    access = member_access_for(request, slug)
    return [_occurrence(occ) for occ in services.booking_series_preview(**_series_args(access, payload))]


@router.post("/places/{slug}/bookings/series", response={201: SeriesOut, **ERRORS})
def series_create(request, slug: str, payload: SeriesIn):
    """Book a weekly series: 409 listing the dates that cannot be booked, unless ``skip_conflicts``."""
    access = member_access_for(request, slug)
    _series, made, skipped = services.booking_series_create(
        **_series_args(access, payload), actor=access.user, title=payload.title,
        skip_conflicts=payload.skip_conflicts,
    )  # fmt: skip
    return Status(201, {"bookings": made, "skipped": [_occurrence(occ) for occ in skipped]})
