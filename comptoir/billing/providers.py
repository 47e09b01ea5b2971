"""Online payment providers. Only the manual/offline provider ships; a real one implements the same interface.

A provider turns "this member wants to pay these invoices" into instructions (a redirect URL for a
hosted payment page, or text for offline payment), and later confirms a payment through
:func:`comptoir.billing.services.payment_record` with ``method="online"`` and ``provider=<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PaymentIntent:
    provider: str
    amount: Decimal
    redirect_url: str = ""  # where to send the member (empty for offline payment)
    instructions: str = ""  # what to tell the member


class PaymentProvider(Protocol):
    name: str

    def start(self, *, place, user, invoices, amount: Decimal, return_url: str) -> PaymentIntent: ...

    def confirm(self, *, place, payload: dict):
        """Check a provider callback and record the payment (idempotent per provider reference)."""
        ...


class ManualProvider:
    """Pay at the desk or by bank transfer: staff record the payment when it arrives."""

    name = "manual"

    def start(self, *, place, user, invoices, amount: Decimal, return_url: str) -> PaymentIntent:
        numbers = ", ".join(invoice.number for invoice in invoices)
        return PaymentIntent(
            provider=self.name,
            amount=amount,
            instructions=str(
                _("Pay %(amount)s € at the desk, or by bank transfer quoting %(numbers)s.")
                % {"amount": amount, "numbers": numbers}
            ),
        )

    def confirm(self, *, place, payload: dict):
        raise NotImplementedError("Manual payments are recorded by staff.")


PROVIDERS: dict[str, PaymentProvider] = {"manual": ManualProvider()}


def get_provider(name: str = "manual") -> PaymentProvider:
    return PROVIDERS[name]
