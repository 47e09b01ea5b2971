from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.core import permissions as p
from comptoir.core.access import place_view
from comptoir.core.panels import build_panels
from comptoir.core.viewhelpers import service_errors_on
from comptoir.places import hours, services
from comptoir.places.forms import LegalEntityForm, PlaceForm
from comptoir.places.selectors import legal_entity_list, place_list_public, place_single


def home(request):
    """The site's root: a single-place instance opens on its place; a network's instance lists its places."""
    single = place_single()
    if single is not None:
        return redirect("places:public", place_slug=single.slug)
    return render(request, "places/network.html", {"places": place_list_public()})


@place_view(login_required=False)
def public(request):
    place = request.place
    now = timezone.now()
    return render(
        request,
        "places/public.html",
        {
            "place": place,
            "week": hours.current_week_schedule(place.opening_hours, place.tz),
            "open_now": hours.is_open_at(place.opening_hours, now, place.tz),
            "today": timezone.localtime(now, place.tz).date(),
        },
    )


@place_view()
def member_home(request):
    access = request.access
    if not access.is_member and not request.user.is_superuser:
        return redirect("people:join", place_slug=request.place.slug)
    return render(request, "places/member_home.html", {"panels": build_panels(request, access, "member_panels")})


@place_view(p.STAFF_AREA)
def staff_home(request):
    today = timezone.localtime(timezone.now(), request.place.tz).date()
    return render(
        request,
        "places/staff_home.html",
        {"panels": build_panels(request, request.access, "staff_panels"), "today": today},
    )


@place_view(p.PLACE_CHANGE)
def settings_edit(request):
    place = request.place
    form = PlaceForm(request.POST or None, request.FILES or None, instance=place, initial={"services": place.services})
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.place_update(place=place, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The place's settings are saved."))
            return redirect("places:settings", place_slug=place.slug)
    return render(request, "places/settings.html", {"form": form, "entities": legal_entity_list(place=place)})


@place_view(p.PLACE_CHANGE)
def legal_entity_edit(request, entity_id: int | None = None):
    place = request.place
    entity = get_object_or_404(legal_entity_list(place=place), pk=entity_id) if entity_id else None
    form = LegalEntityForm(request.POST or None, instance=entity, place=place)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.legal_entity_save(place=place, actor=request.user, entity=entity, **form.cleaned_data)
            messages.success(request, _("The legal entity is saved."))
            return redirect("places:settings", place_slug=place.slug)
    return render(request, "places/legal_entity_form.html", {"form": form, "entity": entity})
