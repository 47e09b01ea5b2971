"""Membership pages: join/renew and the card for members; adhésions at the desk and fee schemes for staff."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.association import selectors, services
from comptoir.association.forms import DeskJoinForm, FeeSchemeForm, JoinForm, PayForm
from comptoir.association.permissions import ASSOCIATION_MANAGE, ASSOCIATION_VIEW
from comptoir.billing.services import today_in
from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.forms import add_service_error
from comptoir.core.pagination import paginate
from comptoir.people.models import User
from comptoir.places.selectors import legal_entity_list


def _require_member(request):
    if not request.access.is_member and not request.user.is_superuser:
        raise Http404


@place_view()
def mine(request):
    _require_member(request)
    place, user = request.place, request.user
    schemes = selectors.fee_scheme_list(place=place, active_only=True).exclude(category="organisation")
    form = JoinForm(request.POST or None, schemes=schemes)
    if request.method == "POST" and form.is_valid():
        try:
            adhesion = services.adhesion_join(
                place=place, user=user, scheme=form.cleaned_data["scheme"], actor=user,
                amount=form.cleaned_data["amount"],
            )  # fmt: skip
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if adhesion.invoice_id:
                messages.success(request, _("Thank you! Your membership is registered; pay it at the desk."))
            else:
                messages.success(request, _("Thank you! You are a member of the association."))
            return redirect("association:mine", place_slug=place.slug)
    today = today_in(place)
    return render(
        request,
        "association/mine.html",
        {
            "form": form,
            "current": selectors.adhesion_current(place=place, user=user, on=today),
            "adhesions": selectors.adhesion_list(place=place, user=user)[:20],
            "has_schemes": schemes.exists(),
        },
    )


def _card_context(request):
    place, user = request.place, request.user
    adhesion = selectors.adhesion_current(place=place, user=user, on=today_in(place))
    if adhesion is None:
        return None
    url = request.build_absolute_uri(
        reverse("association:card_check", kwargs={"place_slug": place.slug, "token": adhesion.card_token})
    )
    qr = segno.make(url, error="m").svg_inline(scale=5, title=_("QR code to check this card"))
    return {"adhesion": adhesion, "qr": qr, "check_url": url}


@place_view()
def card(request):
    _require_member(request)
    context = _card_context(request)
    if context is None:
        messages.info(request, _("You have no current membership."))
        return redirect("association:mine", place_slug=request.place.slug)
    return render(request, "association/card.html", context)


@place_view()
def card_pdf(request):
    from weasyprint import HTML

    _require_member(request)
    context = _card_context(request)
    if context is None:
        raise Http404
    context["current_place"] = request.place
    html = render_to_string("association/card_pdf.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="carte-adherent.pdf"'
    return response


@place_view(login_required=False)
def card_check(request, token):
    """Someone scans a card: is it valid today? Shows only the name and the dates."""
    adhesion = selectors.adhesion_by_card_token(place=request.place, token=token)
    if adhesion is None:
        raise Http404
    valid = adhesion.covers(today_in(request.place))
    return render(request, "association/card_check.html", {"adhesion": adhesion, "valid": valid})


@place_view(ASSOCIATION_VIEW)
def adhesions(request):
    place = request.place
    search = request.GET.get("q", "").strip()[:100]
    members = User.objects.filter(memberships__place=place, memberships__status="active").order_by("display_name")
    form = DeskJoinForm(
        request.POST or None, schemes=selectors.fee_scheme_list(place=place, active_only=True), members=members
    )
    if request.method == "POST":
        request.access.require(ASSOCIATION_MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                adhesion = services.adhesion_join(
                    place=place, user=data["member"], scheme=data["scheme"], actor=request.user,
                    amount=data["amount"], payment_method=data["payment_method"],
                    payment_reference=data["payment_reference"], voucher_code=data["voucher_code"],
                )  # fmt: skip
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is a member until %(date)s.")
                    % {"name": adhesion.user.display_name, "date": adhesion.ends_on.strftime("%d/%m/%Y")},
                )
                return redirect("association:adhesions", place_slug=place.slug)
    context = {
        "page": paginate(request, selectors.adhesion_list(place=place, search=search)),
        "form": form,
        "pay_form": PayForm(),
        "search": search,
        "up_to_date_count": len(selectors.up_to_date_user_ids(place=place, on=today_in(place))),
    }
    return render(request, "association/adhesions.html", context)


@place_view(ASSOCIATION_MANAGE)
@require_POST
def adhesion_pay(request, adhesion_id: int):
    adhesion = selectors.adhesion_list(place=request.place).filter(pk=adhesion_id).first()
    if adhesion is None:
        raise Http404
    form = PayForm(request.POST)
    if form.is_valid():
        try:
            services.adhesion_record_payment(adhesion=adhesion, method=form.cleaned_data["method"], actor=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The membership fee is paid."))
    return redirect("association:adhesions", place_slug=request.place.slug)


@place_view(ASSOCIATION_VIEW)
def schemes(request):
    place = request.place
    entities = legal_entity_list(place=place).filter(kind="association")
    form = FeeSchemeForm(request.POST or None, entities=entities)
    if request.method == "POST":
        request.access.require(ASSOCIATION_MANAGE)
        if form.is_valid():
            try:
                services.fee_scheme_save(place=place, actor=request.user, **form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The membership fee is saved."))
                return redirect("association:schemes", place_slug=place.slug)
    return render(
        request, "association/schemes.html", {"schemes": selectors.fee_scheme_list(place=place), "form": form}
    )


@place_view(ASSOCIATION_MANAGE)
def scheme_edit(request, scheme_id: int):
    place = request.place
    scheme = selectors.fee_scheme_list(place=place).filter(pk=scheme_id).first()
    if scheme is None:
        raise Http404
    entities = legal_entity_list(place=place).filter(kind="association")
    initial = {name: getattr(scheme, name) for name in FeeSchemeForm.base_fields}
    form = FeeSchemeForm(request.POST or None, entities=entities, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_scheme_save(place=place, actor=request.user, scheme=scheme, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The membership fee is saved."))
            return redirect("association:schemes", place_slug=place.slug)
    return render(request, "association/scheme_edit.html", {"scheme": scheme, "form": form})
