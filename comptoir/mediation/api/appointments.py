"""The appointments API: free slots and booking (public, no account), the day's list and follow-up (staff).

Mounted on the mediation router (``comptoir.mediation.api``). Personal data (who took a slot) is staff-only:
mediators and place admins (``mediation.view_beneficiaries``); another place's staff get 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from comptoir.core.api_auth import AUTH, access_for
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import or_404
from comptoir.mediation import availability, selectors, services
from comptoir.mediation import permissions as mp
from comptoir.mediation.api._common import place_room, public_place

router = Router(tags=["mediation"])


class SlotOut(Schema):
    key: str = Field(..., description="What to book: pass it to POST …/appointment-slots/{key}/book")
    appointment_id: int | None
    mediator_id: int
    mediator_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str


class SlotsIn(Schema):
    mediator_id: int
    first_start: dt.datetime
    count: int = Field(1, ge=1, le=16)
    duration_minutes: int = Field(30, ge=5, le=240)
    room: str = Field("", max_length=100)
    resource_id: int | None = None


class BookIn(Schema):
    first_name: str = Field(..., max_length=80)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    subject: str = Field("", max_length=200)


class BookedOut(Schema):
    appointment_id: int = Field(..., alias="pk")
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class StaffAppointmentOut(Schema):
    id: int
    mediator_id: int
    mediator_name: str = Field(..., alias="mediator.display_name")
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    room: str = Field(..., alias="room_label")
    room_booking_id: int | None
    first_name: str
    email: str
    phone: str
    subject: str
    accompaniment_id: int | None


class CancelIn(Schema):
    reason: str = Field("", max_length=300)


class HeldIn(Schema):
    """The accompaniment the appointment becomes (one line of the quick entry)."""

    type: str = "individuel"
    place_type: str = "lieu_activite"
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    themes: list[str]
    equipment: list[str] = []
    autonomy: str = ""
    referral_structure: str = ""
    beneficiary_id: int | None = None
    new_first_name: str = Field("", max_length=80)
    new_consent: bool = False
    gender: str = ""
    age_bracket: str = ""
    social_status: str = ""
    commune: str = Field("", max_length=100)
    is_first_visit: bool = False


class HeldOut(Schema):
    appointment_id: int
    accompaniment_id: int
    status: str


def _slot_out(slot) -> dict:
    return {
        "key": slot.key, "appointment_id": slot.appointment_id, "mediator_id": slot.mediator.pk,
        "mediator_name": slot.mediator.display_name, "starts_at": slot.starts_at, "ends_at": slot.ends_at,
        "room": slot.room,
    }  # fmt: skip


@router.get(
    "/places/{slug}/appointment-slots", response=list[SlotOut], auth=None,
    summary="Free appointment slots with the mediators, soonest first",
)  # fmt: skip
def slots(request, slug: str):
    place = public_place(slug)
    return [_slot_out(slot) for slot in availability.free_slots(place=place)]


@router.post(
    "/places/{slug}/appointment-slots/{key}/book", response={201: BookedOut}, auth=None,
    summary="Take a free slot without an account (first name and a phone or an e-mail); 409 when just taken",
)  # fmt: skip
def book(request, slug: str, key: str, payload: BookIn):
    place = public_place(slug)
    slot = or_404(availability.slot_from_key(place=place, key=key))
    actor = request.user if request.user.is_authenticated else None
    appointment = services.appointment_slot_take(place=place, slot=slot, actor=actor, **payload.model_dump())
    return Status(201, appointment)


@router.post(
    "/places/{slug}/appointment-slots", response={201: list[StaffAppointmentOut]}, auth=AUTH,
    summary="Open slots in a row with a mediator (staff); a room is booked for them, all or nothing (409)",
)  # fmt: skip
def slots_open(request, slug: str, payload: SlotsIn):
    access = access_for(request, slug, mp.MANAGE_WORKSHOPS)
    place = access.place
    mediator = next((m for m in selectors.mediators_of(place=place) if m.pk == payload.mediator_id), None)
    if mediator is None:
        raise ServiceError(_("Choose a mediator of the place."), field="mediator")
    resource = place_room(place, payload.resource_id)
    created = services.appointment_slots_create(  # a time without a zone is the place's (the service)
        place=place, mediator=mediator, actor=access.user, first_start=payload.first_start, count=payload.count,
        duration_minutes=payload.duration_minutes, resource=resource, room=payload.room,
    )  # fmt: skip
    return Status(201, list(selectors.appointment_list(place=place).filter(pk__in=[a.pk for a in created])))


@router.get(
    "/places/{slug}/appointments", response=list[StaffAppointmentOut], auth=AUTH,
    summary="The appointments of a day (staff: mediators and admins), today by default",
)  # fmt: skip
def day_list(request, slug: str, day: dt.date | None = None):
    access = access_for(request, slug, mp.VIEW_BENEFICIARIES)
    day = day or timezone.localdate(timezone=access.place.tz)
    return list(selectors.appointment_day(place=access.place, day=day))


def _staff_appointment(access, appointment_id: int):
    return or_404(selectors.appointment_get(place=access.place, appointment_id=appointment_id))


@router.post(
    "/places/{slug}/appointments/{appointment_id}/cancel", response=StaffAppointmentOut, auth=AUTH,
    summary="Cancel a slot, free or taken (staff); the room booking is cancelled, the person is told",
)  # fmt: skip
def cancel(request, slug: str, appointment_id: int, payload: CancelIn):
    access = access_for(request, slug, mp.VIEW_BENEFICIARIES)
    appointment = _staff_appointment(access, appointment_id)
    services.appointment_cancel(appointment=appointment, actor=access.user, reason=payload.reason)
    return _staff_appointment(access, appointment_id)


@router.post(
    "/places/{slug}/appointments/{appointment_id}/held", response={201: HeldOut}, auth=AUTH,
    summary="The appointment took place: it becomes an accompaniment (staff)",
)  # fmt: skip
def held(request, slug: str, appointment_id: int, payload: HeldIn):
    access = access_for(request, slug, mp.VIEW_BENEFICIARIES)
    appointment = _staff_appointment(access, appointment_id)
    data = payload.model_dump()
    place_type = data.pop("place_type")
    data["duration_minutes"] = data["duration_minutes"] or appointment.duration_minutes
    day = timezone.localtime(appointment.starts_at, access.place.tz).date()
    (record,) = services.accompaniments_record(
        place=access.place, mediator=access.user, lines=[services.AccompanimentInput(**data)], day=day,
        place_type=place_type, appointment=appointment,
    )  # fmt: skip
    return Status(201, {"appointment_id": appointment.pk, "accompaniment_id": record.pk, "status": "done"})


@router.post(
    "/places/{slug}/appointments/{appointment_id}/no-show", response=StaffAppointmentOut, auth=AUTH,
    summary="The person did not come (staff)",
)  # fmt: skip
def no_show(request, slug: str, appointment_id: int):
    access = access_for(request, slug, mp.VIEW_BENEFICIARIES)
    appointment = _staff_appointment(access, appointment_id)
    services.appointment_no_show(appointment=appointment, actor=access.user)
    return _staff_appointment(access, appointment_id)
