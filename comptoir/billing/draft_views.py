"""Staff screens for free-text draft invoices: start a draft, add/edit/remove its lines, then issue it
(the issue button of the invoice page)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.billing import selectors
from comptoir.billing.forms import DraftForm, DraftLineForm
from comptoir.billing.permissions import BILLING_MANAGE
from comptoir.billing.services import LineIn
from comptoir.billing.services.drafts import (
    invoice_draft_start,
    invoice_line_add,
    invoice_line_remove,
    invoice_line_update,
)
from comptoir.billing.views import _invoice_or_404, invoice_detail_context
from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.viewhelpers import service_errors_on
from comptoir.people.models import User
from comptoir.places.selectors import legal_entity_list


@place_view(BILLING_MANAGE)
def invoice_new(request):
    place = request.place
    form = DraftForm(
        request.POST or None,
        members=User.objects.filter(memberships__place=place).distinct().order_by("display_name", "email"),
        entities=legal_entity_list(place=place),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form):
            invoice = invoice_draft_start(
                place=place, entity=data["entity"], user=data["member"], actor=request.user, note=data["note"]
            )
            messages.success(request, _("The draft is created: add its lines."))
            return redirect("billing:invoice", place_slug=place.slug, invoice_id=invoice.pk)
    return render(request, "billing/invoice_new.html", {"form": form}, status=400 if form.errors else 200)


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''} : {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


def _line_in(form: DraftLineForm) -> LineIn:
    data = form.cleaned_data
    return LineIn(description=data["description"], quantity=data["quantity"], unit_price=data["unit_price"],
                  vat_rate=data["vat_rate"])  # fmt: skip


@place_view(BILLING_MANAGE)
@require_POST
def draft_line_add(request, invoice_id: int):
    invoice = _invoice_or_404(request, invoice_id)
    form = DraftLineForm(request.POST, prefix="new")
    if form.is_valid():
        with service_errors_on(form) as refusal:
            invoice_line_add(invoice=invoice, actor=request.user, line=_line_in(form))
            messages.success(request, _("The line is added."))
            return redirect("billing:invoice", place_slug=request.place.slug, invoice_id=invoice.pk)
        line_error = refusal.error.message
    else:
        line_error = _("Check the line: %(errors)s") % {"errors": _form_errors(form)}
    context = invoice_detail_context(request, invoice)
    context.update(line_form=form, line_error=line_error)
    return render(request, "billing/invoice_detail.html", context, status=400 if invoice.is_draft else 409)


@place_view(BILLING_MANAGE)
@require_POST
def draft_line_edit(request, invoice_id: int, line_id: int):
    """Save (default) or remove (``action=remove``) one free line of a draft."""
    invoice = _invoice_or_404(request, invoice_id)
    try:
        if request.POST.get("action") == "remove":
            invoice_line_remove(invoice=invoice, line_id=line_id, actor=request.user)
            messages.success(request, _("The line is removed."))
        else:
            form = DraftLineForm(request.POST, prefix=f"line-{line_id}")
            if not form.is_valid():
                raise ServiceError(_("Check the line: %(errors)s") % {"errors": _form_errors(form)})
            invoice_line_update(invoice=invoice, line_id=line_id, actor=request.user, line=_line_in(form))
            messages.success(request, _("The line is saved."))
    except ServiceError as error:
        context = invoice_detail_context(request, selectors.invoice_get(place=request.place, pk=invoice.pk))
        context["line_error"] = error.message
        return render(request, "billing/invoice_detail.html", context, status=error.status_code)
    return redirect("billing:invoice", place_slug=request.place.slug, invoice_id=invoice.pk)
