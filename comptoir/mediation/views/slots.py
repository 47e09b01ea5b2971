"""Staff pages of digital mediation: appointment slots (open, cancel, mark "not come") and the mediators'
weekly availability (the free appointment slots are computed from it)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.mediation import forms as f
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services
from comptoir.mediation.views._common import at_place, chosen, go, today


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
        first_start = at_place(place, data.pop("first_start"))
        resource, mediator = chosen(resources, data.pop("resource", None)), chosen(mediators, data.pop("mediator"))
        with service_errors_on(form):
            created = services.appointment_slots_create(
                place=place, actor=request.user, mediator=mediator, first_start=first_start, resource=resource, **data
            )
            count = len(created)
            message = ngettext("%(count)s slot open.", "%(count)s slots open.", count)
            messages.success(request, message % {"count": count})
            return go(request, "appointments")
    start = dt.datetime.combine(today(place), dt.time.min, tzinfo=place.tz)
    listing = selectors.appointment_list(place=place, start=start)
    context = {"form": form, "appointments": listing, "now": timezone.now()}
    return render(request, "mediation/appointments.html", context)


@place_view(mp.MANAGE_WORKSHOPS)
@require_POST
def appointment_cancel(request, appointment_id: int):
    appointment = or_404(selectors.appointment_get(place=request.place, appointment_id=appointment_id))
    with service_errors_as_messages(request):
        services.appointment_cancel(appointment=appointment, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The appointment is cancelled."))
    return go(request, "appointments")


@place_view(mp.VIEW_BENEFICIARIES)
@require_POST
def appointment_no_show(request, appointment_id: int):
    appointment = or_404(selectors.appointment_get(place=request.place, appointment_id=appointment_id))
    with service_errors_as_messages(request):
        services.appointment_no_show(appointment=appointment, actor=request.user)
        messages.success(request, _("Marked as not come."))
    return go(request, "appointments")


# --- weekly availability ----------------------------------------------------------------------------


@place_view(mp.MANAGE_WORKSHOPS)
def availability(request):
    """List the weekly rules, add one."""
    place = request.place
    mediators = selectors.mediators_of(place=place)
    resources = selectors.room_resources(place=place)
    initial = {"mediator": request.user.pk, "valid_from": today(place)}
    form = f.AvailabilityRuleForm(request.POST or None, mediators=mediators, resources=resources, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mediator, resource = chosen(mediators, data.pop("mediator")), chosen(resources, data.pop("resource", None))
        with service_errors_on(form):
            services.availability_rule_create(place=place, actor=request.user, mediator=mediator, resource=resource,
                                              **data)  # fmt: skip
            messages.success(request, _("The weekly availability is added."))
            return go(request, "availability")
    rules = selectors.availability_rule_list(place=place)
    return render(request, "mediation/availability.html", {"form": form, "rules": rules})


@place_view(mp.MANAGE_WORKSHOPS)
@require_POST
def availability_delete(request, rule_id: int):
    rule = get_object_or_404(selectors.availability_rule_list(place=request.place), pk=rule_id)
    services.availability_rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("The weekly availability is removed."))
    return go(request, "availability")
