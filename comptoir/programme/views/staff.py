"""Staff pages: the activities, an activity's sessions and their registrations, and the door (a QR code
scanned with a phone opens this page; one button checks the person in)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from comptoir.core.access import place_view
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.programme import permissions as pp
from comptoir.programme import selectors, services
from comptoir.programme.forms import ActivityForm, SessionCancelForm, SessionScheduleForm, WalkInForm
from comptoir.programme.models import Registration
from comptoir.programme.services.activities import ACTIVITY_FIELDS


@place_view(pp.VIEW_REGISTRATIONS)
def activities(request):
    context = {
        "activities": selectors.activity_list(place=request.place),
        "can_manage": request.access.has(pp.MANAGE_PROGRAMME),
    }
    return render(request, "programme/staff/activities.html", context)


@place_view(pp.VIEW_REGISTRATIONS)
def activity(request, activity_id: int):
    found = or_404(selectors.activity_get(place=request.place, activity_id=activity_id))
    sessions = selectors.activity_sessions(activity=found)
    context = {"activity": found, "sessions": sessions, "can_manage": request.access.has(pp.MANAGE_PROGRAMME)}
    return render(request, "programme/staff/activity.html", context)


@place_view(pp.CHECK_IN)
@require_http_methods(["GET", "POST"])
def door(request, qr_token: str):
    place = request.place
    registration = or_404(selectors.registration_by_qr(place=place, qr_token=qr_token))
    if request.method == "POST":
        with service_errors_as_messages(request):
            services.checkin_by_qr(place=place, qr_token=qr_token, actor=request.user)
            messages.success(
                request,
                ngettext("%(name)s is checked in (%(seats)s seat).", "%(name)s is checked in (%(seats)s seats).",
                         registration.seats) % {"name": registration.first_name, "seats": registration.seats},
            )  # fmt: skip
        return redirect("programme:door", place_slug=place.slug, qr_token=qr_token)
    attendance = getattr(registration, "attendance", None)
    return render(
        request, "programme/staff/door.html",
        {"registration": registration, "session": registration.session, "attendance": attendance},
    )  # fmt: skip


@place_view(pp.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def session_cancel(request, session_id: int):
    """Cancel a session, saying why: everyone registered or waiting is told, the room is freed."""
    place = request.place
    session = or_404(selectors.session_get(place=place, session_id=session_id))
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.session_cancel(session=session, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The session is cancelled; everyone registered is told."))
            return redirect("programme:staff_activity", place_slug=place.slug, activity_id=session.activity_id)
    return render(request, "programme/staff/session_cancel.html", {"session": session, "form": form})


@place_view(pp.CHECK_IN)
@require_http_methods(["GET", "POST"])
def attendance(request, session_id: int):
    """The attendance sheet (everyone present unless ticked absent) and the walk-ins."""
    place = request.place
    session = or_404(selectors.session_get(place=place, session_id=session_id))
    walk_in_form = WalkInForm(request.POST if "walk_in" in request.POST else None)
    if request.method == "POST":
        if "walk_in" in request.POST:
            if walk_in_form.is_valid():
                with service_errors_on(walk_in_form):
                    services.walk_in_record(session=session, actor=request.user, **walk_in_form.cleaned_data)
                    messages.success(request, _("Added to the attendance."))
                    return redirect("programme:attendance", place_slug=place.slug, session_id=session.pk)
        else:
            with service_errors_as_messages(request):
                absent = [value for value in request.POST.getlist("absent") if value.isdigit()]
                services.attendance_record(session=session, actor=request.user, absent_ids=[int(v) for v in absent])
                messages.success(request, _("Attendance saved."))
            return redirect("programme:attendance", place_slug=place.slug, session_id=session.pk)
    registrations = [
        r for r in selectors.session_registrations(session=session) if r.state == Registration.State.CONFIRMED
    ]
    context = {
        "session": session, "registrations": registrations, "walk_in_form": walk_in_form,
        "walk_ins": selectors.session_walk_ins(session=session),
        "doors_open": timezone.now() >= session.doors_open_at,
    }  # fmt: skip
    return render(request, "programme/staff/attendance.html", context)


@place_view(pp.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id: int | None = None):
    """Create an activity, or edit one (``activity_id``)."""
    place = request.place
    found = None if activity_id is None else or_404(selectors.activity_get(place=place, activity_id=activity_id))
    initial = None
    if found is not None:
        initial = {name: getattr(found, name) for name in ACTIVITY_FIELDS}
        initial["themes"] = ", ".join(found.themes)
    form = ActivityForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            if found is None:
                saved = services.activity_create(place=place, actor=request.user, **form.cleaned_data)
            else:
                saved = services.activity_update(activity=found, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Activity saved."))
            return redirect("programme:staff_activity", place_slug=place.slug, activity_id=saved.pk)
    return render(request, "programme/staff/activity_form.html", {"activity": found, "form": form})


@place_view(pp.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def sessions_new(request, activity_id: int):
    """Schedule a session or a weekly series; a room is booked through the space bookings, all or nothing."""
    place = request.place
    found = or_404(selectors.activity_get(place=place, activity_id=activity_id))
    rooms = selectors.room_resources(place=place)
    form = SessionScheduleForm(request.POST or None, rooms=rooms)
    # The times typed are the place's, whatever the server's time zone.
    with timezone.override(place.tz):
        valid = request.method == "POST" and form.is_valid()
    if valid:
        data = dict(form.cleaned_data)
        resource_id = data.pop("resource")
        resource = next((room for room in rooms if room.pk == resource_id), None)
        with service_errors_on(form):
            sessions = services.session_schedule(activity=found, actor=request.user, resource=resource, **data)
            messages.success(
                request,
                ngettext("%(n)s session scheduled.", "%(n)s sessions scheduled.", len(sessions)) % {"n": len(sessions)},
            )
            return redirect("programme:staff_activity", place_slug=place.slug, activity_id=found.pk)
    return render(request, "programme/staff/sessions_new.html", {"activity": found, "form": form})
