"""The monthly billing run: one issued invoice per member and legal entity for the period's charges.

Safe to rerun: each (member, entity) group is invoiced in its own transaction that also marks its
charges invoiced and advances the run's counters, so an interruption loses nothing and a rerun
only picks up the groups (and new charges) still left. Service apps that bill subscriptions may
declare ``billing_prepare = "module:function"`` on their AppConfig; it is called as
``function(place=, start=, end=)`` before the run so they can sync the period's charges.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.models import BillingRun, Charge
from comptoir.billing.services.helpers import today_in
from comptoir.billing.services.invoices import charges_pending_locked, draft_from_charges, invoice_issue
from comptoir.billing.totals import compute_totals
from comptoir.core.errors import ServiceError
from comptoir.core.registry import hooks
from comptoir.people.models import User
from comptoir.places.models import LegalEntity

if TYPE_CHECKING:
    from comptoir.places.models import Place

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    match = PERIOD_RE.match(period or "")
    if not match:
        raise ServiceError(_("The period must look like 2026-11."), code="period", field="period")
    year, month = int(match.group(1)), int(match.group(2))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


# A period that ended more than this many months before the current month is invoiced only when
# confirmed: its charges may have been invoiced otherwise meanwhile (at the desk, by hand).
PAST_MONTHS_WITHOUT_CONFIRMATION = 3


def period_check(*, place: Place, start: dt.date, end: dt.date, confirm_past: bool = False) -> None:
    """Refuse a period that has not ended yet (its bookings and services have not all taken place),
    and one long past unless ``confirm_past``."""
    today = today_in(place)
    month = date_format(start, "YEAR_MONTH_FORMAT")
    if end >= today:
        raise ServiceError(
            _("%(month)s is not over yet: it can be invoiced from %(date)s.")
            % {"month": month, "date": date_format(end + dt.timedelta(days=1), "DATE_FORMAT")},
            code="period_not_over", field="period",
        )  # fmt: skip
    months_ago = (today.year - start.year) * 12 + today.month - start.month
    if months_ago > PAST_MONTHS_WITHOUT_CONFIRMATION and not confirm_past:
        raise ServiceError(
            _(
                "%(month)s ended more than %(count)s months ago: check that its charges were not invoiced "
                "otherwise, then tick the confirmation to invoice it."
            ) % {"month": month, "count": PAST_MONTHS_WITHOUT_CONFIRMATION},
            code="period_long_past", field="confirm_past",
        )  # fmt: skip


def charges_collect(*, place: Place, start: dt.date, end: dt.date) -> None:
    """Let every app hand its pending charges up to ``end`` to billing (their ``billing_prepare`` hooks).

    Idempotent; each hook runs its own transactions. Called by the billing run, and before invoicing a
    member at once from the "to invoice" page."""
    for prepare in hooks("billing_prepare"):
        prepare(place=place, start=start, end=end)


def billing_run(
    *,
    place: Place,
    period: str,
    actor: User | None,
    progress: Callable[[BillingRun], None] | None = None,
    limit: int | None = None,
    confirm_past: bool = False,
) -> BillingRun:
    """Run (or resume) the billing of ``period`` ("YYYY-MM"), once it is over (``period_check``; a long
    past one needs ``confirm_past``). ``limit`` stops after that many groups (tests)."""
    start, end = period_bounds(period)
    period_check(place=place, start=start, end=end, confirm_past=confirm_past)
    charges_collect(place=place, start=start, end=end)
    with transaction.atomic(durable=True):
        run, created = BillingRun.objects.get_or_create(
            place=place, period=period, defaults={"started_by": actor if getattr(actor, "pk", None) else None}
        )
        groups = list(
            Charge.objects.filter(place=place, invoice_line__isnull=True, service_date__lte=end)
            .values_list("user_id", "entity_id")
            .distinct()
            .order_by("user_id", "entity_id")
        )
        run.status = BillingRun.Status.RUNNING
        run.total_groups = run.done_groups + len(groups)
        run.finished_at = None
        run.save()
        audit_record(
            place=place, actor=actor, action="billing.run_started" if created else "billing.run_resumed", obj=run,
            after={"period": period, "groups": len(groups)},
        )  # fmt: skip
    if progress:
        progress(run)
    users = User.objects.in_bulk({u for u, _e in groups})
    entities = LegalEntity.objects.filter(place=place).in_bulk({e for _u, e in groups})
    for index, (user_id, entity_id) in enumerate(groups):
        if limit is not None and index >= limit:
            return run
        with transaction.atomic(durable=True):
            run = BillingRun.objects.select_for_update().get(pk=run.pk)
            entity, user = entities[entity_id], users[user_id]
            charges = charges_pending_locked(place=place, entity=entity, user=user, until=end)
            total = compute_totals(
                [(c.quantity, c.unit_price, c.vat_rate) for c in charges], vat_exempt=entity.vat_exempt
            ).incl_vat
            if charges and total > 0:  # no invoice for 0 €: such charges wait for a staff decision
                invoice = draft_from_charges(
                    place=place, entity=entity, user=user, charges=charges, billing_period=period
                )
                invoice_issue.in_transaction(invoice=invoice, actor=actor, store_pdf=False)  # PDF on first download
                run.invoices_created += 1
                run.amount_invoiced += invoice.total_incl_vat
            run.done_groups += 1
            run.save()
        if progress:
            progress(run)
    with transaction.atomic(durable=True):
        run = BillingRun.objects.select_for_update().get(pk=run.pk)
        run.status = BillingRun.Status.DONE
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            place=place, actor=actor, action="billing.run_done", obj=run,
            after={"invoices": run.invoices_created, "amount": run.amount_invoiced},
        )  # fmt: skip
    if progress:
        progress(run)
    return run
