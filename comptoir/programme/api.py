"""The programme API: published activities and upcoming sessions (public), registration without an account.
``ProgrammeConfig.api_router`` names this module's ``router``."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status

from comptoir.core.api_schemas import ERRORS
from comptoir.core.viewhelpers import or_404
from comptoir.places.selectors import place_get_by_slug
from comptoir.programme import selectors, services
from comptoir.programme.services.registrations import MAX_SEATS

router = Router(tags=["programme"])


def _place(slug: str):
    return or_404(place_get_by_slug(slug=slug))


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    audience: str
    age_min: int | None
    age_max: int | None
    level: str
    themes: list[str]
    image_alt: str
    accessibility: str
    language: str
    organiser: str
    partners: str


class SessionOut(Schema):
    id: int
    activity_id: int
    activity_title: str = Field(..., alias="activity.title")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    seats_left: int
    waiting: int = Field(..., alias="waiting_count")
    location_kind: str
    location: str = Field(..., alias="location_label")
    online_url: str
    is_cancelled: bool
    cancel_reason: str


class RegistrationIn(Schema):
    first_name: str = Field(..., max_length=80)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    seats: int = Field(1, ge=1, le=MAX_SEATS)
    child_first_name: str = Field("", max_length=80)
    child_age: int | None = Field(None, ge=0, le=17)


class RegistrationOut(Schema):
    id: int
    session_id: int
    state: str
    seats: int
    token: str


@router.get("/places/{slug}/programme/activities", response=list[ActivityOut], auth=None,
            summary="The place's published activities")  # fmt: skip
def activities(request, slug: str):
    return list(selectors.activity_list(place=_place(slug), published_only=True))


@router.get("/places/{slug}/programme/sessions", response=list[SessionOut], auth=None,
            summary="Upcoming sessions of the published activities, with the seats left")  # fmt: skip
def sessions(request, slug: str):
    return selectors.agenda_sessions(place=_place(slug))


@router.post(
    "/places/{slug}/programme/sessions/{session_id}/registrations", response={201: RegistrationOut, **ERRORS},
    auth=None,
    summary="Register without an account: confirmed seats, or the waiting list when they do not all fit",
    description="The answer's `token` is the secret of the self-service link (see or cancel); keep it private.",
)  # fmt: skip
def register(request, slug: str, session_id: int, payload: RegistrationIn):
    session = selectors.public_session_get(place=_place(slug), session_id=session_id)
    if session is None:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    registration = services.registration_create(session=session, actor=user, user=user, **payload.model_dump())
    return Status(201, registration)
