"""Billing pages: the member's invoices and balance; staff invoices, charges, payments, run and exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from comptoir.billing import exports, selectors, services
from comptoir.billing.confirmations import EXPIRED, confirmation_read, confirmation_sign, preview_page
from comptoir.billing.forms import (
    AccountForm,
    BillingProfileForm,
    CloseForm,
    DeskSaleForm,
    DraftLineForm,
    FecForm,
    PaymentForm,
    ProductForm,
    RefundForm,
    RunForm,
    TopUpForm,
)
from comptoir.billing.models import Invoice, Payment
from comptoir.billing.permissions import BILLING_ACCOUNTING, BILLING_MANAGE, BILLING_VIEW
from comptoir.billing.providers import get_provider
from comptoir.billing.services import today_in
from comptoir.billing.services.accounting import chart_of_accounts
from comptoir.billing.services.documents import invoice_pdf_read
from comptoir.billing.services.invoices import buyer_fields
from comptoir.billing.services.run import charges_collect
from comptoir.billing.totals import money
from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.money import format_money
from comptoir.core.pagination import paginate
from comptoir.core.viewhelpers import member_required, or_404, service_errors_as_messages, service_errors_on
from comptoir.people.models import User
from comptoir.places.selectors import legal_entity_list

ACCOUNT_LABELS = {
    "services": gettext_lazy("Services sold"),
    "goods": gettext_lazy("Goods sold"),
    "fees": gettext_lazy("Membership fees"),
    "vat": gettext_lazy("VAT collected"),
    "customers": gettext_lazy("Customers"),
    "customer_advances": gettext_lazy("Customer advances (wallets)"),
    "bank": gettext_lazy("Bank"),
    "cash": gettext_lazy("Cash"),
}
ACCOUNT_ROLES = list(ACCOUNT_LABELS.items())

# --- member ------------------------------------------------------------------------------------


@place_view()
@member_required
def mine(request):
    place, user = request.place, request.user
    balance = selectors.member_balance(place=place, user=user)
    provider = get_provider()
    instructions = ""
    if balance["owed"] > 0:
        if provider.is_online:
            instructions = _("Pay online by card with the button next to each invoice, or at the desk.")
        else:
            open_invoices = list(selectors.open_invoices(place=place, user=user)[:20])
            instructions = provider.start(place=place, user=user, invoices=open_invoices, amount=balance["owed"],
                                          return_url=request.path).instructions  # fmt: skip
    return render(
        request,
        "billing/mine.html",
        {
            "page": paginate(request, selectors.invoice_list(place=place, user=user)),
            "balance": balance,
            "instructions": instructions,
            "wallet": selectors.wallet_entries(place=place, user=user)[:20],
            "today": today_in(place),
            "pay_online": provider.is_online,
            "address_missing": not getattr(selectors.billing_profile_get(place=place, user=user), "postal_code", ""),
        },
    )


@place_view()
@member_required
def billing_profile(request):
    place, user = request.place, request.user
    profile = selectors.billing_profile_get(place=place, user=user)
    initial = {field: getattr(profile, field) for field in BillingProfileForm.base_fields} if profile else {}
    form = BillingProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.billing_profile_save(place=place, user=user, actor=user, **form.cleaned_data)
            messages.success(request, _("Your billing details are saved."))
            return redirect("billing:mine", place_slug=place.slug)
    return render(request, "billing/profile.html", {"form": form}, status=400 if form.errors else 200)


@place_view()
def invoice_pdf(request, invoice_id: int):
    """The Factur-X PDF, for the invoice's member or staff who may see invoices."""
    place, access = request.place, request.access
    if access.has(BILLING_VIEW):
        invoice = selectors.invoice_get(place=place, pk=invoice_id)
    elif access.is_member:
        invoice = selectors.invoice_get(place=place, pk=invoice_id, user=request.user)
    else:
        raise Http404
    if invoice is None or invoice.is_draft:
        raise Http404
    try:
        pdf = invoice_pdf_read(invoice=invoice)
    except ServiceError as error:
        return HttpResponse(str(error.message), status=error.status_code, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    return response


# --- staff: invoices ---------------------------------------------------------------------------


@place_view(BILLING_VIEW)
def invoices(request):
    status = request.GET.get("statut", "")
    kind = request.GET.get("type", "")
    search = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.invoice_list(place=request.place, status=status, kind=kind, search=search))
    context = {
        "page": page, "status": status, "kind": kind, "search": search,
        "statuses": Invoice.Status.choices, "kinds": Invoice.Kind.choices,
    }  # fmt: skip
    template = "billing/_invoices_table.html" if request.htmx else "billing/invoices.html"
    return render(request, template, context)


@place_view(BILLING_MANAGE)
def sale(request):
    """Sell a product at the desk: a preview of the invoice first (nothing written), then, once confirmed,
    the issued invoice (and payment) at once."""
    place = request.place
    members = User.objects.filter(memberships__place=place, memberships__status="active").order_by("display_name")
    products = selectors.product_list(place=place).filter(is_active=True)
    if request.method == "POST" and "confirmation" in request.POST:
        return _sale_confirm(request, members=members, products=products)
    form = DeskSaleForm(request.POST or None, members=members, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form):
            return _sale_preview(
                request, member=data["member"], product=data["product"], quantity=data["quantity"],
                method=data["payment_method"] or "", reference=data["reference"],
            )  # fmt: skip
    return render(request, "billing/sale.html", {"form": form}, status=400 if form.errors else 200)


def _sale_preview(request, *, member, product, quantity, method: str, reference: str, stale=None):
    """The desk sale's confirmation page (``ServiceError`` when the sale is not possible)."""
    place = request.place
    preview = services.desk_sale_preview(place=place, user=member, product=product, quantity=quantity)
    token = confirmation_sign(
        place=place, flow="desk_sale", preview=preview, user=member.pk, product=product.pk, quantity=str(quantity),
        method=method, reference=reference,
    )  # fmt: skip
    url = reverse("billing:sale", kwargs={"place_slug": place.slug})
    payment = dict(Payment.Method.choices).get(method, method) if method else _("Not paid yet")
    return preview_page(
        request, preview=preview, token=token, action=url, cancel=url, member=member, stale=stale,
        payment=payment, paid_now=bool(method),
    )  # fmt: skip


def _sale_confirm(request, *, members, products):
    """Issue the sale previewed, if it is still exactly what the page showed; else show the new preview."""
    place = request.place
    data = confirmation_read(request.POST["confirmation"], place=place, flow="desk_sale")
    member = members.filter(pk=data["user"]).first() if data else None
    if data is None or member is None:
        messages.error(request, EXPIRED)
        return redirect("billing:sale", place_slug=place.slug)
    product = products.filter(pk=data["product"]).first()
    quantity = Decimal(data["quantity"])
    with service_errors_as_messages(request):
        try:
            invoice = services.desk_sale(
                place=place, user=member, actor=request.user, product=product, quantity=quantity,
                payment_method=data["method"] or None, reference=data["reference"], expected=data["fp"],
            )  # fmt: skip
        except ServiceError as error:
            if error.code != "preview_stale":
                raise
            return _sale_preview(
                request, member=member, product=product, quantity=quantity, method=data["method"],
                reference=data["reference"], stale=error.message,
            )  # fmt: skip
        messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
        return redirect("billing:invoice", place_slug=place.slug, invoice_id=invoice.pk)
    return redirect("billing:sale", place_slug=place.slug)


def _invoice_or_404(request, invoice_id: int) -> Invoice:
    return or_404(selectors.invoice_get(place=request.place, pk=invoice_id))


def invoice_detail_context(request, invoice: Invoice, payment_form=None) -> dict:
    """The invoice page: for a draft, one form per free line and a form to add one."""
    context = {
        "invoice": invoice,
        "payment_form": payment_form or PaymentForm(initial={"amount": money(invoice.due_amount), "method": "card"}),
    }
    if invoice.is_draft and request.access.has(BILLING_MANAGE):
        context["buyer_now"] = buyer_fields(place=invoice.place, user=invoice.user)
        context["line_form"] = DraftLineForm(prefix="new")
        context["line_forms"] = [
            (
                line,
                DraftLineForm(
                    prefix=f"line-{line.pk}",
                    initial={"description": line.description, "quantity": line.quantity.normalize(),
                             "unit_price": line.unit_price, "vat_rate": line.vat_rate},
                ),  # fmt: skip
            )
            for line in invoice.lines.all()
        ]
    return context


@place_view(BILLING_VIEW)
def invoice_detail(request, invoice_id: int):
    invoice = _invoice_or_404(request, invoice_id)
    return render(request, "billing/invoice_detail.html", invoice_detail_context(request, invoice))


@place_view(BILLING_MANAGE)
@require_POST
def invoice_issue(request, invoice_id: int):
    invoice = _invoice_or_404(request, invoice_id)
    with service_errors_as_messages(request):
        invoice = services.invoice_issue(invoice=invoice, actor=request.user, allow_zero=bool(request.POST.get("zero")))
        messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
    return redirect("billing:invoice", place_slug=request.place.slug, invoice_id=invoice.pk)


@place_view(BILLING_MANAGE)
@require_POST
def credit_note(request, invoice_id: int):
    """A credit note for everything left, or (``partial``) for the quantities typed per line."""
    invoice = _invoice_or_404(request, invoice_id)
    quantities = None
    with service_errors_as_messages(request):
        if request.POST.get("partial"):
            quantities = {}
            for line in invoice.lines.all():
                raw = request.POST.get(f"qty-{line.pk}", "").strip().replace(",", ".") or "0"
                try:
                    quantities[line.pk] = Decimal(raw)
                except InvalidOperation:
                    raise ServiceError(_("Enter quantities as numbers."), field="quantity")
                if not quantities[line.pk].is_finite():
                    raise ServiceError(_("Enter quantities as numbers."), field="quantity")
        note = services.credit_note_create(
            invoice=invoice, actor=request.user, quantities=quantities, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Credit note %(number)s is issued.") % {"number": note.number})
        return redirect("billing:invoice", place_slug=request.place.slug, invoice_id=note.pk)
    return redirect("billing:invoice", place_slug=request.place.slug, invoice_id=invoice.pk)


@place_view(BILLING_MANAGE)
@require_POST
def invoice_pay(request, invoice_id: int):
    invoice = _invoice_or_404(request, invoice_id)
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form):
            services.payment_record(
                place=request.place, user=invoice.user, method=data["method"], amount=data["amount"],
                actor=request.user, entity=invoice.entity, invoices=[invoice], received_on=data["received_on"],
                reference=data["reference"], mandate_reference=data["mandate_reference"],
                voucher_code=data["voucher_code"],
            )  # fmt: skip
            messages.success(request, _("The payment is recorded."))
            return redirect("billing:invoice", place_slug=request.place.slug, invoice_id=invoice.pk)
    return render(request, "billing/invoice_detail.html", invoice_detail_context(request, invoice, form), status=400)


# --- staff: charges, payments, balances -----------------------------------------------------------


@place_view(BILLING_VIEW)
def charges(request):
    return render(
        request, "billing/charges.html", {"page": paginate(request, selectors.charge_pending_list(place=request.place))}
    )


@place_view(BILLING_MANAGE)
@require_POST
def charges_invoice(request):
    """Invoice now one member's pending charges for one entity (e.g. at the desk). The first POST shows
    what would be invoiced (nothing written); the confirmation issues exactly that, or shows the new
    preview when anything changed meanwhile (a charge added or withdrawn, a price, the buyer)."""
    place = request.place
    confirmation = None
    entity_id, user_id = request.POST.get("entity", ""), request.POST.get("user")
    if "confirmation" in request.POST:
        confirmation = confirmation_read(request.POST["confirmation"], place=place, flow="invoice_now")
        if confirmation is None:
            messages.error(request, EXPIRED)
            return redirect("billing:charges", place_slug=place.slug)
        entity_id, user_id = str(confirmation["entity"]), confirmation["user"]
    entity = legal_entity_list(place=place).filter(pk=entity_id).first() if entity_id.isdigit() else None
    member = selectors.member_get(place=place, user_id=user_id) if entity else None
    if entity is None or member is None:
        raise Http404
    today = today_in(place)
    # Bookings and passes not handed over yet: before the preview, so that it shows them, and again
    # before issuing, so that anything that changed meanwhile is refused rather than invoiced unseen.
    charges_collect(place=place, start=today, end=today)
    stale = None
    with service_errors_as_messages(request):
        if confirmation is not None:
            try:
                # Up to today only: a booking or a workshop still to come is invoiced once it has taken place.
                invoice = services.invoice_create_from_charges(
                    place=place, entity=entity, user=member, actor=request.user, issue=True, until=today,
                    allow_zero=bool(request.POST.get("zero")), expected=confirmation["fp"],
                )  # fmt: skip
            except ServiceError as error:
                if error.code != "preview_stale":
                    raise
                stale = error.message
            else:
                if invoice is not None:  # always, with a fingerprint: nothing left is refused as stale
                    messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
                    return redirect("billing:invoice", place_slug=place.slug, invoice_id=invoice.pk)
        preview = services.invoice_from_charges_preview(place=place, entity=entity, user=member, until=today)
        if preview is None:
            if stale:
                messages.error(request, stale)
            messages.info(request, _("Nothing left to invoice."))
        else:
            token = confirmation_sign(
                place=place, flow="invoice_now", preview=preview, entity=entity.pk, user=member.pk
            )
            url = reverse("billing:charges_invoice", kwargs={"place_slug": place.slug})
            return preview_page(
                request, preview=preview, token=token, action=url, member=member, stale=stale, zero_allowed=True,
                cancel=reverse("billing:charges", kwargs={"place_slug": place.slug}),
            )  # fmt: skip
    return redirect("billing:charges", place_slug=place.slug)


@place_view(BILLING_VIEW)
def payments(request):
    return render(
        request, "billing/payments.html", {"page": paginate(request, selectors.payment_list(place=request.place))}
    )


@place_view(BILLING_VIEW)
def overdue(request):
    place = request.place
    return render(
        request,
        "billing/overdue.html",
        {
            "page": paginate(request, selectors.overdue_list(place=place, on=today_in(place))),
            "balances": selectors.balances(place=place)[:200],
        },
    )


@place_view(BILLING_MANAGE)
@require_POST
def overdue_remind(request):
    sent = services.overdue_reminders_send(place=request.place, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s member reminded by e-mail.", "%(count)s members reminded by e-mail.", sent)
        % {"count": sent},
    )
    return redirect("billing:overdue", place_slug=request.place.slug)


@place_view(BILLING_MANAGE)
def wallet_top_up(request, user_id: int):
    """A member's billing account for staff: balance, invoices, wallet top-up and refund, billing details."""
    place = request.place
    member = or_404(selectors.member_get(place=place, user_id=user_id))
    entities = legal_entity_list(place=place)
    action = request.POST.get("action", "top_up")
    profile = selectors.billing_profile_get(place=place, user=member)
    forms = {
        "top_up": TopUpForm(request.POST if action == "top_up" else None, entities=entities),
        "refund": RefundForm(request.POST if action == "refund" else None, entities=entities, prefix="refund"),
        "profile": BillingProfileForm(
            request.POST if action == "profile" else None,
            prefix="profile",
            initial={field: getattr(profile, field) for field in BillingProfileForm.base_fields} if profile else {},
        ),
    }
    bound = forms.get(action)
    if request.method == "POST" and bound is not None and bound.is_valid():
        with service_errors_on(bound):
            if action == "refund":
                services.wallet_refund(place=place, user=member, actor=request.user, **bound.cleaned_data)
                done = _("The wallet is refunded.")
            elif action == "profile":
                services.billing_profile_save(place=place, user=member, actor=request.user, **bound.cleaned_data)
                done = _("The billing details are saved.")
            else:
                services.wallet_top_up(place=place, user=member, actor=request.user, **bound.cleaned_data)
                done = _("The wallet is topped up.")
            messages.success(request, done)
            return redirect("billing:top_up", place_slug=place.slug, user_id=member.pk)
    context = {
        "form": forms["top_up"],
        "refund_form": forms["refund"],
        "profile_form": forms["profile"],
        "member": member,
        "balance": selectors.member_balance(place=place, user=member),
        "invoices": selectors.invoice_list(place=place, user=member)[:20],
    }
    return render(request, "billing/top_up.html", context, status=400 if request.method == "POST" else 200)


# --- staff: catalogue --------------------------------------------------------------------------


@place_view(BILLING_VIEW)
def products(request):
    place = request.place
    form = ProductForm(request.POST or None, entities=legal_entity_list(place=place))
    if request.method == "POST":
        request.access.require(BILLING_MANAGE)
        if form.is_valid():
            with service_errors_on(form):
                services.product_save(place=place, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The product is saved."))
                return redirect("billing:products", place_slug=place.slug)
    return render(request, "billing/products.html", {"products": selectors.product_list(place=place), "form": form})


@place_view(BILLING_MANAGE)
def product_edit(request, product_id: int):
    place = request.place
    product = get_object_or_404(selectors.product_list(place=place), pk=product_id)
    initial = {name: getattr(product, name) for name in ProductForm.base_fields}
    form = ProductForm(request.POST or None, entities=legal_entity_list(place=place), initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.product_save(place=place, actor=request.user, product=product, **form.cleaned_data)
            messages.success(request, _("The product is saved."))
            return redirect("billing:products", place_slug=place.slug)
    return render(request, "billing/product_edit.html", {"product": product, "form": form})


# --- staff: billing run ------------------------------------------------------------------------


@place_view(BILLING_MANAGE)
def run(request):
    place = request.place
    today = today_in(place)
    previous = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    form = RunForm(request.POST or None, initial={"period": previous})
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            result = services.billing_run(
                place=place, period=form.cleaned_data["period"], actor=request.user,
                confirm_past=form.cleaned_data["confirm_past"],
            )  # fmt: skip
            messages.success(
                request,
                ngettext(
                    "Billing of %(period)s done: %(count)s invoice, %(amount)s incl. VAT.",
                    "Billing of %(period)s done: %(count)s invoices, %(amount)s incl. VAT.",
                    result.invoices_created,
                )
                % {
                    "period": result.period, "count": result.invoices_created,
                    "amount": format_money(result.amount_invoiced),
                },  # fmt: skip
            )
            return redirect("billing:run", place_slug=place.slug)
    runs = selectors.billing_run_list(place=place)[:24]
    if request.htmx and request.method == "GET":
        return render(request, "billing/_runs.html", {"runs": runs})
    return render(request, "billing/run.html", {"form": form, "runs": runs})


# --- staff: accounting -------------------------------------------------------------------------


@place_view(BILLING_ACCOUNTING)
def accounting(request):
    place = request.place
    entities = legal_entity_list(place=place)
    year = today_in(place).year
    fec_form = FecForm(
        request.GET if "start" in request.GET else None,
        entities=entities,
        initial={"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},  # the current financial year
    )
    if fec_form.is_bound and fec_form.is_valid():
        data = fec_form.cleaned_data
        export = request.GET.get("export", "fec")
        if export == "fec":
            name, content = exports.fec_export(place=place, entity=data["entity"], start=data["start"], end=data["end"])
            response = HttpResponse(content, content_type="text/plain; charset=iso-8859-15")
        else:
            builder = exports.invoices_csv if export == "invoices" else exports.payments_csv
            content = builder(place=place, start=data["start"], end=data["end"], entity=data["entity"])
            name = f"{export}-{data['entity'].pk}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.csv"
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    action = request.POST.get("action", "close") if request.method == "POST" else ""  # unbound forms on GET
    close_form = CloseForm(request.POST if action == "close" else None, entities=entities)
    account_form = AccountForm(request.POST if action == "account" else None, entities=entities, roles=ACCOUNT_ROLES)
    if request.method == "POST" and action == "close" and close_form.is_valid():
        with service_errors_on(close_form):
            services.period_close(place=place, actor=request.user, **close_form.cleaned_data)
            messages.success(request, _("The period is closed."))
            return redirect("billing:accounting", place_slug=place.slug)
    if request.method == "POST" and action == "account" and account_form.is_valid():
        with service_errors_on(account_form):
            services.account_set(place=place, actor=request.user, **account_form.cleaned_data)
            messages.success(request, _("The chart of accounts is saved."))
            return redirect("billing:accounting", place_slug=place.slug)
    charts = [
        {"entity": entity, "accounts": [(ACCOUNT_LABELS[role], number, label)
                                        for role, (number, label) in chart_of_accounts(entity).items()]}
        for entity in entities
    ]  # fmt: skip
    return render(
        request,
        "billing/accounting.html",
        {"fec_form": fec_form, "close_form": close_form, "account_form": account_form, "charts": charts},
        status=400 if request.method == "POST" else 200,
    )
