"""Public pages: the place's agenda, an event page with "S'inscrire", the self-service page of a registration
(see it, show its QR code at the door, cancel). No account needed."""

from __future__ import annotations

import segno
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from comptoir.core.access import place_view
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.programme import selectors, services
from comptoir.programme.forms import RegistrationForm
from comptoir.programme.models import Registration


@place_view(login_required=False)
def agenda(request):
    """Upcoming sessions of the place's published activities, with the seats left."""
    sessions = selectors.agenda_sessions(place=request.place)
    return render(request, "programme/public/agenda.html", {"sessions": sessions})


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def event(request, session_id: int):
    place = request.place
    session = or_404(selectors.public_session_get(place=place, session_id=session_id))
    open_to_registration = not session.is_cancelled and not session.has_started
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and open_to_registration and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        with service_errors_on(form):
            registration = services.registration_create(session=session, actor=user, user=user, **form.cleaned_data)
            return render(
                request, "programme/public/registered.html",
                {"registration": registration, "session": session, "manage_path": _manage_path(registration)},
            )  # fmt: skip
    context = {"session": session, "activity": session.activity, "form": form, "open": open_to_registration}
    return render(request, "programme/public/event.html", context)


def _manage_path(registration: Registration) -> str:
    return reverse(
        "programme:registration", kwargs={"place_slug": registration.session.place.slug, "token": registration.token}
    )


@place_view(login_required=False)
@require_http_methods(["GET", "POST"])
def registration(request, token: str):
    """The link of the confirmation message: see one's registration, its QR code for the door, cancel it."""
    place = request.place
    found = or_404(selectors.registration_by_token(place=place, token=token))
    if request.method == "POST":
        with service_errors_as_messages(request):
            actor = request.user if request.user.is_authenticated else None
            services.registration_cancel(registration=found, actor=actor)
        found = or_404(selectors.registration_by_token(place=place, token=token))
    session = found.session
    qr = ""
    if found.state == Registration.State.CONFIRMED and not session.is_cancelled:
        door = request.build_absolute_uri(reverse("programme:door", kwargs={"place_slug": place.slug,
                                                                            "qr_token": found.qr_token}))  # fmt: skip
        qr = segno.make(door, error="m").svg_inline(scale=5, title=_("QR code to show at the door"))
    context = {
        "registration": found, "session": session, "activity": session.activity, "qr": qr,
        "can_cancel": found.state != Registration.State.CANCELLED and not session.has_started
        and not session.is_cancelled,
    }  # fmt: skip
    return render(request, "programme/public/registration.html", context)
