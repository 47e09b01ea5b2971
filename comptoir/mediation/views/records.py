"""Staff pages of digital mediation: the home page, the quick entry of accompaniments, the accompaniments and
the beneficiaries' files."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.pagination import paginate
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.mediation import forms as f
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services
from comptoir.mediation.services._common import clean_text
from comptoir.mediation.views._common import go, today

QUICK_LINES = 3
MAX_LINES = 10

# --- home and quick entry -------------------------------------------------------------------------


@place_view(mp.RECORD_ACTIVITY)
def home(request):
    place = request.place
    day = today(place)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=place.tz)
    context = {
        "sessions": selectors.session_list(place=place, start=start, end=start + dt.timedelta(days=8)),
        "recent": selectors.accompaniment_list(place=place, start=day - dt.timedelta(days=7))[:10]
        if request.access.has(mp.VIEW_BENEFICIARIES)
        else [],
    }
    return render(request, "mediation/home.html", context)


@place_view(mp.VIEW_BENEFICIARIES)
def quick_entry(request):
    """Several accompaniments in one go: each line has sensible defaults, a line without theme is left out."""
    place = request.place
    try:
        count = max(1, min(MAX_LINES, int(request.GET.get("lignes", QUICK_LINES))))
    except ValueError:
        count = QUICK_LINES
    if request.method == "POST":
        try:
            count = max(1, min(MAX_LINES, int(request.POST.get("lines", QUICK_LINES))))
        except ValueError:
            count = QUICK_LINES
    beneficiaries = selectors.beneficiary_recent(place=place)
    data = request.POST if request.method == "POST" else None
    appointment = _appointment_from(request)
    header_initial = {"date": today(place)}
    line_initial = {}
    if appointment is not None:
        count = 1
        header_initial["date"] = timezone.localtime(appointment.starts_at, place.tz).date()
        line_initial = {"duration_minutes": appointment.duration_minutes, "new_first_name": appointment.first_name}
    header = f.QuickEntryHeaderForm(data, initial=header_initial)
    lines = [
        f.QuickEntryLineForm(data, prefix=f"l{i}", beneficiaries=beneficiaries, initial=line_initial)
        for i in range(count)
    ]
    if request.method == "POST" and header.is_valid() and all(line.is_valid() for line in lines):
        used = [line for line in lines if line.is_used]
        inputs = [
            services.AccompanimentInput(
                type=line.cleaned_data["type"],
                duration_minutes=line.cleaned_data["duration_minutes"],
                themes=line.cleaned_data["themes"],
                equipment=line.cleaned_data["equipment"],
                autonomy=line.cleaned_data["autonomy"],
                referral_structure=line.cleaned_data["referral_structure"],
                beneficiary_id=line.cleaned_data["beneficiary"],
                gender=line.cleaned_data["gender"],
                age_bracket=line.cleaned_data["age_bracket"],
                is_first_visit=line.cleaned_data["is_first_visit"],
                new_first_name=line.cleaned_data["new_first_name"],
                new_consent=line.cleaned_data["new_consent"],
            )
            for line in used
        ]
        try:
            records = services.accompaniments_record(
                place=place,
                mediator=request.user,
                lines=inputs,
                day=header.cleaned_data["date"],
                place_type=header.cleaned_data["place_type"],
                appointment=appointment,
                activity_commune=header.cleaned_data["activity_commune"],
                activity_postal_code=header.cleaned_data["activity_postal_code"],
            )
        except ServiceError as error:  # shown above the lines, whichever line's field it names
            header.add_error(None, str(error.message))
        else:
            messages.success(request, ngettext(
                    "%(count)s accompaniment recorded.", "%(count)s accompaniments recorded.", len(records)
                ) % {"count": len(records)})
            return go(request, "appointments" if appointment is not None else "quick_entry")
    return render(
        request,
        "mediation/quick_entry.html",
        {
            "header": header, "lines": lines, "count": count, "more": min(MAX_LINES, count + 2),
            "appointment": appointment,
        },
    )  # fmt: skip


def _appointment_from(request):
    """The taken appointment the quick entry records (``?rendez_vous=<id>``), or None."""
    raw = request.POST.get("appointment") if request.method == "POST" else request.GET.get("rendez_vous")
    if not raw or not str(raw).isdigit():
        return None
    appointment = selectors.appointment_get(place=request.place, appointment_id=int(raw))
    if appointment is None or appointment.status != appointment.Status.BOOKED:
        raise Http404
    return appointment


@place_view(mp.VIEW_BENEFICIARIES)
def accompaniments(request):
    page = paginate(request, selectors.accompaniment_list(place=request.place))
    return render(request, "mediation/accompaniments.html", {"page": page})


@place_view(mp.VIEW_BENEFICIARIES)
def accompaniment_edit(request, accompaniment_id: int):
    """Correct a mistaken entry (audited)."""
    accompaniment = or_404(selectors.accompaniment_get(place=request.place, accompaniment_id=accompaniment_id))
    anonymous = accompaniment.beneficiary_id is None
    initial = {name: getattr(accompaniment, name) for name in f.AccompanimentEditForm.base_fields}
    form = f.AccompanimentEditForm(request.POST or None, initial=initial, anonymous=anonymous)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.accompaniment_update(accompaniment=accompaniment, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return go(request, "accompaniments")
    return render(request, "mediation/accompaniment_form.html", {"form": form, "accompaniment": accompaniment})


@place_view(mp.VIEW_BENEFICIARIES)
@require_POST
def accompaniment_delete(request, accompaniment_id: int):
    """Undo a mistaken entry (audited)."""
    accompaniment = or_404(selectors.accompaniment_get(place=request.place, accompaniment_id=accompaniment_id))
    services.accompaniment_delete(accompaniment=accompaniment, actor=request.user)
    messages.success(request, _("The accompaniment is deleted."))
    return go(request, "accompaniments")


# --- beneficiaries --------------------------------------------------------------------------------


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiaries(request):
    search = clean_text(request.GET.get("q", ""), max_length=80)
    page = paginate(request, selectors.beneficiary_list(place=request.place, search=search))
    template = "mediation/_beneficiaries_table.html" if request.htmx else "mediation/beneficiaries.html"
    return render(request, template, {"page": page, "search": search})


def _beneficiary_form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["birth_year"] = data.get("birth_year")
    return data


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_new(request):
    form = f.BeneficiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            beneficiary = services.beneficiary_create(
                place=request.place, actor=request.user, **_beneficiary_form_data(form)
            )
            messages.success(request, _("The person is recorded."))
            return go(request, "beneficiary", beneficiary_id=beneficiary.pk)
    return render(request, "mediation/beneficiary_form.html", {"form": form, "beneficiary": None})


def _file(request, beneficiary_id: int):
    """The beneficiary's file; reading it is audited."""
    file = services.beneficiary_file_read(place=request.place, beneficiary_id=beneficiary_id, actor=request.user)
    return or_404(file)


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_detail(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    context = {
        "beneficiary": beneficiary,
        "accompaniments": beneficiary.accompaniments.select_related("mediator").order_by("-date", "-pk")[:50],
        "registrations": beneficiary.registrations.select_related("session__workshop").order_by("-pk")[:50],
    }
    return render(request, "mediation/beneficiary_detail.html", context)


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_edit(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    if beneficiary.anonymised_at:
        raise Http404
    initial = {name: getattr(beneficiary, name) for name in f.BeneficiaryForm.base_fields if name != "consent"}
    initial["consent"] = beneficiary.consent_at is not None
    form = f.BeneficiaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.beneficiary_update(beneficiary=beneficiary, actor=request.user, **_beneficiary_form_data(form))
            messages.success(request, _("Saved."))
            return go(request, "beneficiary", beneficiary_id=beneficiary.pk)
    return render(request, "mediation/beneficiary_form.html", {"form": form, "beneficiary": beneficiary})


@place_view(mp.VIEW_BENEFICIARIES)
def beneficiary_export(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    data = services.beneficiary_export(beneficiary=beneficiary, actor=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="beneficiaire-{beneficiary.pk}.json"'
    return response


@place_view(mp.VIEW_BENEFICIARIES)
@require_POST
def beneficiary_erase(request, beneficiary_id: int):
    beneficiary = _file(request, beneficiary_id)
    with service_errors_as_messages(request):
        services.beneficiary_erase(beneficiary=beneficiary, actor=request.user)
        messages.success(request, _("The person's details are erased. The anonymous statistics are kept."))
    return go(request, "beneficiaries")
