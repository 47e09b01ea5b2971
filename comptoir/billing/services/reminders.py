"""Reminders of overdue invoices: one e-mail per member listing their overdue invoices."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comptoir.audit.services import audit_record
from comptoir.billing.models import Invoice
from comptoir.billing.selectors import overdue_list
from comptoir.billing.services.helpers import today_in
from comptoir.billing.totals import money
from comptoir.core.notifications import notify_on_commit

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place


def overdue_reminders_send(*, place: Place, actor: User | None = None, every_days: int = 7) -> int:
    """E-mail each member with overdue invoices, at most once every ``every_days`` per invoice."""
    now = timezone.now()
    sent = 0
    with transaction.atomic(durable=True):
        overdue = list(
            overdue_list(place=place, on=today_in(place))
            .filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lt=now - dt.timedelta(days=every_days)))
            .select_related("user")
        )
        by_user: dict[int, list[Invoice]] = {}
        for invoice in overdue:
            by_user.setdefault(invoice.user_id, []).append(invoice)
        for invoices in by_user.values():
            user = invoices[0].user
            notify_on_commit(
                to=invoices[0].buyer_email or user.email, template="billing/email/overdue",
                language=user.preferred_language,
                context={"place": place, "user": user, "invoices": invoices,
                         "total": money(sum(inv.due_amount for inv in invoices))},  # type: ignore[attr-defined]  # with_amounts()
            )  # fmt: skip
            sent += 1
        Invoice.objects.filter(pk__in=[inv.pk for inv in overdue]).update(last_reminder_at=now)
        if sent:
            audit_record(place=place, actor=actor, action="billing.overdue_reminders", after={"members": sent,
                         "invoices": len(overdue)})  # fmt: skip
    return sent
