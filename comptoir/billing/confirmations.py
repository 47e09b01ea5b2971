"""Confirming an invoice issued at once ("invoice this member now", the desk sale).

The preview page carries what was shown, signed with Django's signing (place, flow, the flow's
parameters and the preview's fingerprint, 30 minutes): the confirm POST cannot change the member, the
product or the quantity, and the issuing service compares the fingerprint with the invoice it is about
to issue (``preview_stale`` when anything changed: the page then shows the new preview).
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from comptoir.billing.services import InvoicePreview

SALT = "comptoir.billing.invoice_preview"
MAX_AGE = 30 * 60  # seconds: an older preview is shown again rather than trusted
EXPIRED = _("This preview has expired or is not valid: nothing was invoiced. Check the invoice again.")


def confirmation_sign(*, place, flow: str, preview: InvoicePreview, **params: Any) -> str:
    """The token the preview page posts back to issue exactly ``preview``."""
    return signing.dumps({"place": place.pk, "flow": flow, "fp": preview.fingerprint, **params}, salt=SALT)


def confirmation_read(token: str, *, place, flow: str) -> dict[str, Any] | None:
    """The parameters signed by :func:`confirmation_sign` for this place and flow; ``None`` when the
    token is forged, altered, expired, or of another place or flow."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("place") != place.pk or data.get("flow") != flow:
        return None
    return data


def preview_page(
    request, *, preview: InvoicePreview, token: str, action: str, cancel: str, member, stale=None, payment: str = "",
    zero_allowed: bool = False, paid_now: bool = False,
):
    """The confirmation page (409 when it replaces a confirmation refused because something changed).
    ``zero_allowed``: the flow may issue a 0 € invoice when staff tick it ("invoice now" does);
    ``payment``: how the desk sale is paid, ``paid_now``: its total is paid at once."""
    context = {
        "zero_allowed": zero_allowed,
        "preview": preview,
        "token": token,
        "action": action,
        "cancel": cancel,
        "member": member,
        "stale": stale,
        "payment": payment,
        "paid_now": paid_now,
    }
    return render(request, "billing/invoice_preview.html", context, status=409 if stale else 200)
