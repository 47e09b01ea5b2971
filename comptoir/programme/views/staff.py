"""Staff pages: the activities, an activity's sessions and their registrations, and the door (a QR code
scanned with a phone opens this page; one button checks the person in)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from comptoir.core.access import place_view
from comptoir.core.viewhelpers import or_404, service_errors_as_messages
from comptoir.programme import permissions as pp
from comptoir.programme import selectors, services


@place_view(pp.VIEW_REGISTRATIONS)
def activities(request):
    return render(
        request, "programme/staff/activities.html", {"activities": selectors.activity_list(place=request.place)}
    )


@place_view(pp.VIEW_REGISTRATIONS)
def activity(request, activity_id: int):
    found = or_404(selectors.activity_get(place=request.place, activity_id=activity_id))
    sessions = selectors.activity_sessions(activity=found)
    return render(request, "programme/staff/activity.html", {"activity": found, "sessions": sessions})


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
