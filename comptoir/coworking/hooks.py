"""The functions the coworking app declares on its AppConfig (see :mod:`comptoir.core.registry`):
meeting-room allowances and plans (read by the booking engine), SpaceAPI data, the billing run's
preparation and the demo data."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.coworking.models import Plan
from comptoir.coworking.periods import month_bounds
from comptoir.coworking.selectors import (
    plan_list,
    present_now,
    seats,
    subscriptions_meeting,
    subscriptions_valid,
    visible_ids,
)
from comptoir.spaces.qualifications import PLAN_PREFIX


def meeting_allowance(*, place, person, at: dt.datetime):
    """The meeting-room minutes of the member's plans for the calendar month containing ``at``."""
    day = timezone.localtime(at, place.tz).date()
    minutes = sum(s.plan.meeting_hours_per_month * 60 for s in subscriptions_valid(place=place, person=person, on=day))
    if not minutes:
        return None
    first, next_first = month_bounds(day)
    tz = place.tz
    return (
        minutes,
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(next_first, dt.time.min, tzinfo=tz),
    )


def booking_plans(*, place, person, at: dt.datetime, until: dt.datetime | None = None):
    """The person's plan tokens (``"plan:<kind>"``) valid on the day of ``at``, for resources kept for
    some plans (see ``comptoir.spaces.qualifications``).

    With ``until`` (a weekly series reads the plans once, not once per week): the periods of the plans
    valid on some day from ``at``'s to ``until``'s, ``[(valid_from, valid_until, token)]``, from the
    local midnight starting ``starts_on`` to the one ending ``ends_on`` (an instant is covered when
    ``valid_from <= instant < valid_until``, i.e. exactly when its local day is in the plan), in one query.
    """
    tz = place.tz
    day = timezone.localtime(at, tz).date()
    if until is None:
        return {f"{PLAN_PREFIX}{kind}" for kind in subscriptions_valid(place=place, person=person, on=day).values_list(
            "plan__kind", flat=True
        )}  # fmt: skip
    last = timezone.localtime(until, tz).date()
    rows = subscriptions_meeting(place=place, person=person, first=day, last=last).values_list(
        "starts_on", "ends_on", "plan__kind"
    )
    return [
        (
            dt.datetime.combine(starts_on, dt.time.min, tzinfo=tz),
            dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
            f"{PLAN_PREFIX}{kind}",
        )
        for starts_on, ends_on, kind in rows
    ]


def booking_plan_choices(*, place) -> list[tuple[str, str]]:
    """The plan kinds a resource can be kept for, as the staff form offers them."""
    return [(f"{PLAN_PREFIX}{value}", str(_("Plan: %(kind)s") % {"kind": label})) for value, label in Plan.Kind.choices]


BILLING_INTERVAL = {
    Plan.Kind.DAY_PASS: "daily",
    Plan.Kind.CARNET: "other",
    Plan.Kind.RESIDENT: "monthly",
    Plan.Kind.NOMAD: "monthly",
    Plan.Kind.UNLIMITED: "monthly",
}


def spaceapi_contribution(*, place, request) -> dict:
    present = list(present_now(place=place))
    visible = visible_ids(place=place)
    sensor = {"value": len(present), "location": place.name}
    names = [c.person.display_name for c in present if c.person_id in visible]
    if names:
        sensor["names"] = names
    total = seats(place=place)
    if total:
        sensor["description"] = f"{len(present)}/{total}"
    plans = []
    for plan in plan_list(place=place):
        entry = {
            "name": plan.name,
            "value": float(plan.price),
            "currency": "EUR",
            "billing_interval": BILLING_INTERVAL[plan.kind],
        }
        if plan.description:
            entry["description"] = plan.description
        plans.append(entry)
    result = {"sensors": {"people_now_present": [sensor]}}
    if plans:
        result["membership_plans"] = plans
    return result


def billing_prepare(*, place, start: dt.date, end: dt.date, actor=None) -> dict:
    """``billing_prepare``: hand every coworking sale billing has not seen to billing (``billing_bridge``)."""
    from comptoir.coworking.billing_bridge import billing_prepare as prepare

    return prepare(place=place, start=start, end=end, actor=actor)


def demo_loader(*, place, people: dict) -> None:
    """``demo_loader``: coworking's demo data (plans, subscriptions, check-ins)."""
    from comptoir.coworking.demo import load

    load(place=place, people=people)


def audit_vocabulary():
    """``audit_vocabulary``: what the audit log calls the app's actions, objects and fields (``audit_words``)."""
    from comptoir.coworking.audit_words import vocabulary

    return vocabulary()


def audit_describe(*, place, objects) -> dict:
    """``audit_describe``: the app's objects among ``objects`` named for people, in bulk (``audit_words``)."""
    from comptoir.coworking.audit_words import describe

    return describe(place=place, objects=objects)
