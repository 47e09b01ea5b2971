"""Joining and renewing the association, at the desk or from the member portal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.association.models import Adhesion, FeeScheme
from comptoir.audit.services import audit_record
from comptoir.billing import services as billing
from comptoir.billing.models import Invoice
from comptoir.billing.selectors import invoice_due, online_payment_offered
from comptoir.billing.totals import clean_price
from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.money import format_money
from comptoir.core.notifications import notify_on_commit
from comptoir.core.transactions import service
from comptoir.places.models import LegalEntity

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

SOURCE_TYPE = "association.adhesion"


def period_for(scheme: FeeScheme, start: dt.date) -> tuple[dt.date, dt.date]:
    """The period an adhesion starting on ``start`` covers."""
    if scheme.period == FeeScheme.Period.CIVIL_YEAR:
        return start, dt.date(start.year, 12, 31)
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + 1, day=28)
    return start, anniversary - dt.timedelta(days=1)


def fee_scheme_save(
    *, place: Place, actor: User | None, entity: LegalEntity | None, name: str, category: str,
    amount: Decimal | int | str, period: str, free_amount: bool = False,
    is_active: bool = True, scheme: FeeScheme | None = None,
) -> FeeScheme:  # fmt: skip
    """Create or change a fee scheme of the place's association."""
    if entity is None or entity.place_id != place.pk or entity.kind != LegalEntity.Kind.ASSOCIATION:
        raise ServiceError(_("Membership fees are collected by the place's association."), field="entity")
    amount = clean_price(amount, field="amount")
    if category not in FeeScheme.Category.values:
        raise ServiceError(_("Unknown category."), field="category")
    if period not in FeeScheme.Period.values:
        raise ServiceError(_("Unknown period."), field="period")
    if category == FeeScheme.Category.FREE and amount != 0:
        raise ServiceError(_("A free membership costs 0 €."), field="amount")
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ServiceError(_("Give the fee a name."), field="name")
    with transaction.atomic(durable=True):
        if scheme is None:
            scheme = FeeScheme(place=place)
        elif scheme.place_id != place.pk:
            raise ServiceError(_("Unknown fee scheme."))
        for field, value in dict(entity=entity, name=name, category=category, amount=amount, period=period,
                                 free_amount=free_amount, is_active=is_active).items():  # fmt: skip
            setattr(scheme, field, value)
        scheme.save()
        audit_record(place=place, actor=actor, action="association.fee_scheme_saved", obj=scheme)
    return scheme


def _next_start(*, place: Place, user: User, scheme: FeeScheme, on: dt.date) -> dt.date:
    latest = (
        Adhesion.objects.filter(place=place, user=user)
        .exclude(status=Adhesion.Status.CANCELLED)
        .order_by("-ends_on")
        .first()
    )
    if latest is not None and latest.ends_on >= on:
        return latest.ends_on + dt.timedelta(days=1)  # renewal: the next period follows the current one
    return on


@service
def adhesion_join(
    *,
    place: Place,
    user: User,
    scheme: FeeScheme,
    actor: User | None,
    amount: Decimal | int | str | None = None,
    on: dt.date | None = None,
    payment_method: str | None = None,
    payment_reference: str = "",
    voucher_code: str = "",
    mandate_reference: str = "",
) -> Adhesion:
    """Join (or renew): creates the adhésion and its issued invoice; at the desk (``payment_method``),
    records the payment too. ``.in_transaction``: inside the caller's transaction (the demo loader)."""
    if scheme.place_id != place.pk or not scheme.is_active:
        raise ServiceError(_("This membership fee is not offered."), field="scheme")
    if amount in (None, ""):
        amount = scheme.amount
    amount = clean_price(amount, field="amount")
    if scheme.free_amount:
        if amount < scheme.amount:
            minimum = format_money(scheme.amount)
            raise ServiceError(_("The minimum amount is %(amount)s.") % {"amount": minimum}, field="amount")
    elif amount != scheme.amount:
        raise ServiceError(_("This fee has a fixed amount."), field="amount")
    with transaction.atomic():
        today = billing.today_in(place)
        if Adhesion.objects.filter(place=place, user=user, status=Adhesion.Status.AWAITING_PAYMENT).exists():
            # Joining again would issue a second invoice for the same membership: pay the first one.
            raise Conflict(
                _("An adhésion already awaits payment: pay its invoice rather than joining again."),
                code="awaiting_payment",
            )
        start = _next_start(place=place, user=user, scheme=scheme, on=on or today)
        if scheme.period == FeeScheme.Period.CIVIL_YEAR and start.year > (on or today).year + 1:
            raise Conflict(_("This membership is already renewed for next year."), code="already_renewed")
        starts_on, ends_on = period_for(scheme, start)
        adhesion = Adhesion.objects.create(
            place=place, user=user, scheme=scheme, amount=amount, starts_on=starts_on, ends_on=ends_on,
            status=Adhesion.Status.AWAITING_PAYMENT,
        )  # fmt: skip
        if amount == 0:
            adhesion.status = Adhesion.Status.PAID
            adhesion.paid_at = timezone.now()
        else:
            fee = billing.LineIn(
                description=f"Adhésion {scheme.name} du {starts_on:%d/%m/%Y} au {ends_on:%d/%m/%Y}",
                quantity=Decimal("1"), unit_price=amount, vat_rate="exempt", service_date=starts_on, is_fee=True,
            )  # fmt: skip
            adhesion.invoice = billing.invoice_issue_for_source.in_transaction(
                place=place, entity=scheme.entity, user=user, actor=actor, source_type=SOURCE_TYPE,
                source_id=adhesion.pk, lines=[fee],
            )  # fmt: skip
            adhesion.save(update_fields=["invoice"])
            if payment_method:
                # Paying the invoice marks the adhésion paid (billing's invoice_settled hook).
                billing.payment_record.in_transaction(
                    place=place, user=user, method=payment_method, amount=amount, actor=actor,
                    entity=scheme.entity, invoices=[adhesion.invoice], reference=payment_reference,
                    voucher_code=voucher_code, mandate_reference=mandate_reference,
                )  # fmt: skip
                adhesion.refresh_from_db(fields=["status", "paid_at"])
        adhesion.save()
        audit_record(
            place=place, actor=actor, action="association.joined", obj=adhesion,
            after={"scheme": scheme.name, "amount": amount, "from": starts_on, "until": ends_on},
        )  # fmt: skip
        notify_on_commit(
            to=user.email, template="association/email/joined", language=user.preferred_language,
            context={"place": place, "adhesion": adhesion, "user": user, "pay_online": online_payment_offered()},
        )  # fmt: skip
    return adhesion


def adhesion_record_payment(
    *,
    adhesion: Adhesion,
    method: str,
    actor: User | None,
    reference: str = "",
    voucher_code: str = "",
    mandate_reference: str = "",
) -> Adhesion:
    """The member pays an adhésion awaiting payment (at the desk)."""
    with transaction.atomic(durable=True):
        adhesion = (
            Adhesion.objects.select_for_update(of=("self",)).select_related("invoice", "scheme").get(pk=adhesion.pk)
        )
        if adhesion.status != Adhesion.Status.AWAITING_PAYMENT or adhesion.invoice is None:
            raise Conflict(_("This adhésion is not awaiting payment."))
        if adhesion.invoice.status == Invoice.Status.CANCELLED:
            raise Conflict(_("The invoice of this adhésion is cancelled."))
        due = invoice_due(adhesion.invoice)
        if due > 0:
            # Paying the invoice marks the adhésion paid (billing's invoice_settled hook).
            billing.payment_record.in_transaction(
                place=adhesion.place, user=adhesion.user, method=method, amount=due, actor=actor,
                entity=adhesion.invoice.entity, invoices=[adhesion.invoice], reference=reference,
                voucher_code=voucher_code, mandate_reference=mandate_reference,
            )  # fmt: skip
        else:  # settled before billing told association (an adhésion from before the hook)
            adhesion_mark_paid(place=adhesion.place, adhesion_ids=[adhesion.pk], actor=actor)
        adhesion.refresh_from_db(fields=["status", "paid_at"])
    return adhesion


def adhesion_mark_paid(*, place: Place, adhesion_ids: list[int | str], actor: User | None = None) -> int:
    """Mark the adhésions ``adhesion_ids`` awaiting payment as paid, because their invoice is settled.

    Called inside the payment's transaction by the ``invoice_settled`` hook (``hooks.py``), whatever paid
    the invoice: the desk, the online provider, the wallet, the API. Returns how many changed."""
    now = timezone.now()
    marked = 0
    awaiting = Adhesion.objects.select_for_update().filter(
        place=place, pk__in=[int(pk) for pk in adhesion_ids], status=Adhesion.Status.AWAITING_PAYMENT
    )
    for adhesion in awaiting:
        adhesion.status = Adhesion.Status.PAID
        adhesion.paid_at = now
        adhesion.save(update_fields=["status", "paid_at"])
        audit_record(place=place, actor=actor, action="association.paid", obj=adhesion)
        marked += 1
    return marked


def adhesion_send_reminders(*, place: Place, within_days: int = 30, on: dt.date | None = None) -> int:
    """E-mail members whose paid adhésion ends within ``within_days`` and who have not renewed. Once each."""
    sent = 0
    with transaction.atomic(durable=True):
        today = on or billing.today_in(place)
        ending = (
            Adhesion.objects.select_for_update(of=("self",))
            .filter(
                place=place,
                status=Adhesion.Status.PAID,
                reminder_sent_at__isnull=True,
                ends_on__gte=today,
                ends_on__lte=today + dt.timedelta(days=within_days),
            )  # fmt: skip
            .select_related("user")
        )
        for adhesion in ending:
            renewed = (
                Adhesion.objects.filter(place=place, user=adhesion.user, starts_on__gt=adhesion.ends_on)
                .exclude(status=Adhesion.Status.CANCELLED)
                .exists()
            )
            if renewed:
                continue
            adhesion.reminder_sent_at = timezone.now()
            adhesion.save(update_fields=["reminder_sent_at"])
            notify_on_commit(
                to=adhesion.user.email, template="association/email/reminder",
                language=adhesion.user.preferred_language,
                context={"place": place, "adhesion": adhesion, "user": adhesion.user},
            )  # fmt: skip
            sent += 1
        if sent:
            audit_record(place=place, actor=None, action="association.reminders_sent", after={"count": sent})
    return sent
