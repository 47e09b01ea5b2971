"""The mediation API: workshops and sessions (public), registrations, accompaniments, vouchers, statistics;
the appointments' router (``appointments.py``) is mounted on it. ``MediationConfig.api_router`` names
this module's ``router``."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from comptoir.core.api_auth import AUTH, access_for
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import or_404
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services, stats
from comptoir.mediation.api._common import place_room, public_place
from comptoir.mediation.api.appointments import router as appointments_router

router = Router(tags=["mediation"])


class WorkshopOut(Schema):
    id: int
    title: str
    description: str
    themes: list[str]
    level: str
    audience: str
    duration_minutes: int
    capacity: int
    equipment_needed: str
    price_kind: str
    price: Decimal | None
    vat_rate: str
    pass_numerique_accepted: bool


class SessionOut(Schema):
    id: int
    workshop_id: int
    workshop_title: str = Field(..., alias="workshop.title")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    seats_left: int
    waiting: int = Field(..., alias="waiting_count")
    status: str
    room: str = Field(..., alias="room_label")


class StaffSessionOut(SessionOut):
    room_resource_id: int | None
    room_booking_id: int | None
    room_booking_state: str | None
    mediator_ids: list[int]

    @staticmethod
    def resolve_room_resource_id(obj):
        return obj.room_booking.resource_id if obj.room_booking_id else None

    @staticmethod
    def resolve_room_booking_state(obj):
        return obj.room_booking.state if obj.room_booking_id else None

    @staticmethod
    def resolve_mediator_ids(obj):
        return [m.pk for m in obj.mediators.all()]


class SessionsIn(Schema):
    workshop_id: int
    first_start: dt.datetime
    count: int = Field(1, ge=1, le=52)
    every_days: int = Field(7, ge=1, le=366)
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    capacity: int | None = Field(None, ge=1, le=500)
    mediator_ids: list[int] = []
    room: str = Field("", max_length=100)
    resource_id: int | None = None


class SessionMoveIn(Schema):
    starts_at: dt.datetime
    duration_minutes: int | None = Field(None, ge=1, le=1440)


class SessionCancelIn(Schema):
    reason: str = Field("", max_length=300)


class RegistrationIn(Schema):
    first_name: str = Field(..., max_length=80)
    email: str = ""
    phone: str = ""


class RegistrationOut(Schema):
    id: int
    session_id: int
    status: str
    token: uuid.UUID


class StaffRegistrationOut(Schema):
    id: int
    first_name: str
    email: str
    phone: str
    status: str
    attended: bool | None
    is_walk_in: bool
    created_at: dt.datetime


@router.get("/places/{slug}/workshops", response=list[WorkshopOut], auth=None, summary="Published workshops")
def workshops(request, slug: str):
    return list(selectors.workshop_list(place=public_place(slug), published_only=True))


@router.get(
    "/places/{slug}/workshop-sessions", response=list[SessionOut], auth=None,
    summary="Next sessions open to registration, with the seats left",
)  # fmt: skip
def public_sessions(request, slug: str):
    return selectors.sessions_open_to_public(place=public_place(slug), limit=100)


@router.post(
    "/places/{slug}/workshop-sessions", response={201: list[StaffSessionOut]}, auth=AUTH,
    summary="Schedule a session or a series (staff); the room is booked for every date, all or nothing (409)",
)  # fmt: skip
def sessions_create(request, slug: str, payload: SessionsIn):
    access = access_for(request, slug, mp.MANAGE_WORKSHOPS)
    place = access.place
    workshop = or_404(selectors.workshop_get(place=place, workshop_id=payload.workshop_id))
    resource = place_room(place, payload.resource_id)
    mediators = [m for m in selectors.mediators_of(place=place) if m.pk in set(payload.mediator_ids)]
    if len(mediators) != len(set(payload.mediator_ids)):
        raise ServiceError(_("Mediators must be members of the place."), field="mediators")
    # A time without a zone is the place's: the service reads it so.
    sessions = services.session_series_create(
        workshop=workshop, actor=access.user, first_start=payload.first_start, count=payload.count,
        every_days=payload.every_days, duration_minutes=payload.duration_minutes, capacity=payload.capacity,
        mediators=mediators, room=payload.room, resource=resource,
    )  # fmt: skip
    ids = [s.pk for s in sessions]
    return Status(201, list(selectors.session_list(place=place).filter(pk__in=ids)))


def _staff_session(access, session_id: int):
    return or_404(selectors.session_get(place=access.place, session_id=session_id))


@router.post(
    "/places/{slug}/workshop-sessions/{session_id}/move", response=StaffSessionOut, auth=AUTH,
    summary="Move a session (staff); its room booking moves too (409 when the room is taken)",
)  # fmt: skip
def session_move(request, slug: str, session_id: int, payload: SessionMoveIn):
    access = access_for(request, slug, mp.MANAGE_WORKSHOPS)
    session = _staff_session(access, session_id)
    services.session_move(
        session=session, actor=access.user, starts_at=payload.starts_at, duration_minutes=payload.duration_minutes
    )
    return _staff_session(access, session_id)


@router.post(
    "/places/{slug}/workshop-sessions/{session_id}/cancel", response=StaffSessionOut, auth=AUTH,
    summary="Cancel a session (staff): registered people are told, the room booking is cancelled",
)  # fmt: skip
def session_cancel(request, slug: str, session_id: int, payload: SessionCancelIn):
    access = access_for(request, slug, mp.MANAGE_WORKSHOPS)
    session = _staff_session(access, session_id)
    services.session_cancel(session=session, actor=access.user, reason=payload.reason)
    return _staff_session(access, session_id)


@router.post(
    "/places/{slug}/workshop-sessions/{session_id}/registrations", response={201: RegistrationOut}, auth=None,
    summary="Register without an account (a seat, or the waiting list when full)",
)  # fmt: skip
def register(request, slug: str, session_id: int, payload: RegistrationIn):
    place = public_place(slug)
    session = or_404(selectors.session_open_to_public(place=place, session_id=session_id))
    actor = request.user if request.user.is_authenticated else None  # a signed-in member's own seat
    registration = services.registration_create(session=session, actor=actor, **payload.model_dump())
    return Status(201, registration)


@router.get(
    "/places/{slug}/workshop-sessions/{session_id}/registrations", response=list[StaffRegistrationOut], auth=AUTH,
    summary="Registrations of a session (staff)",
)  # fmt: skip
def session_registrations(request, slug: str, session_id: int):
    access = access_for(request, slug, mp.RECORD_ACTIVITY)
    return list(selectors.session_registrations(session=_staff_session(access, session_id)))


@router.post(
    "/places/{slug}/registrations/{registration_id}/cancel", response=StaffRegistrationOut, auth=AUTH,
    summary="Cancel a registration (staff); the waiting list moves up",
)  # fmt: skip
def registration_cancel(request, slug: str, registration_id: int):
    access = access_for(request, slug, mp.RECORD_ACTIVITY)
    registration = or_404(selectors.registration_get(place=access.place, registration_id=registration_id))
    return services.registration_cancel(registration=registration, actor=access.user)


class AccompanimentIn(Schema):
    date: dt.date | None = None
    place_type: str = "lieu_activite"
    type: str = "individuel"
    duration_minutes: int = 30
    themes: list[str]
    equipment: list[str] = []
    autonomy: str = ""
    referral_structure: str = ""
    beneficiary_id: int | None = None
    gender: str = ""
    age_bracket: str = ""
    social_status: str = ""
    commune: str = ""
    is_first_visit: bool = False


class AccompanimentOut(Schema):
    id: int
    type: str
    date: dt.date
    duration_minutes: int
    place_type: str
    themes: list[str]
    equipment: list[str]
    autonomy: str
    referred: bool
    referral_structure: str
    beneficiary_id: int | None
    mediator_id: int | None


@router.get("/places/{slug}/accompaniments", response=list[AccompanimentOut], auth=AUTH, summary="Accompaniments")
def accompaniments(request, slug: str, start: dt.date | None = None, end: dt.date | None = None):
    access = access_for(request, slug, mp.VIEW_BENEFICIARIES)
    return list(selectors.accompaniment_list(place=access.place, start=start, end=end)[:500])


@router.post(
    "/places/{slug}/accompaniments", response={201: list[AccompanimentOut]}, auth=AUTH,
    summary="Record one or several accompaniments of the same day",
)  # fmt: skip
def accompaniments_create(request, slug: str, payload: list[AccompanimentIn]):
    access = access_for(request, slug, mp.VIEW_BENEFICIARIES)
    if not payload:
        return Status(201, [])
    first = payload[0]
    lines = [services.AccompanimentInput(**item.model_dump(exclude={"date", "place_type"})) for item in payload]
    records = services.accompaniments_record(
        place=access.place, mediator=access.user, lines=lines, day=first.date, place_type=first.place_type
    )
    return Status(201, records)


class VoucherIn(Schema):
    code: str
    funder: str
    validity_year: int
    received_on: dt.date | None = None
    accompaniment_id: int | None = None
    registration_id: int | None = None


class VoucherOut(Schema):
    id: int
    code: str
    funder: str = Field(..., alias="booklet.funder")
    validity_year: int = Field(..., alias="booklet.validity_year")
    face_value: Decimal = Field(..., alias="booklet.face_value")
    received_on: dt.date


@router.get("/places/{slug}/vouchers", response=list[VoucherOut], auth=AUTH, summary="Pass Numérique vouchers")
def vouchers(request, slug: str):
    access = access_for(request, slug, mp.RECORD_VOUCHERS)
    return list(selectors.voucher_list(place=access.place)[:500])


@router.post(
    "/places/{slug}/vouchers", response={201: VoucherOut}, auth=AUTH,
    summary="Accept a Pass Numérique voucher (refused with a clear message when used, expired or unknown)",
)  # fmt: skip
def voucher_accept(request, slug: str, payload: VoucherIn):
    access = access_for(request, slug, mp.RECORD_VOUCHERS)
    data = payload.model_dump()
    accompaniment_id, registration_id = data.pop("accompaniment_id"), data.pop("registration_id")
    accompaniment = registration = None
    if accompaniment_id is not None:
        accompaniment = or_404(selectors.accompaniment_get(place=access.place, accompaniment_id=accompaniment_id))
    if registration_id is not None:
        registration = or_404(selectors.registration_get(place=access.place, registration_id=registration_id))
    voucher = services.voucher_record(
        place=access.place, actor=access.user, accompaniment=accompaniment, registration=registration, **data
    )
    return Status(201, voucher)


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    accompaniments: int
    sessions: int
    participants: int
    unique_beneficiaries: int
    first_visits: int
    returning: int
    hours: Decimal
    fill_rate: Decimal | None
    attendance_rate: Decimal | None
    by_type: dict[str, int]
    by_theme: dict[str, int]
    by_age: dict[str, int]
    by_gender: dict[str, int]
    by_status: dict[str, int]
    by_commune: dict[str, int]


@router.get("/places/{slug}/mediation-statistics", response=StatsOut, auth=AUTH, summary="Activity statistics")
def statistics(
    request, slug: str, start: dt.date | None = None, end: dt.date | None = None, mediator_id: int | None = None
):
    access = access_for(request, slug, mp.VIEW_REPORTS)
    mediator = None
    if mediator_id is not None:
        mediator = next((m for m in selectors.mediators_of(place=access.place) if m.pk == mediator_id), None)
        if mediator is None:
            raise Http404
    today = timezone.localdate(timezone=access.place.tz)
    start = start or today.replace(day=1)
    end = end or today
    if start > end or (end - start).days > 366 * 5:
        raise ServiceError(_("The start must be before the end, within five years."), field="start")
    report = stats.activity_report(place=access.place, start=start, end=end, mediator=mediator)
    data = {name: getattr(report, name) for name in StatsOut.model_fields if not name.startswith("by_")}
    data.update({name: dict(getattr(report, name)) for name in StatsOut.model_fields if name.startswith("by_")})
    return data


router.add_router("", appointments_router)  # last, as its paths were listed after these
