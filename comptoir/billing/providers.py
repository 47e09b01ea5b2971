"""Online payment providers: the manual/offline one, and a local "sandbox" that plays a card provider.

A provider turns "this member wants to pay these invoices" into instructions (a redirect URL for a
hosted payment page, or text for offline payment), and later confirms the payment from the
provider's callback through :func:`comptoir.billing.services.online.online_payment_confirm`
(``method="online"``, ``provider=<name>``, idempotent per provider reference).

The provider in use is ``settings.BILLING_PAYMENT_PROVIDER`` (read with getattr): ``"manual"`` or
``"sandbox"``; by default the sandbox while ``DEBUG`` is on, the manual provider otherwise, so that a
production site never takes test cards.

The sandbox (``SandboxProvider``): "Payer en ligne" sends the member to a checkout page served by
Comptoir (``billing:sandbox_checkout``) with a signed, short-lived token naming the place, member,
invoice, amount and a fresh provider reference. The page asks for a card number (Luhn-checked;
``4000 0000 0000 0002`` is declined, as is the "Decline" button). On acceptance it calls back the
webhook logic (what the provider's server would POST to ``billing:payment_webhook``) and sends the
browser to the return URL (``billing:payment_return``); both carry the same signed payload
(``django.core.signing``, salt ``comptoir.billing.sandbox``), so a forged or edited callback is refused,
and a replayed one records nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.billing.selectors import payment_provider_name
from comptoir.billing.services.online import online_payment_confirm
from comptoir.core.errors import ServiceError
from comptoir.core.money import format_money

CHECKOUT_SALT = "comptoir.billing.sandbox.checkout"
CALLBACK_SALT = "comptoir.billing.sandbox.callback"
CHECKOUT_MAX_AGE = 30 * 60  # seconds a checkout page stays valid
CALLBACK_MAX_AGE = 7 * 24 * 3600  # a provider may retry its webhook for days
DECLINED_TEST_CARD = "4000000000000002"


@dataclass(frozen=True)
class PaymentIntent:
    provider: str
    amount: Decimal
    redirect_url: str = ""  # where to send the member (empty for offline payment)
    instructions: str = ""  # what to tell the member


class PaymentProvider(Protocol):
    name: str
    is_online: bool

    def start(self, *, place, user, invoices, amount: Decimal, return_url: str) -> PaymentIntent: ...

    def confirm(self, *, place, payload: str):
        """Check a provider callback and record the payment (idempotent per provider reference)."""
        ...


class ManualProvider:
    """Pay at the desk or by bank transfer: staff record the payment when it arrives."""

    name = "manual"
    is_online = False

    def start(self, *, place, user, invoices, amount: Decimal, return_url: str) -> PaymentIntent:
        numbers = ", ".join(invoice.number for invoice in invoices)
        return PaymentIntent(
            provider=self.name,
            amount=amount,
            instructions=str(
                _("Pay %(amount)s at the desk, or by bank transfer quoting %(numbers)s.")
                % {"amount": format_money(amount), "numbers": numbers}
            ),
        )

    def confirm(self, *, place, payload: str):
        raise NotImplementedError("Manual payments are recorded by staff.")


def luhn_valid(number: str) -> bool:
    """The Luhn checksum of a card number (spaces and dashes ignored; 12 to 19 digits)."""
    digits = "".join(ch for ch in str(number or "") if ch not in " -")
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


class SandboxProvider:
    """A local stand-in for a card payment provider (see the module docstring)."""

    name = "sandbox"
    is_online = True

    def start(self, *, place, user, invoices, amount: Decimal, return_url: str) -> PaymentIntent:
        if len(invoices) != 1:
            raise ServiceError(_("Pay one invoice at a time online."), code="invoices")
        token = signing.dumps(
            {"place": place.pk, "user": user.pk, "invoice": invoices[0].pk, "amount": str(amount),
             "reference": f"SBX-{uuid.uuid4().hex[:20]}", "return": return_url},
            salt=CHECKOUT_SALT,
        )  # fmt: skip
        url = reverse("billing:sandbox_checkout", kwargs={"place_slug": place.slug})
        return PaymentIntent(
            provider=self.name,
            amount=amount,
            redirect_url=f"{url}?{urlencode({'t': token})}",
            instructions=str(_("Pay online by card with the button next to each invoice.")),
        )

    @staticmethod
    def read_checkout(token: str) -> dict:
        try:
            return signing.loads(token, salt=CHECKOUT_SALT, max_age=CHECKOUT_MAX_AGE)
        except signing.BadSignature:
            raise ServiceError(_("This payment link is invalid or has expired; start again from your invoices."),
                               code="token")  # fmt: skip

    @staticmethod
    def callback_payload(checkout: dict, *, status: str) -> str:
        """The signed callback the provider sends (webhook body and return URL parameter)."""
        data = {key: checkout[key] for key in ("place", "user", "invoice", "amount", "reference")}
        return signing.dumps({**data, "status": status}, salt=CALLBACK_SALT)

    def confirm(self, *, place, payload: str):
        """Record the payment a signed callback reports (None when declined). Idempotent per reference."""
        try:
            data = signing.loads(payload or "", salt=CALLBACK_SALT, max_age=CALLBACK_MAX_AGE)
        except signing.BadSignature:
            raise ServiceError(_("This payment notification is not signed by the provider."), code="signature")
        if data.get("place") != place.pk:
            raise ServiceError(_("This payment notification is for another place."), code="place")
        if data.get("status") != "accepted":
            return None
        return online_payment_confirm(place=place, provider=self.name, reference=data["reference"],
                                      invoice_id=data["invoice"], user_id=data["user"],
                                      amount=Decimal(data["amount"]))  # fmt: skip


PROVIDERS: dict[str, PaymentProvider] = {"manual": ManualProvider(), "sandbox": SandboxProvider()}


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider named, or the one the site uses (``BILLING_PAYMENT_PROVIDER``)."""
    if name is None:
        name = payment_provider_name()
    return PROVIDERS.get(name, PROVIDERS["manual"])
