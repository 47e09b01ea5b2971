"""Pages of the spaces app: the member's search and slot picker, my bookings, the staff week view,
iCalendar feeds and SpaceAPI. Thin: forms in, services/selectors, templates out."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.forms import add_service_error
from comptoir.places.selectors import place_get_by_slug, place_single
from comptoir.spaces import ical, selectors, services
from comptoir.spaces import permissions as sp
from comptoir.spaces.availability import availability_search, day_slots
from comptoir.spaces.engine import in_supported_range
from comptoir.spaces.forms import (
    BookForm,
    CancelForm,
    ClosureForm,
    DayForm,
    ResourceForm,
    SearchForm,
    SeriesForm,
    StaffBookForm,
    StaffMoveForm,
    monday_of,
)
from comptoir.spaces.models import Booking
from comptoir.spaces.spaceapi import spaceapi_document


def _require_member(request) -> None:
    access = request.access
    if not (access.is_member or getattr(access.user, "is_superuser", False)):
        raise Http404


def _today(place) -> dt.date:
    return timezone.localtime(timezone.now(), place.tz).date()


def _at(place, day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=place.tz)


# --- member pages -----------------------------------------------------------------------------------


@place_view()
def index(request):
    """Resources and the search "a room for N people on this day, from … to …"."""
    _require_member(request)
    place = request.place
    form = SearchForm(request.GET or None, initial={"date": _today(place), "attendees": 1})
    results = None
    start = end = None
    if request.GET and form.is_valid() and not in_supported_range(form.cleaned_data["date"]):
        form.add_error("date", _("This date is out of range."))
    if request.GET and form.is_valid():
        data = form.cleaned_data
        start, end = _at(place, data["date"], data["start"]), _at(place, data["date"], data["end"])
        results = availability_search(
            place=place,
            start=start,
            end=end,
            attendees=data["attendees"],
            kind=data["kind"] or None,
            person=request.user,
            as_staff=request.access.has(sp.BOOKINGS_MANAGE),
        )
    context = {
        "form": form,
        "results": results,
        "start_value": start.isoformat() if start else "",
        "end_value": end.isoformat() if end else "",
        "resources": selectors.resource_list(place=place),
    }
    if request.htmx:
        return render(request, "spaces/_search_results.html", context)
    return render(request, "spaces/index.html", context)


@place_view()
def resource_detail(request, resource_slug: str):
    """The resource and its slot picker for one day (phone first)."""
    _require_member(request)
    place = request.place
    resource = selectors.resource_get(place=place, slug=resource_slug, active_only=True)
    if resource is None:
        raise Http404
    default_minutes = max(resource.min_minutes, min(60, resource.max_minutes))
    form = DayForm(request.GET or None, resource=resource, initial={"jour": _today(place), "duree": default_minutes})
    day, minutes = _today(place), default_minutes
    if request.GET and form.is_valid() and in_supported_range(form.cleaned_data["jour"]):
        day, minutes = form.cleaned_data["jour"], form.cleaned_data["duree"]
    moving = None
    if request.GET.get("deplacer", "").isdigit():
        moving = selectors.booking_get(place=place, booking_id=int(request.GET["deplacer"]))
        if moving is None or moving.person_id != request.user.pk or moving.resource_id != resource.pk:
            moving = None
    slots = day_slots(
        resource=resource,
        day=day,
        minutes=minutes,
        person=request.user,
        as_staff=request.access.has(sp.BOOKINGS_MANAGE),
        exclude_id=moving.pk if moving else None,
    )
    context = {
        "resource": resource,
        "form": form,
        "day": day,
        "minutes": minutes,
        "slots": slots,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "book_form": BookForm(),
        "moving": moving,
    }
    if request.htmx:
        return render(request, "spaces/_slots.html", context)
    return render(request, "spaces/resource.html", context)


@place_view()
@require_POST
def book(request, resource_slug: str):
    _require_member(request)
    place = request.place
    resource = selectors.resource_get(place=place, slug=resource_slug, active_only=True)
    if resource is None:
        raise Http404
    form = BookForm(request.POST)
    back = reverse("spaces:resource", kwargs={"place_slug": place.slug, "resource_slug": resource.slug})
    if not form.is_valid():
        messages.error(request, _("This slot could not be read; choose it again."))
        return redirect(back)
    data = form.cleaned_data
    try:
        booking = services.booking_create(
            resource=resource, person=request.user, start=data["start"], end=data["end"], actor=request.user,
            as_staff=request.access.has(sp.BOOKINGS_MANAGE), title=data["title"], attendees=data["attendees"] or 1,
            roles=request.access.membership.role_codes if request.access.is_member else None,
        )  # fmt: skip
    except ServiceError as error:
        messages.error(request, str(error.message))
        if not in_supported_range(data["start"], data["end"]):
            return redirect(back)
        day = timezone.localtime(data["start"], place.tz).date()
        return redirect(
            f"{back}?jour={day.isoformat()}&duree={int((data['end'] - data['start']).total_seconds() // 60)}"
        )
    if booking.state == Booking.State.REQUESTED:
        messages.success(request, _("Your request is sent; a host will confirm it."))
    else:
        messages.success(request, _("Booked!"))
    return redirect("spaces:my_bookings", place_slug=place.slug)


@place_view()
def my_bookings(request):
    _require_member(request)
    place = request.place
    bookings = selectors.booking_list_for_person(place=place, person=request.user, since=timezone.now())
    token = selectors.calendar_token_for(place=place, person=request.user)
    feed_url = None
    if token is not None:
        feed_url = request.build_absolute_uri(
            reverse("spaces:ical_member", kwargs={"place_slug": place.slug, "token": token.token})
        )
    return render(request, "spaces/my_bookings.html", {"bookings": bookings, "feed_url": feed_url})


@place_view()
@require_POST
def cancel(request, booking_id: int):
    _require_member(request)
    place = request.place
    booking = selectors.booking_get(place=place, booking_id=booking_id)
    if booking is None or (booking.person_id != request.user.pk and not request.access.has(sp.BOOKINGS_MANAGE)):
        raise Http404
    form = CancelForm(request.POST)
    form.is_valid()
    as_staff = request.access.has(sp.BOOKINGS_MANAGE) and booking.person_id != request.user.pk
    try:
        services.booking_cancel(
            booking=booking, actor=request.user, reason=form.cleaned_data.get("reason", ""), as_staff=as_staff
        )
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The booking is cancelled."))
    if as_staff:
        return redirect("spaces:booking_manage", place_slug=place.slug, booking_id=booking.pk)
    return redirect("spaces:my_bookings", place_slug=place.slug)


@place_view()
@require_POST
def calendar_reset(request):
    _require_member(request)
    services.calendar_token_reset(place=request.place, person=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("spaces:my_bookings", place_slug=request.place.slug)


# --- staff pages ------------------------------------------------------------------------------------


@place_view(sp.BOOKINGS_VIEW)
def week(request):
    """Every resource × the seven days of a week (a table readable on a phone as a list)."""
    place = request.place
    try:
        start_day = dt.date.fromisoformat(request.GET.get("debut", ""))
    except ValueError:
        start_day = _today(place)
    if not in_supported_range(start_day):
        start_day = _today(place)
    monday = monday_of(start_day)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    start, end = _at(place, monday, dt.time.min), _at(place, monday + dt.timedelta(days=7), dt.time.min)
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
    rows = [{"resource": r, "cells": [{"day": d, "bookings": cells[(r.pk, d)]} for d in days]} for r in resources]
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
    booking = selectors.booking_get(place=place, booking_id=booking_id)
    if booking is None:
        raise Http404
    if request.method == "POST":
        request.access.require(sp.BOOKINGS_MANAGE)
        action = request.POST.get("action")
        try:
            if action == "confirm":
                services.booking_confirm(booking=booking, actor=request.user)
                messages.success(request, _("The booking is approved."))
            elif action == "no_show":
                services.booking_no_show(booking=booking, actor=request.user)
                messages.success(request, _("Recorded as a no-show."))
            elif action == "move":
                move_form = StaffMoveForm(request.POST)
                if not move_form.is_valid():
                    raise ServiceError(_("Give the new start and end."))
                services.booking_move(
                    booking=booking, start=move_form.cleaned_data["start"], end=move_form.cleaned_data["end"],
                    actor=request.user, as_staff=True,
                )  # fmt: skip
                messages.success(request, _("The booking is moved."))
            else:
                raise ServiceError(_("Unknown action."))
        except ServiceError as error:
            messages.error(request, str(error.message))
        return redirect("spaces:booking_manage", place_slug=place.slug, booking_id=booking.pk)
    return render(
        request,
        "spaces/booking_manage.html",
        {
            "booking": booking,
            "cancel_form": CancelForm(),
            "move_form": StaffMoveForm(
                initial={
                    "start": timezone.localtime(booking.start, place.tz).strftime("%Y-%m-%dT%H:%M"),
                    "end": timezone.localtime(booking.end, place.tz).strftime("%Y-%m-%dT%H:%M"),
                }
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


# --- feeds ----------------------------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _feed_window(place):
    now = timezone.now()
    return now - dt.timedelta(days=30), now + dt.timedelta(days=365)


def ical_member(request, place_slug: str, token: str):
    place = place_get_by_slug(slug=place_slug)
    if place is None:
        raise Http404
    calendar_token = selectors.calendar_token_get(place=place, token=token)
    if calendar_token is None:
        raise Http404
    since, until = _feed_window(place)
    bookings = list(
        selectors.booking_list_for_person(place=place, person=calendar_token.person, since=since).filter(
            start__lt=until
        )
    )
    content = ical.bookings_calendar(
        name=f"{place.name} – {calendar_token.person.display_name}", place=place, bookings=bookings,
        host=request.get_host(), show_people=False,
    )  # fmt: skip
    return _ics(content, "reservations.ics")


def ical_resource(request, place_slug: str, resource_slug: str, token: str):
    place = place_get_by_slug(slug=place_slug)
    if place is None:
        raise Http404
    resource = selectors.resource_by_token(place=place, slug=resource_slug, token=token)
    if resource is None:
        raise Http404
    since, until = _feed_window(place)
    bookings = list(
        selectors.booking_list(place=place, start=since, end=until, states=Booking.OCCUPYING_STATES).filter(
            resource=resource
        )
    )
    content = ical.bookings_calendar(
        name=f"{place.name} – {resource.name}", place=place, bookings=bookings, host=request.get_host(),
        show_people=False,
    )  # fmt: skip
    return _ics(content, f"{resource.slug}.ics")


# --- SpaceAPI ---------------------------------------------------------------------------------------


def _spaceapi(request, place) -> JsonResponse:
    response = JsonResponse(spaceapi_document(place=place, request=request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


def spaceapi_place(request, place_slug: str):
    place = place_get_by_slug(slug=place_slug)
    if place is None:
        raise Http404
    return _spaceapi(request, place)


def spaceapi_root(request):
    """/spaceapi.json: the instance's place when it hosts one; otherwise use /<place>/spaceapi.json."""
    place = place_single()
    if place is None:
        raise Http404
    return _spaceapi(request, place)


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
        resource = selectors.resource_get(place=place, slug=resource_slug)
        if resource is None:
            raise Http404
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        try:
            if resource is None:
                fields = form.service_fields()
                name = fields.pop("name")
                services.resource_create(place=place, actor=request.user, name=name, **fields)
            else:
                services.resource_update(resource=resource, actor=request.user, **form.service_fields())
        except ServiceError as error:
            add_service_error(form, error)
        else:
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
        try:
            services.closure_create(
                place=place, actor=request.user, start=data["start"], end=data["end"], reason=data["reason"],
                resource=data["resource"],
            )  # fmt: skip
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The closure is recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("spaces:resources_manage", place_slug=place.slug)


@place_view(sp.RESOURCES_MANAGE)
@require_POST
def closure_remove(request, closure_id: int):
    closure = selectors.closure_list(place=request.place).filter(pk=closure_id).first()
    if closure is None:
        raise Http404
    services.closure_delete(closure=closure, actor=request.user)
    messages.success(request, _("The closure is removed."))
    return redirect("spaces:resources_manage", place_slug=request.place.slug)


# --- member: move and repeat ------------------------------------------------------------------------


def _own_booking(request, booking_id: int) -> Booking:
    booking = selectors.booking_get(place=request.place, booking_id=booking_id)
    if booking is None or booking.person_id != request.user.pk:
        raise Http404
    return booking


@place_view()
@require_POST
def move(request, booking_id: int):
    _require_member(request)
    booking = _own_booking(request, booking_id)
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This slot could not be read; choose it again."))
    else:
        try:
            services.booking_move(
                booking=booking, start=form.cleaned_data["start"], end=form.cleaned_data["end"], actor=request.user,
                as_staff=False,
            )  # fmt: skip
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The booking is moved."))
            return redirect("spaces:my_bookings", place_slug=request.place.slug)
    url = reverse("spaces:resource", kwargs={"place_slug": request.place.slug, "resource_slug": booking.resource.slug})
    return redirect(f"{url}?deplacer={booking.pk}")


@place_view()
def repeat(request, booking_id: int):
    """Repeat a booking every N weeks: the dates that cannot be booked are listed before confirming."""
    _require_member(request)
    booking = _own_booking(request, booking_id)
    form = SeriesForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        every = form.cleaned_data["every_weeks"]
        first_start = booking.start + dt.timedelta(weeks=every)
        args = {
            "resource": booking.resource, "person": request.user, "start": first_start,
            "end": first_start + (booking.end - booking.start), "every_weeks": every,
            "until": form.cleaned_data["until"], "attendees": booking.attendees,
        }  # fmt: skip
        try:
            if request.method == "POST":
                _series, made, skipped = services.booking_series_create(
                    **args, actor=request.user, title=booking.title, skip_conflicts=True
                )
                messages.success(
                    request, ngettext("%(n)d booking made.", "%(n)d bookings made.", len(made)) % {"n": len(made)}
                )
                return redirect("spaces:my_bookings", place_slug=request.place.slug)
            preview = services.booking_series_preview(**args)
        except ServiceError as error:
            add_service_error(form, error)
    return render(request, "spaces/repeat.html", {"booking": booking, "form": form, "preview": preview})


@place_view(sp.RESOURCES_MANAGE)
@require_POST
def resource_feed_reset(request, resource_slug: str):
    resource = selectors.resource_get(place=request.place, slug=resource_slug)
    if resource is None:
        raise Http404
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
        try:
            if person is None:
                raise ServiceError(_("Nobody has an account with this e-mail address."), field="email")
            booking = services.booking_create(
                resource=data["resource"], person=person, start=data["start"], end=data["end"], actor=request.user,
                as_staff=True, title=data["title"], roles=membership.role_codes if membership else None,
            )  # fmt: skip
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Booked!"))
            return redirect("spaces:booking_manage", place_slug=place.slug, booking_id=booking.pk)
    return render(request, "spaces/staff_book.html", {"form": form})
