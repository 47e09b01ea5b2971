"""Staff page: the mediators' weekly availability (the free appointment slots are computed from it)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.forms import add_service_error
from comptoir.mediation import forms as f
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services


@place_view(mp.MANAGE_WORKSHOPS)
def availability(request):
    """List the weekly rules, add one."""
    place = request.place
    mediators = selectors.mediators_of(place=place)
    resources = selectors.room_resources(place=place)
    initial = {"mediator": request.user.pk, "valid_from": timezone.localdate(timezone=place.tz)}
    form = f.AvailabilityRuleForm(request.POST or None, mediators=mediators, resources=resources, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mediator_id, resource_id = data.pop("mediator"), data.pop("resource", None)
        try:
            services.availability_rule_create(
                place=place, actor=request.user, mediator=next(m for m in mediators if m.pk == mediator_id),
                resource=next((r for r in resources if r.pk == resource_id), None), **data,
            )  # fmt: skip
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The weekly availability is added."))
            return redirect("mediation:availability", place_slug=place.slug)
    rules = selectors.availability_rule_list(place=place)
    return render(request, "mediation/availability.html", {"form": form, "rules": rules})


@place_view(mp.MANAGE_WORKSHOPS)
@require_POST
def availability_delete(request, rule_id: int):
    rule = selectors.availability_rule_list(place=request.place).filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    services.availability_rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("The weekly availability is removed."))
    return redirect("mediation:availability", place_slug=request.place.slug)
