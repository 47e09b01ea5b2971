"""Staff pages of digital mediation, part 1: quick entry, accompaniments, beneficiaries, workshops, attendance."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.forms import add_service_error
from comptoir.core.pagination import paginate
from comptoir.mediation import forms as f
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services
from comptoir.mediation.services._common import clean_text

QUICK_LINES = 3
MAX_LINES = 10


def _today(place) -> dt.date:
    return timezone.localdate(timezone=place.tz)


def _go(request, name: str, **kwargs):
    return redirect(f"mediation:{name}", place_slug=request.place.slug, **kwargs)


# --- home and quick entry -------------------------------------------------------------------------


@place_view(mp.RECORD_ACTIVITY)
def home(request):
    place = request.place
    today = _today(place)
    start = dt.datetime.combine(today, dt.time.min, tzinfo=place.tz)
    context = {
        "sessions": selectors.session_list(place=place, start=start, end=start + dt.timedelta(days=8)),
        "recent": selectors.accompaniment_list(place=place, start=today - dt.timedelta(days=7))[:10]
        if request.access.has(mp.VIEW_BENEFICIARIES)
        else [],
    }
    return render(request, "mediation/home.html", context)


@place_view(mp.VIEW_BENEFICIARIES)
def quick_entry(request):
    """Several accompaniments in one go: each line has sensible defaults, a line without theme is left out."""
    place = request.place
    try:
        count = max(1, min(MAX_LINES, int(request.GET.get("lignes", QUICK_LINES))))
    except ValueError:
        count = QUICK_LINES
    if request.method == "POST":
        try:
            count = max(1, min(MAX_LINES, int(request.POST.get("lines", QUICK_LINES))))
        except ValueError:
            count = QUICK_LINES
    beneficiaries = selectors.beneficiary_recent(place=place)
    data = request.POST if request.method == "POST" else None
    appointment = _appointment_from(request)
    header_initial = {"date": _today(place)}
    line_initial = {}
    if appointment is not None:
        count = 1
        header_initial["date"] = timezone.localtime(appointment.starts_at, place.tz).date()
        line_initial = {"duration_minutes": appointment.duration_minutes, "new_first_name": appointment.first_name}
    header = f.QuickEntryHeaderForm(data, initial=header_initial)
    lines = [
        f.QuickEntryLineForm(data, prefix=f"l{i}", beneficiaries=beneficiaries, initial=line_initial)
        for i in range(count)
    ]
    if request.method == "POST" and header.is_valid() and all(line.is_valid() for line in lines):
        used = [line for line in lines if line.is_used]
        inputs = [
            services.AccompanimentInput(
                type=line.cleaned_data["type"],
                duration_minutes=line.cleaned_data["duration_minutes"],
                themes=line.cleaned_data["themes"],
                equipment=line.cleaned_data["equipment"],
                autonomy=line.cleaned_data["autonomy"],
                referral_structure=line.cleaned_data["referral_structure"],
                beneficiary_id=line.cleaned_data["beneficiary"],
                gender=line.cleaned_data["gender"],
                age_bracket=line.cleaned_data["age_bracket"],
                is_first_visit=line.cleaned_data["is_first_visit"],
                new_first_name=line.cleaned_data["new_first_name"],
                new_consent=line.cleaned_data["new_consent"],
            )
            for line in used
        ]
        try:
            records = services.accompaniments_record(
                place=place,
                mediator=request.user,
                lines=inputs,
                day=header.cleaned_data["date"],
                place_type=header.cleaned_data["place_type"],
                appointment=appointment,
            )
        except ServiceError as error:
            add_service_error(header, ServiceError(error.message))
        else:
            messages.success(request, _("%(count)s accompaniment(s) recorded.") % {"count": len(records)})
            if appointment is not None:
                return _go(request, "appointments")
            return _go(request, "quick_entry")
    return render(
        request,
        "mediation/quick_entry.html",
        {
            "header": header, "lines": lines, "count": count, "more": min(MAX_LINES, count + 2),
            "appointment": appointment,
        },
    )  # fmt: skip


def _appointment_from(request):
    """The taken appointment the quick entry records (``?rendez_vous=<id>``), or None."""
    raw = request.POST.get("appointment") if request.method == "POST" else request.GET.get("rendez_vous")
    if not raw or not str(raw).isdigit():
        return None
    appointment = selectors.appointment_get(place=request.place, appointment_id=int(raw))
    if appointment is None or appointment.status != appointment.Status.BOOKED:
        raise Http404
    return appointment


@place_view(mp.VIEW_BENEFICIARIES)
def accompaniments(request):
    page = paginate(request, selectors.accompaniment_list(place=request.place))
    return render(request, "mediation/accompaniments.html", {"page": page})


@place_view(mp.VIEW_BENEFICIARIES)
@require_POST
def accompaniment_delete(request, accompaniment_id: int):
    """Undo a mistaken entry (audited)."""
    accompaniment = selectors.accompaniment_get(place=request.place, accompaniment_id=accompaniment_id)
    if accompaniment is None:
        raise Http404
    services.accompaniment_delete(accompaniment=accompaniment, actor=request.user)
    messages.success(request, _("The accompaniment is deleted."))
    return _go(request, "accompaniments")


# --- beneficiaries --------------------------------------------------------------------------------


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiaries(request):
    search = clean_text(request.GET.get("q", ""), max_length=80)
    page = paginate(request, selectors.beneficiary_list(place=request.place, search=search))
    template = "mediation/_beneficiaries_table.html" if request.htmx else "mediation/beneficiaries.html"
    return render(request, template, {"page": page, "search": search})


def _beneficiary_form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["birth_year"] = data.get("birth_year")
    return data


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_new(request):
    form = f.BeneficiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = services.beneficiary_create(
                place=request.place, actor=request.user, **_beneficiary_form_data(form)
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The person is recorded."))
            return _go(request, "beneficiary", beneficiary_id=beneficiary.pk)
    return render(request, "mediation/beneficiary_form.html", {"form": form, "beneficiary": None})


def _file(request, beneficiary_id: int):
    beneficiary = services.beneficiary_file_read(place=request.place, beneficiary_id=beneficiary_id, actor=request.user)
    if beneficiary is None:
        raise Http404
    return beneficiary


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_detail(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    context = {
        "beneficiary": beneficiary,
        "accompaniments": beneficiary.accompaniments.select_related("mediator").order_by("-date", "-pk")[:50],
        "registrations": beneficiary.registrations.select_related("session__workshop").order_by("-pk")[:50],
    }
    return render(request, "mediation/beneficiary_detail.html", context)


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_edit(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    if beneficiary.anonymised_at:
        raise Http404
    initial = {name: getattr(beneficiary, name) for name in f.BeneficiaryForm.base_fields if name != "consent"}
    initial["consent"] = beneficiary.consent_at is not None
    form = f.BeneficiaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.beneficiary_update(beneficiary=beneficiary, actor=request.user, **_beneficiary_form_data(form))
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return _go(request, "beneficiary", beneficiary_id=beneficiary.pk)
    return render(request, "mediation/beneficiary_form.html", {"form": form, "beneficiary": beneficiary})


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_export(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    data = services.beneficiary_export(beneficiary=beneficiary, actor=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="beneficiaire-{beneficiary.pk}.json"'
    return response


@place_view(mp.VIEW_BENEFICIARIES)
@require_POST
def beneficiary_erase(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    try:
        services.beneficiary_erase(beneficiary=beneficiary, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The person's details are erased. The anonymous statistics are kept."))
    return _go(request, "beneficiaries")


# --- workshops and sessions ---------------------------------------------------------------------


@place_view(mp.MANAGE_WORKSHOPS)
def workshops(request):
    return render(request, "mediation/workshops.html", {"workshops": selectors.workshop_list(place=request.place)})


@place_view(mp.MANAGE_WORKSHOPS)
def workshop_edit(request, workshop_id: int | None = None):
    workshop = None
    initial = {}
    if workshop_id is not None:
        workshop = selectors.workshop_get(place=request.place, workshop_id=workshop_id)
        if workshop is None:
            raise Http404
        initial = {name: getattr(workshop, name) for name in f.WorkshopForm.base_fields}
    form = f.WorkshopForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if workshop is None:
                workshop = services.workshop_create(place=request.place, actor=request.user, **form.cleaned_data)
            else:
                workshop = services.workshop_update(workshop=workshop, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The workshop is saved."))
            return _go(request, "workshop_sessions_new", workshop_id=workshop.pk)
    return render(request, "mediation/workshop_form.html", {"form": form, "workshop": workshop})


@place_view(mp.MANAGE_WORKSHOPS)
def workshop_sessions_new(request, workshop_id: int):
    workshop = selectors.workshop_get(place=request.place, workshop_id=workshop_id)
    if workshop is None:
        raise Http404
    mediators = selectors.mediators_of(place=request.place)
    resources = selectors.room_resources(place=request.place)
    form = f.SessionSeriesForm(request.POST or None, mediators=mediators, resources=resources)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = set(data.pop("mediators") or [])
        resource_id = data.pop("resource", None)
        data["resource"] = next((r for r in resources if r.pk == resource_id), None)
        first_start = data.pop("first_start")
        if timezone.is_aware(first_start):
            first_start = timezone.make_naive(first_start, timezone.get_current_timezone())
        try:
            services.session_series_create(
                workshop=workshop,
                actor=request.user,
                first_start=first_start.replace(tzinfo=request.place.tz),
                mediators=[m for m in mediators if m.pk in chosen],
                **data,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The sessions are scheduled."))
            return _go(request, "sessions")
    sessions = selectors.session_list(place=request.place, workshop=workshop)
    return render(
        request, "mediation/workshop_sessions.html", {"form": form, "workshop": workshop, "sessions": sessions}
    )


@place_view(mp.RECORD_ACTIVITY)
def sessions(request):
    place = request.place
    show_past = request.GET.get("passees") == "1"
    start = dt.datetime.combine(_today(place), dt.time.min, tzinfo=place.tz)
    queryset = selectors.session_list(place=place) if show_past else selectors.session_list(place=place, start=start)
    page = paginate(request, queryset)
    return render(request, "mediation/sessions.html", {"page": page, "show_past": show_past})


def _session(request, session_id: int):
    session = selectors.session_get(place=request.place, session_id=session_id)
    if session is None:
        raise Http404
    return session


@place_view(mp.RECORD_ACTIVITY)
def session_detail(request, session_id: int):
    session = _session(request, session_id)
    known = selectors.beneficiary_recent(place=request.place) if request.access.has(mp.VIEW_BENEFICIARIES) else []
    form = f.DeskRegistrationForm(request.POST or None, beneficiaries=known)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        beneficiary_id = data.pop("beneficiary", None)
        beneficiary = next((b for b in known if b.pk == beneficiary_id), None)
        try:
            registration = services.registration_create(
                session=session, actor=request.user, beneficiary=beneficiary, **data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if registration.status == registration.Status.CONFIRMED:
                messages.success(request, _("%(name)s is registered.") % {"name": registration.first_name})
            else:
                messages.warning(request, _("%(name)s is on the waiting list.") % {"name": registration.first_name})
            return _go(request, "session", session_id=session.pk)
    context = {
        "session": session,
        "form": form,
        "registrations": selectors.session_registrations(session=session),
        "move_form": f.SessionMoveForm(
            prefix="move",
            initial={
                "starts_at": timezone.localtime(session.starts_at, request.place.tz).replace(tzinfo=None),
                "duration_minutes": session.duration_minutes,
            },
        ),
        "cancel_form": f.SessionCancelForm(prefix="cancel"),
    }
    return render(request, "mediation/session_detail.html", context)


@place_view(mp.MANAGE_WORKSHOPS)
def session_move(request, session_id: int):
    """Another date and time; the booked room moves with the session (refused when it is taken)."""
    session = _session(request, session_id)
    form = f.SessionMoveForm(request.POST or None, prefix="move")
    if request.method == "POST" and form.is_valid():
        starts_at = form.cleaned_data["starts_at"]
        if timezone.is_aware(starts_at):
            starts_at = timezone.make_naive(starts_at, timezone.get_current_timezone())
        try:
            services.session_move(
                session=session,
                actor=request.user,
                starts_at=starts_at.replace(tzinfo=request.place.tz),
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session is moved and the registered people are told."))
            return _go(request, "session", session_id=session.pk)
    return render(request, "mediation/session_move.html", {"session": session, "form": form})


@place_view(mp.RECORD_ACTIVITY)
@require_POST
def registration_cancel(request, registration_id: int):
    registration = selectors.registration_get(place=request.place, registration_id=registration_id)
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The registration is cancelled; the waiting list moved up."))
    return _go(request, "session", session_id=registration.session_id)


@place_view(mp.MANAGE_WORKSHOPS)
@require_POST
def session_cancel(request, session_id: int):
    session = _session(request, session_id)
    form = f.SessionCancelForm(request.POST, prefix="cancel")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.session_cancel(session=session, actor=request.user, reason=reason)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The session is cancelled and the registered people are told."))
    return _go(request, "session", session_id=session.pk)


@place_view(mp.RECORD_ACTIVITY)
def attendance(request, session_id: int):
    """One screen: everyone present by default, tap to mark absent; add walk-ins."""
    session = _session(request, session_id)
    walk_in_form = f.WalkInForm()
    if request.method == "POST":
        try:
            if "walk_in" in request.POST:
                walk_in_form = f.WalkInForm(request.POST)
                if walk_in_form.is_valid():
                    services.walk_in_add(session=session, actor=request.user, **walk_in_form.cleaned_data)
                    messages.success(request, _("Walk-in added."))
            else:
                absent = [pk for pk in request.POST.getlist("absent") if pk.isdigit()]
                services.attendance_save(session=session, absent_ids=absent, actor=request.user)
                messages.success(request, _("Attendance saved."))
        except ServiceError as error:
            messages.error(request, error.message)
        return _go(request, "attendance", session_id=session.pk)
    registrations = selectors.session_registrations(session=session).filter(status="confirmed")
    return render(
        request,
        "mediation/attendance.html",
        {"session": session, "registrations": registrations, "walk_in_form": walk_in_form},
    )


# --- appointments ---------------------------------------------------------------------------------


@place_view(mp.MANAGE_WORKSHOPS)
def appointments(request):
    """Open slots with a mediator, see who took them, cancel, and record the ones that took place."""
    place = request.place
    mediators = selectors.mediators_of(place=place)
    resources = selectors.room_resources(place=place)
    form = f.AppointmentSlotsForm(
        request.POST or None, mediators=mediators, resources=resources, initial={"mediator": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        first_start = data.pop("first_start")
        if timezone.is_aware(first_start):
            first_start = timezone.make_naive(first_start, timezone.get_current_timezone())
        resource_id = data.pop("resource", None)
        mediator_id = data.pop("mediator")
        try:
            created = services.appointment_slots_create(
                place=place,
                actor=request.user,
                mediator=next(m for m in mediators if m.pk == mediator_id),
                first_start=first_start.replace(tzinfo=place.tz),
                resource=next((r for r in resources if r.pk == resource_id), None),
                **data,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(count)s slot(s) open.") % {"count": len(created)})
            return _go(request, "appointments")
    start = dt.datetime.combine(_today(place), dt.time.min, tzinfo=place.tz)
    listing = selectors.appointment_list(place=place, start=start)
    context = {"form": form, "appointments": listing, "now": timezone.now()}
    return render(request, "mediation/appointments.html", context)


@place_view(mp.MANAGE_WORKSHOPS)
@require_POST
def appointment_cancel(request, appointment_id: int):
    appointment = selectors.appointment_get(place=request.place, appointment_id=appointment_id)
    if appointment is None:
        raise Http404
    try:
        services.appointment_cancel(appointment=appointment, actor=request.user, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The appointment is cancelled."))
    return _go(request, "appointments")


@place_view(mp.VIEW_BENEFICIARIES)
@require_POST
def appointment_no_show(request, appointment_id: int):
    appointment = selectors.appointment_get(place=request.place, appointment_id=appointment_id)
    if appointment is None:
        raise Http404
    try:
        services.appointment_no_show(appointment=appointment, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked as not come."))
    return _go(request, "appointments")
