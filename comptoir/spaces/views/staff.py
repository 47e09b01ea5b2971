"""Staff pages: week view, booking management, booking for someone, resources and closures, open toggle."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.spaces import permissions as sp
from comptoir.spaces import selectors, services
from comptoir.spaces.availability import closed_days
from comptoir.spaces.engine import in_supported_range
from comptoir.spaces.forms import (
    CancelForm,
    ClosureForm,
    ResourceForm,
    StaffBookForm,
    StaffMoveForm,
    monday_of,
)
from comptoir.spaces.models import Booking
from comptoir.spaces.views._common import at, today

# --- staff pages ------------------------------------------------------------------------------------


@place_view(sp.BOOKINGS_VIEW)
def week(request):
    """Every resource × the seven days of a week (a table readable on a phone as a list)."""
    place = request.place
    try:
        start_day = dt.date.fromisoformat(request.GET.get("debut", ""))
    except ValueError:
        start_day = today(place)
    if not in_supported_range(start_day):
        start_day = today(place)
    monday = monday_of(start_day)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    start, end = at(place, monday, dt.time.min), at(place, monday + dt.timedelta(days=7), dt.time.min)
    resources = list(selectors.resource_list(place=place, active_only=False))
    bookings = selectors.booking_list(place=place, start=start, end=end, states=Booking.OCCUPYING_STATES)
    only = request.GET.get("ressource", "")
    if only:  # the week of one resource
        resources = [r for r in resources if r.slug == only]
        bookings = bookings.filter(resource__slug=only)
    cells: dict = {(r.pk, d): [] for r in resources for d in days}
    for booking in bookings:
        day = timezone.localtime(booking.start, place.tz).date()
        cells.setdefault((booking.resource_id, day), []).append(booking)
    closed = closed_days(place=place, resources=resources, days=days)
    rows = [
        {
            "resource": r,
            "cells": [
                {
                    "day": d,
                    "bookings": cells[(r.pk, d)],
                    "closed": (r.pk, d) in closed,
                    "closure": closed.get((r.pk, d), ""),
                }
                for d in days
            ],
        }
        for r in resources
    ]
    return render(
        request,
        "spaces/week.html",
        {
            "days": days,
            "rows": rows,
            "only": only if resources else "",
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "waiting": selectors.bookings_waiting(place=place)[:50],
            "open_state": selectors.open_state_latest(place=place),
            "can_toggle": request.access.has(sp.OPEN_STATE_CHANGE),
            "can_book": request.access.has(sp.BOOKINGS_MANAGE),
        },
    )


@place_view(sp.BOOKINGS_VIEW)
def booking_manage(request, booking_id: int):
    place = request.place
    booking = or_404(selectors.booking_get(place=place, booking_id=booking_id))
    if request.method == "POST":
        request.access.require(sp.BOOKINGS_MANAGE)
        action = request.POST.get("action")
        with service_errors_as_messages(request):
            if action == "confirm":
                services.booking_confirm(booking=booking, actor=request.user)
                messages.success(request, _("The booking is approved."))
            elif action == "no_show":
                services.booking_no_show(booking=booking, actor=request.user)
                messages.success(request, _("Recorded as a no-show."))
            elif action == "move":
                data = request.POST.copy()
                data.setdefault("resource", str(booking.resource_id))  # no space given: it stays where it is
                move_form = StaffMoveForm(data, place=place, current=booking.resource)
                if not move_form.is_valid():
                    if "resource" in move_form.errors:
                        raise ServiceError(_("Choose a space of the place that can be booked."))
                    raise ServiceError(_("Give the new start and end."))
                services.booking_move(
                    booking=booking, start=move_form.cleaned_data["start"], end=move_form.cleaned_data["end"],
                    actor=request.user, as_staff=True, resource=move_form.cleaned_data["resource"],
                )  # fmt: skip
                messages.success(request, _("The booking is moved."))
            else:
                raise ServiceError(_("Unknown action."))
        return redirect("spaces:booking_manage", place_slug=place.slug, booking_id=booking.pk)
    return render(
        request,
        "spaces/booking_manage.html",
        {
            "booking": booking,
            "cancel_form": CancelForm(),
            "move_form": StaffMoveForm(
                place=place,
                current=booking.resource,
                initial={
                    "resource": booking.resource_id,
                    "start": timezone.localtime(booking.start, place.tz).strftime("%Y-%m-%dT%H:%M"),
                    "end": timezone.localtime(booking.end, place.tz).strftime("%Y-%m-%dT%H:%M"),
                },
            ),
            "charges": list(booking.charges.all()),
            "can_manage": request.access.has(sp.BOOKINGS_MANAGE),
        },
    )


@place_view(sp.OPEN_STATE_CHANGE)
@require_POST
def open_state(request):
    is_open = request.POST.get("open") == "1"
    services.open_state_set(place=request.place, actor=request.user, is_open=is_open)
    messages.success(request, _("The place is shown as open.") if is_open else _("The place is shown as closed."))
    return redirect("spaces:week", place_slug=request.place.slug)


# --- staff: resources and closures ------------------------------------------------------------------


@place_view(sp.RESOURCES_MANAGE)
def resources_manage(request):
    place = request.place
    return render(
        request,
        "spaces/resources_manage.html",
        {
            "resources": selectors.resource_list(place=place, active_only=False),
            "closures": selectors.closure_list(place=place, upcoming_from=timezone.now()),
            "closure_form": ClosureForm(place=place),
        },
    )


@place_view(sp.RESOURCES_MANAGE)
def resource_edit(request, resource_slug: str | None = None):
    place = request.place
    resource = None
    if resource_slug is not None:
        resource = or_404(selectors.resource_get(place=place, slug=resource_slug))
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            if resource is None:
                fields = form.service_fields()
                name = fields.pop("name")
                fields.pop("photo_remove")
                services.resource_create(place=place, actor=request.user, name=name, **fields)
            else:
                services.resource_update(resource=resource, actor=request.user, **form.service_fields())
            messages.success(request, _("The resource is saved."))
            return redirect("spaces:resources_manage", place_slug=place.slug)
    feed_url = None
    if resource is not None:
        feed_url = request.build_absolute_uri(
            reverse(
                "spaces:ical_resource",
                kwargs={"place_slug": place.slug, "resource_slug": resource.slug, "token": resource.ical_token},
            )
        )
    return render(request, "spaces/resource_edit.html", {"form": form, "resource": resource, "feed_url": feed_url})


@place_view(sp.RESOURCES_MANAGE)
@require_POST
def closure_add(request):
    place = request.place
    form = ClosureForm(request.POST, place=place)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors_as_messages(request):
            services.closure_create(
                place=place, actor=request.user, start=data["start"], end=data["end"], reason=data["reason"],
                resource=data["resource"],
            )  # fmt: skip
            messages.success(request, _("The closure is recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("spaces:resources_manage", place_slug=place.slug)


@place_view(sp.RESOURCES_MANAGE)
@require_POST
def closure_remove(request, closure_id: int):
    closure = get_object_or_404(selectors.closure_list(place=request.place), pk=closure_id)
    services.closure_delete(closure=closure, actor=request.user)
    messages.success(request, _("The closure is removed."))
    return redirect("spaces:resources_manage", place_slug=request.place.slug)


@place_view(sp.RESOURCES_MANAGE)
@require_POST
def resource_feed_reset(request, resource_slug: str):
    resource = or_404(selectors.resource_get(place=request.place, slug=resource_slug))
    services.resource_calendar_token_reset(resource=resource, actor=request.user)
    messages.success(request, _("The calendar address of this space is changed; the old one no longer works."))
    return redirect("spaces:resource_edit", place_slug=request.place.slug, resource_slug=resource.slug)


@place_view(sp.BOOKINGS_MANAGE)
def staff_book(request):
    """A host books a space for someone (rules of members do not apply; hours, closures and conflicts do)."""
    from comptoir.people.selectors import membership_list, user_by_email

    place = request.place
    form = StaffBookForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = membership_list(place=place, status="active").filter(user__email__iexact=data["email"]).first()
        person = membership.user if membership else user_by_email(email=data["email"])
        with service_errors_on(form):
            if person is None:
                raise ServiceError(_("Nobody has an account with this e-mail address."), field="email")
            booking = services.booking_create(
                resource=data["resource"], person=person, start=data["start"], end=data["end"], actor=request.user,
                as_staff=True, title=data["title"], roles=membership.role_codes if membership else None,
            )  # fmt: skip
            messages.success(request, _("Booked!"))
            return redirect("spaces:booking_manage", place_slug=place.slug, booking_id=booking.pk)
    return render(request, "spaces/staff_book.html", {"form": form})
