"""Staff pages of digital mediation: Pass Numérique vouchers and claims, activity reports, the place's offer."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import or_404, service_errors_as_messages, service_errors_on
from comptoir.mediation import forms as f
from comptoir.mediation import permissions as mp
from comptoir.mediation import selectors, services, stats
from comptoir.mediation import vocabularies as v
from comptoir.mediation.standard_export import standard_csv, standard_json
from comptoir.mediation.views._common import go, today

# --- Pass Numérique -----------------------------------------------------------------------------------


def _paid_activity(place, data) -> tuple:
    """The accompaniment or registration a voucher pays for, from the form or the address (place-scoped)."""

    def number(name):
        value = str(data.get(name) or "")
        return int(value) if value.isdigit() else None

    accompaniment = registration = None
    if number("accompaniment") is not None:
        accompaniment = or_404(selectors.accompaniment_get(place=place, accompaniment_id=number("accompaniment")))
    if number("registration") is not None:
        registration = or_404(selectors.registration_get(place=place, registration_id=number("registration")))
    return accompaniment, registration


@place_view(mp.RECORD_VOUCHERS)
def vouchers(request):
    place = request.place
    booklets = list(selectors.booklet_list(place=place))
    funders = sorted({b.funder for b in booklets})
    booklet_form = f.BookletForm(prefix="b")
    accompaniment, registration = _paid_activity(place, request.GET)
    voucher_form = f.VoucherForm(
        prefix="v",
        funders=funders,
        initial={
            "received_on": today(place),
            "accompaniment": accompaniment.pk if accompaniment else None,
            "registration": registration.pk if registration else None,
        },
    )
    if request.method == "POST" and "b-funder" in request.POST:
        booklet_form = f.BookletForm(request.POST, prefix="b")
        if booklet_form.is_valid():
            with service_errors_on(booklet_form):
                services.booklet_create(place=place, actor=request.user, **booklet_form.cleaned_data)
                messages.success(request, _("The booklets are recorded."))
                return go(request, "vouchers")
    elif request.method == "POST":
        voucher_form = f.VoucherForm(request.POST, prefix="v", funders=funders)
        if voucher_form.is_valid():
            data = dict(voucher_form.cleaned_data)
            accompaniment, registration = _paid_activity(place, data)
            data.update(accompaniment=accompaniment, registration=registration)
            with service_errors_on(voucher_form):
                voucher = services.voucher_record(place=place, actor=request.user, **data)
                messages.success(request, _("Voucher %(code)s accepted.") % {"code": voucher.code})
                return go(request, "vouchers")
    context = {
        "booklets": booklets,
        "booklet_form": booklet_form,
        "voucher_form": voucher_form,
        "paid_accompaniment": accompaniment,
        "paid_registration": registration,
        "vouchers": selectors.voucher_list(place=place)[:50],
    }
    return render(request, "mediation/vouchers.html", context)


@place_view(mp.RECONCILE_VOUCHERS)
def claims(request):
    entities = _entities(request.place)
    primary = next((e for e in entities if e.is_primary), None)
    context = {
        "claims": selectors.claim_list(place=request.place), "claim_form": f.ClaimPrepareForm(),
        "entities": entities if len(entities) > 1 else [], "primary_entity_id": primary.pk if primary else None,
    }  # fmt: skip
    return render(request, "mediation/claims.html", context)


def _entities(place) -> list:
    from comptoir.places.selectors import legal_entity_list

    return list(legal_entity_list(place=place).order_by("-is_primary", "name", "pk"))


@place_view(mp.RECONCILE_VOUCHERS)
@require_POST
def claims_prepare(request):
    form = f.ClaimPrepareForm(request.POST)
    if form.is_valid():
        claims = services.voucher_claims_prepare(
            place=request.place, actor=request.user, month=form.cleaned_data["month"]
        )
        count = len(claims)
        message = ngettext("%(count)s claim ready.", "%(count)s claims ready.", count)
        messages.success(request, message % {"count": count})
    else:
        messages.error(request, _("Choose a month."))
    return go(request, "claims")


@place_view(mp.RECONCILE_VOUCHERS)
@require_POST
def claim_mark(request, claim_id: int):
    claim = or_404(selectors.claim_get(place=request.place, claim_id=claim_id))
    entities = _entities(request.place)
    form = f.ClaimMarkForm(request.POST, entities=entities)
    if not form.is_valid():
        if "entity" in form.errors:
            messages.error(request, _("Choose a legal entity of this place."))
        else:
            messages.error(request, _("Unknown status."))
        return go(request, "claims")
    entity = next((e for e in entities if e.pk == form.cleaned_data["entity"]), None)
    with service_errors_as_messages(request):
        services.voucher_claim_mark(claim=claim, actor=request.user, status=form.cleaned_data["status"], entity=entity)
        messages.success(request, _("Claim updated."))
    return go(request, "claims")


# --- reports ----------------------------------------------------------------------------------------


def _period(request):
    place = request.place
    day = today(place)
    mediators = selectors.mediators_of(place=place)
    default = {"start": day.replace(day=1), "end": day}
    form = f.PeriodForm(request.GET or None, mediators=mediators, initial=default)
    start, end, mediator = default["start"], default["end"], None
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        mediator = next((m for m in mediators if m.pk == form.cleaned_data["mediator"]), None)
    return form, start, end, mediator


def _with_bars(rows):
    """(label, count, bar width in %) rows: the bars are decoration, the numbers are the content."""
    top = max((count for _value, _label, count in rows), default=0) or 1
    return [(label, count, round(count * 100 / top)) for _value, label, count in rows]


@place_view(mp.VIEW_REPORTS)
def report(request):
    form, start, end, mediator = _period(request)
    result = stats.activity_report(place=request.place, start=start, end=end, mediator=mediator)
    context = {
        "form": form,
        "report": result,
        "mediator": mediator,
        "tables": [
            ("type", _("By kind of activity"), _with_bars(result.rows("by_type", v.ActivityType))),
            ("theme", _("By theme"), _with_bars(result.rows("by_theme", v.Theme))),
            ("age", _("By age"), _with_bars(result.rows("by_age", v.AgeBracket))),
            ("gender", _("By gender"), _with_bars(result.rows("by_gender", v.Gender))),
            ("status", _("By situation"), _with_bars(result.rows("by_status", v.SocialStatus))),
            ("commune", _("By town"), _with_bars(result.rows("by_commune"))),
        ],
        "query": request.GET.urlencode(),
    }
    return render(request, "mediation/report.html", context)


@place_view(mp.VIEW_REPORTS)
def report_csv(request):
    _form, start, end, mediator = _period(request)
    text = stats.cra_csv(place=request.place, start=start, end=end, mediator=mediator)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"{start.isoformat()}_{end.isoformat()}_activites-mediation-numerique_{request.place.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the place's offer (national standard) ----------------------------------------------------------


@place_view(mp.EDIT_OFFER)
def offer(request):
    current = services.offer_get(place=request.place)
    initial = {name: getattr(current, name) for name in f.OfferForm.base_fields}
    form = f.OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.offer_update(place=request.place, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The offer is saved."))
            return go(request, "offer")
    export_error = None
    try:
        filename, _text = standard_csv(place=request.place)
    except ServiceError as error:
        filename, export_error = None, error.message
    return render(request, "mediation/offer.html", {"form": form, "filename": filename, "export_error": export_error})


def _export_or_back(request, build):
    with service_errors_as_messages(request):
        return build()
    return go(request, "offer")


@place_view(mp.EDIT_OFFER)
def offer_csv(request):
    def build():
        filename, text = standard_csv(place=request.place)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return _export_or_back(request, build)


@place_view(mp.EDIT_OFFER)
def offer_json(request):
    def build():
        data = standard_json(place=request.place)
        return HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")

    return _export_or_back(request, build)
