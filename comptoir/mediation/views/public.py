"""Public pages: "Se faire aider au numérique", registration to a workshop without account."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import or_404, service_errors_on
from comptoir.mediation import availability, feeds, selectors, services
from comptoir.mediation import forms as f
from comptoir.mediation.models import Registration
from comptoir.places.hours import current_week_schedule, format_ranges


def _runs_mediation(place):
    if not place.runs("mediation"):
        raise Http404


@place_view(login_required=False)
def help_page(request):
    place = request.place
    _runs_mediation(place)
    offer = services.offer_get(place=place)
    week = [
        {"day": day.day_name, "hours": format_ranges(day.ranges), "closed": day.is_closed, "comment": day.comment}
        for day in current_week_schedule(place.opening_hours, place.tz)
    ]
    context = {
        "offer": offer,
        "week": week,
        "sessions": selectors.sessions_open_to_public(place=place),
        "has_appointments": bool(availability.free_slots(place=place, limit=1)),
    }
    return render(request, "mediation/public/help.html", context)


@place_view(login_required=False)
def workshops_feed(request):
    """The calendar (iCalendar) of the place's upcoming public workshops, to subscribe to."""
    place = request.place
    _runs_mediation(place)
    response = HttpResponse(
        feeds.workshops_calendar(place=place, request=request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="ateliers-{place.slug}.ics"'
    return response


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def register(request, session_id: int):
    place = request.place
    _runs_mediation(place)
    session = or_404(selectors.session_open_to_public(place=place, session_id=session_id))
    form = f.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A signed-in member registering with their own e-mail: a paid seat goes on their account.
        actor = request.user if request.user.is_authenticated else None
        with service_errors_on(form):
            registration = services.registration_create(session=session, actor=actor, **form.cleaned_data)
            return render(
                request, "mediation/public/registered.html", {"registration": registration, "session": session}
            )
    context = {"session": session, "form": form, "retention_months": services.offer_get(place=place).retention_months}
    return render(request, "mediation/public/register.html", context)


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def registration_manage(request, token):
    """The link sent by e-mail: see one's registration and cancel it."""
    registration = or_404(selectors.registration_by_token(place=request.place, token=token))
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_cancel(registration=registration)
        except ServiceError as exc:
            error = exc.message
    return render(
        request,
        "mediation/public/registration.html",
        {
            "registration": registration,
            "session": registration.session,
            "error": error,
            "cancelled": registration.status == Registration.Status.CANCELLED,
            "status_text": _("cancelled") if registration.status == Registration.Status.CANCELLED else "",
        },
    )


@place_view(login_required=False)
def appointments(request):
    """Take an appointment with a mediator: the free slots, soonest first."""
    place = request.place
    _runs_mediation(place)
    slots = availability.free_slots(place=place)
    return render(request, "mediation/public/appointments.html", {"slots": slots})


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def appointment_take(request, appointment_id: int):
    place = request.place
    _runs_mediation(place)
    appointment = selectors.appointment_get(place=place, appointment_id=appointment_id)
    if appointment is None or appointment.status != appointment.Status.OPEN or appointment.starts_at <= timezone.now():
        raise Http404
    return _take_page(
        request, place, appointment, lambda data: services.appointment_take(appointment=appointment, **data)
    )


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def slot_take(request, key: str):
    """Take a free slot (opened by staff or from a weekly availability) by its key."""
    place = request.place
    _runs_mediation(place)
    slot = availability.slot_from_key(place=place, key=key)
    if slot is None or slot.starts_at <= timezone.now():
        raise Http404
    return _take_page(
        request, place, slot, lambda data: services.appointment_slot_take(place=place, slot=slot, actor=None, **data)
    )


def _take_page(request, place, slot, take):
    """The form that takes an appointment slot (``slot``: an opened appointment or a free slot), and the
    confirmation once ``take(cleaned_data)`` has booked it."""
    form = f.AppointmentTakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            appointment = take(form.cleaned_data)
            return render(request, "mediation/public/appointment_taken.html", {"appointment": appointment})
    context = {
        "appointment": slot, "form": form, "retention_months": services.offer_get(place=place).retention_months,
    }  # fmt: skip
    return render(request, "mediation/public/appointment_take.html", context)


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def appointment_manage(request, token: str):
    """The link of the confirmation and reminder: see one's appointment and cancel it (after confirming)."""
    place = request.place
    _runs_mediation(place)
    appointment = or_404(services.appointment_from_token(place=place, token=token))
    error, cancelled = None, False
    if request.method == "POST":
        try:
            services.appointment_self_cancel(appointment=appointment)
        except ServiceError as exc:
            error = exc.message
        else:
            cancelled = True
    context = {
        "appointment": appointment, "error": error, "cancelled": cancelled,
        "can_cancel": not cancelled and appointment.status == appointment.Status.BOOKED
        and appointment.starts_at > timezone.now(),
    }  # fmt: skip
    return render(request, "mediation/public/appointment_manage.html", context)
