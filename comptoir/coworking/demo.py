"""Demo plans, subscriptions and a past of check-ins. Idempotent.

The past check-ins (from the first day of last month to yesterday, on open days) are written with the ORM:
``check_in`` records the present moment only. Each one is covered like ``check_in`` would have covered it
then (a plan with days left, else a day pass sold, whose charge the billing run hands to billing).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from comptoir.coworking import services
from comptoir.coworking.models import CheckIn, CoworkingCharge, Plan, Subscription
from comptoir.coworking.selectors import today as today_in
from comptoir.places.hours import is_open_at

PLANS = [
    dict(name="Pass journée", kind=Plan.Kind.DAY_PASS, price=Decimal("15"), description="Une journée en open space."),
    dict(name="Carnet 10 jours", kind=Plan.Kind.CARNET, price=Decimal("120"), days=10, validity_months=6),
    dict(name="Nomade 8 jours", kind=Plan.Kind.NOMAD, price=Decimal("110"), days=8, meeting_hours_per_month=2),
    dict(name="Résident", kind=Plan.Kind.RESIDENT, price=Decimal("250"), meeting_hours_per_month=4),
    dict(name="Illimité", kind=Plan.Kind.UNLIMITED, price=Decimal("190"), meeting_hours_per_month=2),
]


def load(*, place, people: dict) -> None:
    admin = people.get("accueil@demo.comptoir.example")
    for fields in PLANS:
        if not Plan.objects.filter(place=place, name=fields["name"]).exists():
            services.plan_create(place=place, actor=admin, **fields)
    member = people.get("membre@demo.comptoir.example")
    if member is not None and not Subscription.objects.filter(place=place, person=member).exists():
        nomad = Plan.objects.get(place=place, name="Nomade 8 jours")
        services.subscription_start(place=place, person=member, plan=nomad, actor=admin, renews=True)

    _load_past(place=place, people=people)


# Who comes on which weekday (0 = Monday), arriving at (hour, minute), staying so many hours, and how.
PAST_WEEK = [
    ("membre@demo.comptoir.example", (0, 2, 4), (9, 5), 8, CheckIn.Method.SELF),
    ("fablab@demo.comptoir.example", (1, 3), (9, 40), 7, CheckIn.Method.QR),
    ("benevole@demo.comptoir.example", (2,), (13, 30), 4, CheckIn.Method.DESK),
    ("bureau@demo.comptoir.example", (4,), (10, 15), 6, CheckIn.Method.KIOSK),
]


def _load_past(*, place, people: dict) -> None:
    today = today_in(place)
    since = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # the first of last month
    if CheckIn.objects.filter(place=place, day__gte=since, day__lt=today).exists():
        return  # loaded already (or the place has a past of its own)
    host = people.get("accueil@demo.comptoir.example")
    fablab = people.get("fablab@demo.comptoir.example")
    carnet = Plan.objects.filter(place=place, kind=Plan.Kind.CARNET).first()
    if fablab is not None and carnet is not None:
        services.subscription_start(place=place, person=fablab, plan=carnet, actor=host, starts_on=since)
    day_pass = services.plan_list_day_pass(place=place)
    with transaction.atomic():
        day = since
        while day < today:
            for email, weekdays, (hour, minute), length, method in PAST_WEEK:
                person = people.get(email)
                arrived = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=place.tz)
                if person is None or day.weekday() not in weekdays:
                    continue
                if not is_open_at(place.opening_hours, arrived, place.tz):
                    continue  # a public holiday
                subscription, exhausted = services._covering(place=place, person=person, day=day)
                sold = day_pass if subscription is None else None
                checkin = CheckIn.objects.create(
                    place=place, person=person, day=day, checked_in_at=arrived,
                    checked_out_at=arrived + dt.timedelta(hours=length), method=method, subscription=subscription,
                    day_pass=sold is not None, over_use=exhausted or (subscription is None and sold is None),
                    recorded_by=host if method == CheckIn.Method.DESK else person,
                )  # fmt: skip
                if sold is not None:
                    CoworkingCharge.objects.create(
                        place=place, person=person, checkin=checkin, amount=sold.price,
                        description=f"{sold.name} {day:%d/%m/%Y}",
                    )  # fmt: skip
            day += dt.timedelta(days=1)
