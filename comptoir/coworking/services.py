"""Coworking writes: plans, subscriptions, check-in/out, presence. One durable transaction and an audit
entry each. Sales leave ``CoworkingCharge`` lines for billing (same contract as spaces' ledger)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core.errors import Conflict, NotAllowed, ServiceError
from comptoir.coworking.models import CheckIn, CoworkingCharge, Plan, Presence, Subscription
from comptoir.coworking.periods import add_months
from comptoir.coworking.resident import desk_check, desk_release, desk_reserve
from comptoir.coworking.selectors import days_used, today

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place
    from comptoir.spaces.models import Resource

PLAN_FIELDS = ("name", "kind", "price", "days", "validity_months", "meeting_hours_per_month", "description")


def _active_member(*, place: Place, person: User) -> None:
    from comptoir.people.selectors import membership_for

    membership = membership_for(place=place, user=person)
    if membership is None or not membership.is_active:
        raise NotAllowed(_("Only members of the place can use the coworking."), code="not_member")


def plan_create(
    *,
    place: Place,
    actor: User | None,
    name: str,
    kind: str,
    price: Decimal,
    days: int = 0,
    validity_months: int = 1,
    meeting_hours_per_month: int = 0,
    description: str = "",
) -> Plan:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the plan a name."), field="name")
    if kind not in Plan.Kind.values:
        raise ServiceError(_("Unknown kind of plan."), field="kind")
    if price < 0:
        raise ServiceError(_("A price cannot be negative."), field="price")
    if kind in (Plan.Kind.CARNET, Plan.Kind.NOMAD) and days < 1:
        raise ServiceError(_("Say how many days the plan gives."), field="days")
    if validity_months < 1:
        raise ServiceError(_("A plan is valid at least one month."), field="validity_months")
    with transaction.atomic(durable=True):
        plan = Plan.objects.create(
            place=place, name=name[:120], kind=kind, price=price, days=days, validity_months=validity_months,
            meeting_hours_per_month=meeting_hours_per_month, description=(description or "")[:300],
        )  # fmt: skip
        audit_record(
            place=place, actor=actor, action="coworking_plan.created", obj=plan, after=snapshot(plan, PLAN_FIELDS)
        )
    return plan


def subscription_start(
    *,
    place: Place,
    person: User,
    plan: Plan,
    actor: User | None,
    starts_on: dt.date | None = None,
    renews: bool = False,
    desk: Resource | None = None,
) -> Subscription:
    """Sell a plan to a member: valid ``plan.validity_months`` months from ``starts_on``; one charge line."""
    if plan.place_id != place.pk or not plan.is_active:
        raise ServiceError(_("This plan is not on sale."), field="plan")
    if plan.kind == Plan.Kind.DAY_PASS:
        raise ServiceError(_("Day passes are sold at check-in."), field="plan")
    desk_check(place=place, plan=plan, desk=desk)
    starts_on = starts_on or today(place)
    with transaction.atomic(durable=True):
        _active_member(place=place, person=person)
        subscription = Subscription.objects.create(
            place=place, person=person, plan=plan, starts_on=starts_on,
            ends_on=add_months(starts_on, plan.validity_months) - dt.timedelta(days=1),
            renews=renews and plan.is_monthly, desk=desk,
        )  # fmt: skip
        # A resident's desk is booked for the whole period (refused, with the days, when already taken).
        desk_reserve.in_transaction(
            subscription=subscription, first=subscription.starts_on, last=subscription.ends_on, actor=actor
        )
        CoworkingCharge.objects.create(
            place=place, person=person, subscription=subscription, amount=plan.price,
            description=f"{plan.name} ({starts_on:%d/%m/%Y} – {subscription.ends_on:%d/%m/%Y})",
        )  # fmt: skip
        audit_record(
            place=place, actor=actor, action="coworking_subscription.started", obj=subscription,
            after=snapshot(subscription, ("plan", "person", "starts_on", "ends_on", "renews", "desk")),
        )  # fmt: skip
    return subscription


def subscription_renew(
    *, subscription: Subscription, actor: User | None, due_on: dt.date | None = None
) -> Subscription:
    """Extend a renewing monthly plan by one month (a scheduled job calls this at ``ends_on``). A resident's
    desk is booked for the new month too; when someone else holds it, the renewal is refused (Conflict)."""
    with transaction.atomic(durable=True):
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("plan", "place", "desk__place", "person")
            .get(pk=subscription.pk)
        )
        if not subscription.renews or subscription.cancelled_at is not None:
            raise ServiceError(_("This plan does not renew."), code="state")
        if due_on is not None and subscription.ends_on > due_on:
            # The job read it before another run renewed it: renewing again would bill a month twice.
            raise ServiceError(_("This plan is already renewed."), code="not_due")
        before = snapshot(subscription, ("ends_on",))
        start = subscription.ends_on + dt.timedelta(days=1)
        subscription.ends_on = add_months(start, 1) - dt.timedelta(days=1)
        subscription.save(update_fields=["ends_on"])
        desk_reserve.in_transaction(subscription=subscription, first=start, last=subscription.ends_on, actor=actor)
        CoworkingCharge.objects.create(
            place=subscription.place, person_id=subscription.person_id, subscription=subscription,
            amount=subscription.plan.price,
            description=f"{subscription.plan.name} ({start:%d/%m/%Y} – {subscription.ends_on:%d/%m/%Y})",
        )  # fmt: skip
        audit_record(
            place=subscription.place, actor=actor, action="coworking_subscription.renewed", obj=subscription,
            before=before, after=snapshot(subscription, ("ends_on",)),
        )  # fmt: skip
    return subscription


def subscription_renewal_stop(*, subscription: Subscription, actor: User | None) -> Subscription:
    """The member stops the renewal: the plan stays valid until ``ends_on``, then ends (a resident's desk
    is booked up to then only). Members stop their own plans; the caller checks staff rights."""
    with transaction.atomic(durable=True):
        subscription = (
            Subscription.objects.select_for_update(of=("self",)).select_related("place").get(pk=subscription.pk)
        )
        if not subscription.renews or subscription.cancelled_at is not None:
            raise ServiceError(_("This plan does not renew."), code="state")
        subscription.renews = False
        subscription.save(update_fields=["renews"])
        audit_record(
            place=subscription.place, actor=actor, action="coworking_subscription.renewal_stopped", obj=subscription,
            before={"renews": True}, after={"renews": False, "ends_on": subscription.ends_on.isoformat()},
        )  # fmt: skip
    return subscription


def subscription_end(*, subscription: Subscription, actor: User | None, reason: str) -> Subscription:
    """Staff end a plan now, with a reason: it no longer renews, covers no check-in and no meeting-room
    hour from now on, and a resident's desk is released. Nothing is refunded here: billing issues credit
    notes for what was already invoiced."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the plan is ended."), code="reason_required", field="reason")
    with transaction.atomic(durable=True):
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("place", "plan", "desk__place", "person")
            .get(pk=subscription.pk)
        )
        if subscription.cancelled_at is not None:
            raise ServiceError(_("This plan is already ended."), code="state")
        day = today(subscription.place)
        if subscription.ends_on < day:
            raise ServiceError(_("This plan has already reached its end."), code="state")
        before = snapshot(subscription, ("ends_on", "renews", "cancelled_at", "end_reason"))
        subscription.cancelled_at = timezone.now()
        subscription.end_reason = reason[:300]
        subscription.renews = False
        subscription.ends_on = max(subscription.starts_on, min(subscription.ends_on, day))
        subscription.save(update_fields=["cancelled_at", "end_reason", "renews", "ends_on"])
        desk_release.in_transaction(
            subscription=subscription, actor=actor, reason=_("Plan ended: %(reason)s") % {"reason": reason}
        )
        audit_record(
            place=subscription.place, actor=actor, action="coworking_subscription.ended", obj=subscription,
            before=before, after=snapshot(subscription, ("ends_on", "renews", "cancelled_at", "end_reason")),
        )  # fmt: skip
    return subscription


def _covering(*, place: Place, person: User, day: dt.date) -> tuple[Subscription | None, bool]:
    """The subscription a check-in uses, and whether the member had a plan with no day left (over-use)."""
    subscriptions = list(
        Subscription.objects.select_for_update(of=("self",))
        .filter(place=place, person=person, cancelled_at__isnull=True, starts_on__lte=day, ends_on__gte=day)
        .select_related("plan")
        .order_by("ends_on", "pk")
    )
    used = days_used(subscriptions, on=day)
    order: dict[str, int] = {Plan.Kind.UNLIMITED: 0, Plan.Kind.RESIDENT: 0, Plan.Kind.NOMAD: 1, Plan.Kind.CARNET: 2}
    exhausted = False
    for sub in sorted(subscriptions, key=lambda s: (order.get(s.plan.kind, 9), s.ends_on, s.pk)):
        if sub.plan.kind in (Plan.Kind.UNLIMITED, Plan.Kind.RESIDENT):
            return sub, False
        if used[sub.pk] < sub.plan.days:
            return sub, False
        exhausted = True
    return None, exhausted


def check_in(*, place: Place, person: User, actor: User | None, method: str = CheckIn.Method.DESK) -> CheckIn:
    """Record arrival. Uses a plan (unlimited/resident, then nomad days, then carnet days); otherwise sells
    a day pass (a charge line) and flags ``over_use`` when the member's plans had no day left. Checking in
    again the same day re-opens the day's check-in and consumes nothing."""
    if method not in CheckIn.Method.values:
        raise ServiceError(_("Unknown check-in method."))
    now = timezone.now()
    day = timezone.localtime(now, place.tz).date()
    with transaction.atomic(durable=True):
        _active_member(place=place, person=person)
        existing = CheckIn.objects.select_for_update().filter(place=place, person=person, day=day).first()
        if existing is not None:
            if existing.checked_out_at is not None:
                existing.checked_out_at = None
                existing.save(update_fields=["checked_out_at"])
                audit_record(place=place, actor=actor, action="coworking.checked_in_again", obj=existing)
            return existing
        subscription, exhausted = _covering(place=place, person=person, day=day)
        day_pass = None
        if subscription is None:
            day_pass = plan_list_day_pass(place=place)
        checkin = CheckIn(
            place=place, person=person, day=day, checked_in_at=now, method=method, subscription=subscription,
            day_pass=day_pass is not None, over_use=exhausted or (subscription is None and day_pass is None),
            recorded_by=actor,
        )  # fmt: skip
        try:
            with transaction.atomic():
                checkin.save()
        except IntegrityError:
            raise Conflict(_("Already checked in today."), code="already")
        if day_pass is not None:
            CoworkingCharge.objects.create(
                place=place, person=person, checkin=checkin, amount=day_pass.price,
                description=f"{day_pass.name} {day:%d/%m/%Y}",
            )  # fmt: skip
        audit_record(
            place=place, actor=actor, action="coworking.checked_in", obj=checkin,
            after=snapshot(checkin, ("day", "method", "subscription", "day_pass", "over_use")),
        )  # fmt: skip
    return checkin


def plan_list_day_pass(*, place: Place) -> Plan | None:
    return Plan.objects.filter(place=place, kind=Plan.Kind.DAY_PASS, is_active=True).order_by("price", "pk").first()


def check_out(*, place: Place, person: User, actor: User | None) -> CheckIn:
    day = timezone.localtime(timezone.now(), place.tz).date()
    with transaction.atomic(durable=True):
        checkin = CheckIn.objects.select_for_update().filter(place=place, person=person, day=day).first()
        if checkin is None or checkin.checked_out_at is not None:
            raise ServiceError(_("This person is not checked in."), code="not_here")
        checkin.checked_out_at = timezone.now()
        checkin.save(update_fields=["checked_out_at"])
        audit_record(place=place, actor=actor, action="coworking.checked_out", obj=checkin)
    return checkin


def presence_set(*, place: Place, person: User, visible: bool) -> Presence:
    with transaction.atomic(durable=True):
        presence, _created = Presence.objects.update_or_create(
            place=place, person=person, defaults={"visible": visible}
        )
        audit_record(place=place, actor=person, action="coworking.presence", obj=presence, after={"visible": visible})
    return presence


def charges_mark_billed(*, place: Place, charge_ids: list[int], reference: str, at: dt.datetime) -> int:
    """For billing, inside its own transaction: stamp coworking charge lines as invoiced."""
    return CoworkingCharge.objects.filter(place=place, pk__in=charge_ids, billed_at__isnull=True).update(
        billed_at=at, billing_reference=reference[:100]
    )
