"""Reads of the coworking app. Every read takes the place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from comptoir.coworking.models import CheckIn, Plan, Presence, Subscription
from comptoir.coworking.periods import month_bounds

if TYPE_CHECKING:
    from comptoir.coworking.models import CoworkingCharge
    from comptoir.people.models import Membership, User
    from comptoir.places.models import Place


def today(place: Place) -> dt.date:
    return timezone.localtime(timezone.now(), place.tz).date()


def plan_list(*, place: Place, active_only: bool = True) -> QuerySet[Plan]:
    plans = Plan.objects.filter(place=place)
    if active_only:
        plans = plans.filter(is_active=True)
    return plans.order_by("price", "name", "pk")


def subscriptions_valid(*, place: Place, person: User, on: dt.date) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(
            place=place, person=person, cancelled_at__isnull=True, starts_on__lte=on, ends_on__gte=on
        )
        .select_related("plan", "desk")
        .order_by("ends_on", "pk")
    )


def subscriptions_meeting(*, place: Place, person: User, first: dt.date, last: dt.date) -> QuerySet[Subscription]:
    """The person's plans valid on some day of ``[first, last]`` (a weekly series reads them once)."""
    return Subscription.objects.filter(
        place=place, person=person, cancelled_at__isnull=True, starts_on__lte=last, ends_on__gte=first
    ).order_by("starts_on", "pk")


def subscriptions_running(*, place: Place, on: dt.date | None = None) -> QuerySet[Subscription]:
    """Plans sold and not ended yet (current or starting later), for the staff list (constant queries)."""
    on = on or today(place)
    return (
        Subscription.objects.filter(place=place, cancelled_at__isnull=True, ends_on__gte=on)
        .select_related("plan", "person", "desk")
        .order_by("person__display_name", "ends_on", "pk")
    )


def subscription_get(*, place: Place, subscription_id: int) -> Subscription | None:
    return (
        Subscription.objects.filter(place=place, pk=subscription_id)
        .select_related("plan", "person", "desk", "place")
        .first()
    )


@dataclass
class PlanStatus:
    subscription: Subscription
    days_left: int | None  # None: unlimited
    meeting_minutes: int
    renews_on: dt.date | None

    @property
    def plan(self) -> Plan:
        return self.subscription.plan


def days_used(subscriptions: list[Subscription], *, on: dt.date) -> dict[int, int]:
    """Days consumed per subscription: carnets over their life, nomad plans in ``on``'s month (1 query)."""
    if not subscriptions:
        return {}
    first, next_first = month_bounds(on)
    rows = (
        CheckIn.objects.filter(subscription__in=subscriptions)
        .values("subscription_id")
        .annotate(
            total=Count("pk"),
            this_month=Count("pk", filter=Q(day__gte=first, day__lt=next_first)),
        )
    )
    by_id = {row["subscription_id"]: row for row in rows}
    used = {}
    for sub in subscriptions:
        row = by_id.get(sub.pk, {"total": 0, "this_month": 0})
        used[sub.pk] = row["total"] if sub.plan.kind == Plan.Kind.CARNET else row["this_month"]
    return used


def plan_status(*, place: Place, person: User, on: dt.date | None = None) -> list[PlanStatus]:
    """The member's valid plans with days left, meeting-room minutes of the month, renewal date."""
    on = on or today(place)
    subscriptions = list(subscriptions_valid(place=place, person=person, on=on))
    used = days_used(subscriptions, on=on)
    result = []
    for sub in subscriptions:
        plan = sub.plan
        if plan.kind in (Plan.Kind.CARNET, Plan.Kind.NOMAD):
            left = max(0, plan.days - used[sub.pk])
        else:
            left = None
        renews_on = sub.ends_on + dt.timedelta(days=1) if sub.renews else None
        result.append(PlanStatus(sub, left, plan.meeting_hours_per_month * 60, renews_on))
    return result


def meeting_minutes_used(*, place: Place, person: User, on: dt.date) -> int:
    from comptoir.spaces.models import BookingCharge

    first, next_first = month_bounds(on)
    tz = place.tz
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(next_first, dt.time.min, tzinfo=tz)
    return (
        BookingCharge.objects.filter(
            place=place, person=person, booking__start__gte=start, booking__start__lt=end
        ).aggregate(total=Sum("allowance_minutes"))["total"]
        or 0
    )


def checkin_today(*, place: Place, person: User) -> CheckIn | None:
    return CheckIn.objects.filter(place=place, person=person, day=today(place)).first()


def present_now(*, place: Place) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.filter(place=place, day=today(place), checked_out_at__isnull=True)
        .select_related("person")
        .order_by("person__display_name", "pk")
    )


def visible_ids(*, place: Place) -> set[int]:
    return set(Presence.objects.filter(place=place, visible=True).values_list("person_id", flat=True))


def presence_for(*, place: Place, person: User) -> Presence | None:
    return Presence.objects.filter(place=place, person=person).first()


def seats(*, place: Place) -> int:
    from comptoir.spaces.models import Resource

    return (
        Resource.objects.filter(
            place=place, is_active=True, kind__in=[Resource.Kind.POOL, Resource.Kind.DESK]
        ).aggregate(total=Sum("seats"))["total"]
        or 0
    )


def day_log(*, place: Place, day: dt.date) -> list[Mapping[str, Any]]:
    """The day's check-ins for the host's desk, as plain rows (one query, no model instance: the page
    lists up to a hundred of them on every visit): ``pk``, ``member`` (display name), ``checked_in_at``,
    ``checked_out_at``, ``plan`` (the covering plan's name or None), ``day_pass``, ``over_use``."""
    return list(
        CheckIn.objects.filter(place=place, day=day)
        .order_by("checked_in_at", "pk")
        .values(
            "pk", "checked_in_at", "checked_out_at", "day_pass", "over_use",
            member=F("person__display_name"), plan=F("subscription__plan__name"),
        )
    )  # fmt: skip


def member_search(*, place: Place, query: str, limit: int = 12) -> list[Membership]:
    """Active members whose name or e-mail matches, with today's check-in (for the host's desk)."""
    from comptoir.people.models import Membership

    query = (query or "").strip()
    if not query:
        return []
    memberships = (
        Membership.objects.filter(place=place, status=Membership.Status.ACTIVE)
        .filter(Q(user__display_name__icontains=query) | Q(user__email__icontains=query))
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__coworking_checkins",
                queryset=CheckIn.objects.filter(place=place, day=today(place)),
                to_attr="today_checkins",
            )
        )
        .order_by("user__display_name", "pk")[:limit]
    )
    return list(memberships)


def unbilled_charges(*, place: Place) -> QuerySet[CoworkingCharge]:
    """Coworking sales not invoiced yet (plans, renewals, day passes), for billing."""
    from comptoir.coworking.models import CoworkingCharge

    return (
        CoworkingCharge.objects.filter(place=place, billed_at__isnull=True)
        .select_related("person", "subscription__plan", "checkin")
        .order_by("created_at", "pk")
    )
