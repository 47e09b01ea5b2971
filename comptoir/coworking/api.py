"""Coworking API: my plans and allowances, check-in/out (mine, or a member's for hosts), occupancy."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema

from comptoir.core.api_auth import AUTH, access_for, member_access_for
from comptoir.core.api_schemas import ERRORS
from comptoir.core.viewhelpers import or_404
from comptoir.coworking import permissions as cp
from comptoir.coworking import selectors, services
from comptoir.coworking.models import CheckIn

router = Router(tags=["coworking"], auth=AUTH)


class PlanStatusOut(Schema):
    subscription_id: int  # what …/coworking/plans/{subscription_id}/stop-renewal takes
    plan: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    renews_on: dt.date | None
    days_left: int | None
    meeting_minutes_per_month: int
    desk: str | None  # a resident's fixed desk


class SubscriptionOut(Schema):
    subscription_id: int = Field(..., alias="pk")
    plan: str = Field(..., alias="plan.name")
    member: str = Field(..., alias="person.display_name")
    user_id: int = Field(..., alias="person_id")
    starts_on: dt.date
    ends_on: dt.date
    renews: bool
    desk: str | None
    ended_early_at: dt.datetime | None = Field(..., alias="cancelled_at")
    end_reason: str

    @staticmethod
    def resolve_desk(obj):
        return obj.desk.name if obj.desk_id else None


class EndIn(Schema):
    reason: str


class MyPlansOut(Schema):
    plans: list[PlanStatusOut]
    meeting_minutes_left: int | None


class CheckInOut(Schema):
    day: dt.date
    checked_in_at: dt.datetime
    checked_out_at: dt.datetime | None
    method: str
    plan: str | None
    day_pass: bool
    over_use: bool

    @staticmethod
    def resolve_plan(obj):
        return obj.subscription.plan.name if obj.subscription_id else None


class CheckIn_In(Schema):
    member_email: str | None = None  # hosts: check someone else in


class OccupancyOut(Schema):
    present: int
    seats: int
    names: list[str]


def _person(access, email):
    if not email:
        return access.user
    access.require(cp.CHECKIN)
    from comptoir.people.selectors import membership_list

    membership = membership_list(place=access.place, status="active").filter(user__email__iexact=email).first()
    if membership is None:
        raise Http404
    return membership.user


@router.get("/places/{slug}/coworking/me", response={200: MyPlansOut, **ERRORS})
def my_plans(request, slug: str):
    access = member_access_for(request, slug)
    place = access.place
    statuses = selectors.plan_status(place=place, person=access.user)
    total = sum(s.meeting_minutes for s in statuses)
    used = selectors.meeting_minutes_used(place=place, person=access.user, on=selectors.today(place))
    return {
        "plans": [
            {
                "subscription_id": s.subscription.pk,
                "plan": s.plan.name,
                "kind": s.plan.kind,
                "starts_on": s.subscription.starts_on,
                "ends_on": s.subscription.ends_on,
                "renews_on": s.renews_on,
                "days_left": s.days_left,
                "meeting_minutes_per_month": s.meeting_minutes,
                "desk": s.subscription.desk.name if s.subscription.desk_id else None,
            }  # fmt: skip
            for s in statuses
        ],
        "meeting_minutes_left": max(0, total - used) if total else None,
    }


@router.post("/places/{slug}/coworking/check-in", response={200: CheckInOut, **ERRORS})
def check_in(request, slug: str, payload: CheckIn_In):
    access = member_access_for(request, slug)
    person = _person(access, payload.member_email)
    method = CheckIn.Method.SELF if person == access.user else CheckIn.Method.DESK
    return services.check_in(place=access.place, person=person, actor=access.user, method=method)


@router.post("/places/{slug}/coworking/check-out", response={200: CheckInOut, **ERRORS})
def check_out(request, slug: str, payload: CheckIn_In):
    access = member_access_for(request, slug)
    person = _person(access, payload.member_email)
    return services.check_out(place=access.place, person=person, actor=access.user)


@router.get("/places/{slug}/coworking/occupancy", response={200: OccupancyOut, **ERRORS})
def occupancy(request, slug: str):
    """People present now over seats; names only of those who opted in."""
    access = member_access_for(request, slug)
    present = list(selectors.present_now(place=access.place))
    visible = selectors.visible_ids(place=access.place)
    return {
        "present": len(present),
        "seats": selectors.seats(place=access.place),
        "names": [c.person.display_name for c in present if c.person_id in visible],
    }


@router.get("/places/{slug}/coworking/plans", response={200: list[SubscriptionOut], **ERRORS})
def running_plans(request, slug: str, user_id: int | None = None):
    """Staff: the plans sold and not ended yet (current or starting later), of one member with ``user_id``."""
    access = access_for(request, slug, cp.PLANS_SELL)
    subscriptions = selectors.subscriptions_running(place=access.place)
    if user_id is not None:
        subscriptions = subscriptions.filter(person_id=user_id)
    return list(subscriptions[:500])


@router.post("/places/{slug}/coworking/plans/{subscription_id}/stop-renewal", response={200: SubscriptionOut, **ERRORS})
def stop_renewal(request, slug: str, subscription_id: int):
    """The member stops their plan's renewal: it stays valid until ``ends_on``."""
    access = member_access_for(request, slug)
    subscription = selectors.subscription_get(place=access.place, subscription_id=subscription_id)
    if subscription is None or subscription.person_id != access.user.pk:
        raise Http404
    services.subscription_renewal_stop(subscription=subscription, actor=access.user)
    return selectors.subscription_get(place=access.place, subscription_id=subscription_id)


@router.post("/places/{slug}/coworking/plans/{subscription_id}/end", response={200: SubscriptionOut, **ERRORS})
def end(request, slug: str, subscription_id: int, payload: EndIn):
    """Staff end a member's plan now, with a reason (no refund here: billing issues credit notes)."""
    access = access_for(request, slug, cp.PLANS_SELL)
    subscription = or_404(selectors.subscription_get(place=access.place, subscription_id=subscription_id))
    return services.subscription_end(subscription=subscription, actor=access.user, reason=payload.reason)
