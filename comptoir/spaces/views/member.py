"""Member pages: search, slot picker, booking, my bookings, move, repeat, calendar address."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.viewhelpers import member_required, or_404, service_errors_as_messages, service_errors_on
from comptoir.spaces import permissions as sp
from comptoir.spaces import selectors, services
from comptoir.spaces.availability import availability_search, day_slots
from comptoir.spaces.engine import in_supported_range
from comptoir.spaces.forms import (
    BookForm,
    CancelForm,
    DayForm,
    SearchForm,
    SeriesForm,
)
from comptoir.spaces.models import Booking
from comptoir.spaces.views._common import at, resource_url_maker, today

# --- member pages -----------------------------------------------------------------------------------


@place_view()
@member_required
def index(request):
    """Resources and the search "a room for N people on this day, from … to …"."""
    place = request.place
    form = SearchForm(request.GET or None, initial=SearchForm.defaults(timezone.localtime(timezone.now(), place.tz)))
    results = None
    start = end = None
    if request.GET and form.is_valid() and not in_supported_range(form.cleaned_data["date"]):
        form.add_error("date", _("This date is out of range."))
    if request.GET and form.is_valid():
        data = form.cleaned_data
        start, end = at(place, data["date"], data["start"]), at(place, data["date"], data["end"])
        results = availability_search(
            place=place,
            start=start,
            end=end,
            attendees=data["attendees"],
            kind=data["kind"] or None,
            person=request.user,
            as_staff=request.access.has(sp.BOOKINGS_MANAGE),
        )
    if results:
        book_url = resource_url_maker("spaces:book", place)
        for result in results:
            result.book_url = book_url(result.resource.slug)
    context = {
        "form": form,
        "results": results,
        "start_value": start.isoformat() if start else "",
        "end_value": end.isoformat() if end else "",
    }
    if request.htmx:
        return render(request, "spaces/_search_results.html", context)
    # The active resources, as resource_list orders them; the place is known (no join), URLs made once.
    context["resources"] = resources = selectors.resources_searchable(place=place)
    resource_url = resource_url_maker("spaces:resource", place)
    for resource in resources:
        resource.page_url = resource_url(resource.slug)
    return render(request, "spaces/index.html", context)


@place_view()
@member_required
def resource_detail(request, resource_slug: str):
    """The resource and its slot picker for one day (phone first)."""
    place = request.place
    resource = or_404(selectors.resource_get(place=place, slug=resource_slug, active_only=True))
    default_minutes = max(resource.min_minutes, min(60, resource.max_minutes))
    form = DayForm(request.GET or None, resource=resource, initial={"jour": today(place), "duree": default_minutes})
    day, minutes = today(place), default_minutes
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
@member_required
def book(request, resource_slug: str):
    place = request.place
    resource = or_404(selectors.resource_get(place=place, slug=resource_slug, active_only=True))
    form = BookForm(request.POST)
    back = reverse("spaces:resource", kwargs={"place_slug": place.slug, "resource_slug": resource.slug})
    if not form.is_valid():
        messages.error(request, _("This slot could not be read; choose it again."))
        return redirect(back)
    data = form.cleaned_data
    with service_errors_as_messages(request):
        booking = services.booking_create(
            resource=resource, person=request.user, start=data["start"], end=data["end"], actor=request.user,
            as_staff=request.access.has(sp.BOOKINGS_MANAGE), title=data["title"], attendees=data["attendees"] or 1,
            roles=request.access.member_roles,
        )  # fmt: skip
        if booking.state == Booking.State.REQUESTED:
            messages.success(request, _("Your request is sent; a host will confirm it."))
        else:
            messages.success(request, _("Booked!"))
        return redirect("spaces:my_bookings", place_slug=place.slug)
    # Refused: back to the day's slots of the resource, for the same duration.
    if not in_supported_range(data["start"], data["end"]):
        return redirect(back)
    day = timezone.localtime(data["start"], place.tz).date()
    return redirect(f"{back}?jour={day.isoformat()}&duree={int((data['end'] - data['start']).total_seconds() // 60)}")


@place_view()
@member_required
def my_bookings(request):
    place = request.place
    bookings = selectors.bookings_upcoming(place=place, person=request.user, since=timezone.now())
    # What the place holds in the person's name (a resident's desk day by day, a workshop's room) is
    # summed up per space and title, not listed with a member's booking actions.
    own = [b for b in bookings if not b.internal_use]
    held: dict[tuple, dict] = {}
    for booking in (b for b in bookings if b.internal_use and b.is_occupying):
        group = held.setdefault(
            (booking.resource_id, booking.title), {"resource": booking.resource, "title": booking.title, "days": []}
        )
        group["days"].append(booking)
    for group in held.values():
        group["first"], group["last"] = group["days"][0].start, group["days"][-1].end
    token = selectors.calendar_token_for(place=place, person=request.user)
    feed_url = None
    if token is not None:
        feed_url = request.build_absolute_uri(
            reverse("spaces:ical_member", kwargs={"place_slug": place.slug, "token": token.token})
        )
    return render(
        request, "spaces/my_bookings.html", {"bookings": own, "held": list(held.values()), "feed_url": feed_url}
    )


@place_view()
@require_POST
@member_required
def cancel(request, booking_id: int):
    place = request.place
    booking = selectors.booking_get(place=place, booking_id=booking_id)
    if booking is None or (booking.person_id != request.user.pk and not request.access.has(sp.BOOKINGS_MANAGE)):
        raise Http404
    form = CancelForm(request.POST)
    form.is_valid()
    as_staff = request.access.has(sp.BOOKINGS_MANAGE) and booking.person_id != request.user.pk
    with service_errors_as_messages(request):
        services.booking_cancel(
            booking=booking, actor=request.user, reason=form.cleaned_data.get("reason", ""), as_staff=as_staff
        )
        messages.success(request, _("The booking is cancelled."))
    if as_staff:
        return redirect("spaces:booking_manage", place_slug=place.slug, booking_id=booking.pk)
    return redirect("spaces:my_bookings", place_slug=place.slug)


@place_view()
@require_POST
@member_required
def calendar_reset(request):
    services.calendar_token_reset(place=request.place, person=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("spaces:my_bookings", place_slug=request.place.slug)


# --- member: move and repeat ------------------------------------------------------------------------


def _own_booking(request, booking_id: int) -> Booking:
    booking = selectors.booking_get(place=request.place, booking_id=booking_id)
    if booking is None or booking.person_id != request.user.pk:
        raise Http404
    return booking


@place_view()
@require_POST
@member_required
def move(request, booking_id: int):
    booking = _own_booking(request, booking_id)
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This slot could not be read; choose it again."))
    else:
        with service_errors_as_messages(request):
            services.booking_move(
                booking=booking, start=form.cleaned_data["start"], end=form.cleaned_data["end"], actor=request.user,
                as_staff=False,
            )  # fmt: skip
            messages.success(request, _("The booking is moved."))
            return redirect("spaces:my_bookings", place_slug=request.place.slug)
    url = reverse("spaces:resource", kwargs={"place_slug": request.place.slug, "resource_slug": booking.resource.slug})
    return redirect(f"{url}?deplacer={booking.pk}")


@place_view()
@member_required
def repeat(request, booking_id: int):
    """Repeat a booking every N weeks: the dates that cannot be booked are listed before confirming."""
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
        with service_errors_on(form):
            if request.method == "POST":
                _series, made, skipped = services.booking_series_create(
                    **args, actor=request.user, title=booking.title, skip_conflicts=True
                )
                messages.success(
                    request, ngettext("%(n)d booking made.", "%(n)d bookings made.", len(made)) % {"n": len(made)}
                )
                return redirect("spaces:my_bookings", place_slug=request.place.slug)
            preview = services.booking_series_preview(**args)
    return render(request, "spaces/repeat.html", {"booking": booking, "form": form, "preview": preview})
