"""Staff pages of digital mediation: workshops, their sessions, registrations at the desk and attendance."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.pagination import paginate
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.mediation import forms as f
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services
from comptoir.mediation.views._common import at_place, chosen, go, today


@place_view(mp.MANAGE_WORKSHOPS)
def workshops(request):
    return render(request, "mediation/workshops.html", {"workshops": selectors.workshop_list(place=request.place)})


@place_view(mp.MANAGE_WORKSHOPS)
def workshop_edit(request, workshop_id: int | None = None):
    workshop = None
    initial = {}
    if workshop_id is not None:
        workshop = or_404(selectors.workshop_get(place=request.place, workshop_id=workshop_id))
        initial = {name: getattr(workshop, name) for name in f.WorkshopForm.base_fields}
    form = f.WorkshopForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            if workshop is None:
                workshop = services.workshop_create(place=request.place, actor=request.user, **form.cleaned_data)
            else:
                workshop = services.workshop_update(workshop=workshop, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The workshop is saved."))
            return go(request, "workshop_sessions_new", workshop_id=workshop.pk)
    return render(request, "mediation/workshop_form.html", {"form": form, "workshop": workshop})


@place_view(mp.MANAGE_WORKSHOPS)
def workshop_sessions_new(request, workshop_id: int):
    workshop = or_404(selectors.workshop_get(place=request.place, workshop_id=workshop_id))
    mediators = selectors.mediators_of(place=request.place)
    resources = selectors.room_resources(place=request.place)
    form = f.SessionSeriesForm(request.POST or None, mediators=mediators, resources=resources)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mediator_ids = set(data.pop("mediators") or [])
        data["resource"] = chosen(resources, data.pop("resource", None))
        first_start = at_place(request.place, data.pop("first_start"))
        with service_errors_on(form):
            services.session_series_create(
                workshop=workshop,
                actor=request.user,
                first_start=first_start,
                mediators=[m for m in mediators if m.pk in mediator_ids],
                **data,
            )
            messages.success(request, _("The sessions are scheduled."))
            return go(request, "sessions")
    sessions = selectors.session_list(place=request.place, workshop=workshop)
    return render(
        request, "mediation/workshop_sessions.html", {"form": form, "workshop": workshop, "sessions": sessions}
    )


@place_view(mp.RECORD_ACTIVITY)
def sessions(request):
    place = request.place
    show_past = request.GET.get("passees") == "1"
    start = dt.datetime.combine(today(place), dt.time.min, tzinfo=place.tz)
    queryset = selectors.session_list(place=place) if show_past else selectors.session_list(place=place, start=start)
    page = paginate(request, queryset)
    return render(request, "mediation/sessions.html", {"page": page, "show_past": show_past})


def _session(request, session_id: int):
    return or_404(selectors.session_get(place=request.place, session_id=session_id))


@place_view(mp.RECORD_ACTIVITY)
def session_detail(request, session_id: int):
    session = _session(request, session_id)
    known = selectors.beneficiary_recent(place=request.place) if request.access.has(mp.VIEW_BENEFICIARIES) else []
    form = f.DeskRegistrationForm(request.POST or None, beneficiaries=known)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        beneficiary_id = data.pop("beneficiary", None)
        with service_errors_on(form):
            registration = services.registration_create(
                session=session, actor=request.user, beneficiary=chosen(known, beneficiary_id), **data
            )
            if registration.status == registration.Status.CONFIRMED:
                messages.success(request, _("%(name)s is registered.") % {"name": registration.first_name})
            else:
                messages.warning(request, _("%(name)s is on the waiting list.") % {"name": registration.first_name})
            return go(request, "session", session_id=session.pk)
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
        with service_errors_on(form):
            services.session_move(
                session=session,
                actor=request.user,
                starts_at=at_place(request.place, form.cleaned_data["starts_at"]),
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
            messages.success(request, _("The session is moved and the registered people are told."))
            return go(request, "session", session_id=session.pk)
    return render(request, "mediation/session_move.html", {"session": session, "form": form})


@place_view(mp.RECORD_ACTIVITY)
@require_POST
def registration_cancel(request, registration_id: int):
    registration = or_404(selectors.registration_get(place=request.place, registration_id=registration_id))
    with service_errors_as_messages(request):
        services.registration_cancel(registration=registration, actor=request.user)
        messages.success(request, _("The registration is cancelled; the waiting list moved up."))
    return go(request, "session", session_id=registration.session_id)


@place_view(mp.MANAGE_WORKSHOPS)
@require_POST
def session_cancel(request, session_id: int):
    session = _session(request, session_id)
    form = f.SessionCancelForm(request.POST, prefix="cancel")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with service_errors_as_messages(request):
        services.session_cancel(session=session, actor=request.user, reason=reason)
        messages.success(request, _("The session is cancelled and the registered people are told."))
    return go(request, "session", session_id=session.pk)


@place_view(mp.RECORD_ACTIVITY)
def attendance(request, session_id: int):
    """One screen: everyone present by default, tap to mark absent; add walk-ins."""
    session = _session(request, session_id)
    walk_in_form = f.WalkInForm()
    if request.method == "POST":
        with service_errors_as_messages(request):
            if "walk_in" in request.POST:
                walk_in_form = f.WalkInForm(request.POST)
                if walk_in_form.is_valid():
                    services.walk_in_add(session=session, actor=request.user, **walk_in_form.cleaned_data)
                    messages.success(request, _("Walk-in added."))
            else:
                absent = [pk for pk in request.POST.getlist("absent") if pk.isdigit()]
                services.attendance_save(session=session, absent_ids=absent, actor=request.user)
                messages.success(request, _("Attendance saved."))
        return go(request, "attendance", session_id=session.pk)
    registrations = selectors.session_registrations(session=session).filter(status="confirmed")
    return render(
        request,
        "mediation/attendance.html",
        {"session": session, "registrations": registrations, "walk_in_form": walk_in_form},
    )
