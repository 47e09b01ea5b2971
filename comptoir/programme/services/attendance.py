"""Attendance: the sheet (everyone registered is present unless marked absent), walk-ins, and the door
(a registration's QR code checked in with a phone).

All three open when the session's doors open (``Session.doors_open_at``: the activity's
``doors_open_minutes`` before the start) and refuse a cancelled session.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import ServiceError
from comptoir.core.transactions import service
from comptoir.programme.cleaning import clean_int, clean_line
from comptoir.programme.models import Attendance, Registration, Session
from comptoir.programme.services.common import session_lock, when

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place


def _doors_open(session: Session) -> None:
    if session.is_cancelled:
        raise ServiceError(_("This session is cancelled."), code="cancelled")
    if timezone.now() < session.doors_open_at:
        raise ServiceError(
            _("The doors open on %(when)s: attendance is taken from then.")
            % {"when": when(session.doors_open_at, session.place.tz)},
            code="too_early",
        )


@service
def attendance_record(*, session: Session, actor: User | None, absent_ids: Iterable[int] = ()) -> list[Attendance]:
    """The attendance sheet: every confirmed registration of the session is present, with all its seats,
    unless its id is in ``absent_ids``. Saving again corrects it; walk-ins are left as they are."""
    absent = {int(pk) for pk in absent_ids or ()}
    session = session_lock(session.pk)
    _doors_open(session)
    confirmed = list(Registration.objects.filter(session=session, state=Registration.State.CONFIRMED))
    unknown = absent - {r.pk for r in confirmed}
    if unknown:
        raise ServiceError(_("Some of these people are not registered for this session."), field="absent_ids")
    existing = {a.registration_id: a for a in Attendance.objects.filter(session=session, registration__isnull=False)}
    now = timezone.now()
    rows = []
    for registration in confirmed:
        present = registration.pk not in absent
        attendance = existing.get(registration.pk)
        if attendance is None:
            attendance = Attendance.objects.create(
                place=session.place, session=session, registration=registration, headcount=registration.seats,
                present=present, recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                recorded_at=now,
            )  # fmt: skip
        elif attendance.present != present:
            attendance.present = present
            attendance.recorded_at = now
            attendance.save(update_fields=["present", "recorded_at"])
        rows.append(attendance)
    audit_record(
        place=session.place, actor=actor, action="programme.attendance.recorded", obj=session,
        after={"absent": sorted(absent), "present": len(confirmed) - len(absent)},
    )  # fmt: skip
    return rows


@service
def walk_in_record(*, session: Session, actor: User | None, first_name: str = "", headcount: int = 1) -> Attendance:
    """People who came without registering: present and counted, even beyond the seats."""
    first_name = clean_line(first_name, max_length=80, field="first_name")
    headcount = clean_int(headcount, field="headcount", low=1, high=100, message=_("Give between 1 and 100 people."))
    session = session_lock(session.pk)
    _doors_open(session)
    attendance = Attendance.objects.create(
        place=session.place, session=session, walk_in_name=first_name, headcount=headcount, present=True,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    audit_record(
        place=session.place, actor=actor, action="programme.attendance.walk_in", obj=session,
        after={"headcount": headcount},
    )  # fmt: skip
    return attendance


@service
def checkin_by_qr(*, place: Place, qr_token: str, actor: User | None) -> Attendance:
    """The door: the QR code of a confirmed registration checks its seats in (present). Checking the same
    code in again says so and changes nothing (the code may be shown twice)."""
    registration = (
        Registration.objects.filter(place=place, qr_token=str(qr_token or "")[:64]).only("pk", "session_id").first()
    )
    if registration is None:
        raise ServiceError(_("This code is not a registration of this place."), code="unknown_code")
    session = session_lock(registration.session_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.state == Registration.State.CANCELLED:
        raise ServiceError(_("This registration was cancelled."), code="cancelled_registration")
    if registration.state == Registration.State.WAITING:
        raise ServiceError(_("This person is on the waiting list, without a seat."), code="waiting")
    _doors_open(session)
    if timezone.now() >= session.ends_at:
        raise ServiceError(_("This session is over."), code="over")
    attendance = Attendance.objects.filter(registration=registration).first()
    if attendance is not None and attendance.checked_in_at is not None:
        raise ServiceError(
            _("Already checked in at %(time)s.")
            % {"time": f"{timezone.localtime(attendance.checked_in_at, place.tz):%H:%M}"},
            code="already_checked_in",
        )
    now = timezone.now()
    if attendance is None:
        attendance = Attendance(place=place, session=session, registration=registration, headcount=registration.seats)
    attendance.present = True
    attendance.checked_in_at = now
    attendance.recorded_at = now
    attendance.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    attendance.save()
    audit_record(
        place=place, actor=actor, action="programme.attendance.checked_in", obj=registration,
        object_repr=f"#{registration.pk}", after={"session": session.pk, "seats": registration.seats},
    )  # fmt: skip
    return attendance
