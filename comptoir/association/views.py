"""Membership pages: join/renew and the card for members; adhésions at the desk and fee schemes for staff."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.association import selectors, services
from comptoir.association.forms import DeskJoinForm, FeeSchemeForm, JoinForm, PayForm
from comptoir.association.permissions import ASSOCIATION_MANAGE, ASSOCIATION_VIEW
from comptoir.billing.selectors import online_payment_offered
from comptoir.billing.services import today_in
from comptoir.core.access import place_view
from comptoir.core.pagination import paginate
from comptoir.core.viewhelpers import member_required, or_404, service_errors_as_messages, service_errors_on
from comptoir.people.models import User
from comptoir.places.selectors import legal_entity_list


@place_view()
@member_required
def mine(request):
    place, user = request.place, request.user
    schemes = selectors.fee_scheme_list(place=place, active_only=True).exclude(category="organisation")
    form = JoinForm(request.POST or None, schemes=schemes)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            adhesion = services.adhesion_join(
                place=place, user=user, scheme=form.cleaned_data["scheme"], actor=user,
                amount=form.cleaned_data["amount"],
            )  # fmt: skip
            if adhesion.invoice_id and online_payment_offered():
                messages.success(request, _("Thank you! Your membership is registered; pay it online below."))
            elif adhesion.invoice_id:
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
            "awaiting": selectors.adhesion_awaiting_payment(place=place, user=user),
            "pay_online": online_payment_offered(),
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
@member_required
def card(request):
    context = _card_context(request)
    if context is None:
        messages.info(request, _("You have no current membership."))
        return redirect("association:mine", place_slug=request.place.slug)
    return render(request, "association/card.html", context)


@place_view()
@member_required
def card_pdf(request):
    from weasyprint import HTML

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
    adhesion = or_404(selectors.adhesion_by_card_token(place=request.place, token=token))
    valid = selectors.adhesion_covers(adhesion=adhesion, on=today_in(request.place))
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
            with service_errors_on(form):
                adhesion = services.adhesion_join(
                    place=place, user=data["member"], scheme=data["scheme"], actor=request.user,
                    amount=data["amount"], payment_method=data["payment_method"],
                    payment_reference=data["payment_reference"], voucher_code=data["voucher_code"],
                )  # fmt: skip
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
    adhesion = get_object_or_404(selectors.adhesion_list(place=request.place), pk=adhesion_id)
    form = PayForm(request.POST)
    if form.is_valid():
        with service_errors_as_messages(request):
            services.adhesion_record_payment(adhesion=adhesion, method=form.cleaned_data["method"], actor=request.user)
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
            with service_errors_on(form):
                services.fee_scheme_save(place=place, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The membership fee is saved."))
                return redirect("association:schemes", place_slug=place.slug)
    return render(
        request, "association/schemes.html", {"schemes": selectors.fee_scheme_list(place=place), "form": form}
    )


@place_view(ASSOCIATION_MANAGE)
def scheme_edit(request, scheme_id: int):
    place = request.place
    scheme = get_object_or_404(selectors.fee_scheme_list(place=place), pk=scheme_id)
    entities = legal_entity_list(place=place).filter(kind="association")
    initial = {name: getattr(scheme, name) for name in FeeSchemeForm.base_fields}
    form = FeeSchemeForm(request.POST or None, entities=entities, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.fee_scheme_save(place=place, actor=request.user, scheme=scheme, **form.cleaned_data)
            messages.success(request, _("The membership fee is saved."))
            return redirect("association:schemes", place_slug=place.slug)
    return render(request, "association/scheme_edit.html", {"scheme": scheme, "form": form})
