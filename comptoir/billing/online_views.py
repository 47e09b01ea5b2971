"""Online payment: the member's "Pay online" button, and the local sandbox provider's pages
(checkout, return URL, webhook). See :mod:`comptoir.billing.providers`."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from comptoir.billing import selectors
from comptoir.billing.models import Invoice
from comptoir.billing.providers import DECLINED_TEST_CARD, PROVIDERS, SandboxProvider, get_provider, luhn_valid
from comptoir.billing.totals import money
from comptoir.core.access import place_view
from comptoir.core.errors import ServiceError
from comptoir.core.money import format_money


@place_view()
@require_POST
def pay_online(request, invoice_id: int):
    """Send the member to the provider's payment page for one of their open invoices."""
    place = request.place
    invoice = selectors.invoice_get(place=place, pk=invoice_id, user=request.user)
    if invoice is None or invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
        raise Http404
    provider = get_provider()
    due = money(invoice.due_amount)
    if not provider.is_online or due <= 0:
        messages.error(request, _("This invoice cannot be paid online."))
        return redirect("billing:mine", place_slug=place.slug)
    return_url = reverse("billing:payment_return", kwargs={"place_slug": place.slug})
    intent = provider.start(place=place, user=request.user, invoices=[invoice], amount=due, return_url=return_url)
    return redirect(intent.redirect_url)


def _checkout_or_error(request) -> dict:
    checkout = SandboxProvider.read_checkout(request.GET.get("t", ""))
    if checkout.get("place") != request.place.pk:
        raise ServiceError(_("This payment link is invalid or has expired; start again from your invoices."))
    return checkout


@place_view(login_required=False)
def sandbox_checkout(request):
    """The sandbox provider's hosted payment page: a card number (Luhn-checked), pay or decline."""
    if not isinstance(get_provider(), SandboxProvider):
        raise Http404
    try:
        checkout = _checkout_or_error(request)
    except ServiceError as error:
        return render(request, "billing/sandbox_checkout.html", {"error": error.message}, status=400)
    invoice = Invoice.objects.filter(place=request.place, pk=checkout["invoice"]).first()
    context = {"checkout": checkout, "invoice": invoice, "amount": Decimal(checkout["amount"]), "card": ""}
    if request.method == "POST":
        provider = PROVIDERS["sandbox"]
        card = " ".join(request.POST.get("card", "").split())[:30]
        if request.POST.get("action") == "decline":
            status = "declined"
        elif not luhn_valid(card):
            context.update(card=card, card_error=_("This card number is not valid: check its digits."))
            return render(request, "billing/sandbox_checkout.html", context, status=400)
        else:
            status = "declined" if card.replace(" ", "").replace("-", "") == DECLINED_TEST_CARD else "accepted"
        payload = provider.callback_payload(checkout, status=status)
        if status == "accepted":
            provider.confirm(place=request.place, payload=payload)  # what the provider's webhook call does
        return redirect(f"{checkout['return']}?{urlencode({'p': payload})}")
    return render(request, "billing/sandbox_checkout.html", context)


@place_view(login_required=False)
def payment_return(request):
    """Where the provider sends the member back: confirms the payment (idempotent), then the invoices."""
    place = request.place
    try:
        payment = get_provider().confirm(place=place, payload=request.GET.get("p", ""))
    except (ServiceError, NotImplementedError) as error:
        message = getattr(error, "message", _("This payment notification is not signed by the provider."))
        return render(request, "billing/sandbox_checkout.html", {"error": message}, status=400)
    if payment is None:
        messages.error(request, _("The payment was declined: nothing was charged."))
    else:
        messages.success(
            request, _("Your payment of %(amount)s is received, thank you.") % {"amount": format_money(payment.amount)}
        )
    if not request.user.is_authenticated:
        return redirect("places:public", place_slug=place.slug)
    return redirect("billing:mine", place_slug=place.slug)


@csrf_exempt
@place_view(login_required=False)
@require_POST
def payment_webhook(request, provider: str):
    """The provider's server-to-server notification (signed ``payload`` form field); idempotent."""
    if provider not in PROVIDERS or not PROVIDERS[provider].is_online:
        raise Http404
    try:
        payment = PROVIDERS[provider].confirm(place=request.place, payload=request.POST.get("payload", ""))
    except ServiceError as error:
        return JsonResponse({"detail": str(error.message)}, status=error.status_code)
    if payment is None:
        return JsonResponse({"status": "declined"})
    return JsonResponse({"status": "recorded", "payment": payment.pk})
