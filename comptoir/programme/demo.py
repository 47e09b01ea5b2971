"""Demo programme: a coding goûter in the big room, a two-day festival with partners, a meetup online.
Idempotent (an activity that exists is left alone). The whole demo is one transaction, with the services
called ``.in_transaction``: it goes through the same checks as staff, and is written whole or not at all."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.programme import services
from comptoir.programme.models import Activity, Registration
from comptoir.spaces.models import Resource

STAFF = "accueil@demo.comptoir.example"


def _next(place, weekday: int, hour: int, *, weeks: int = 1) -> dt.datetime:
    today = timezone.localdate(timezone=place.tz)
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=place.tz)


def _activity(place, actor, **fields) -> Activity | None:
    """The activity, created now; None when the demo already has it (its sessions are then there too)."""
    if Activity.objects.filter(place=place, title=fields["title"]).exists():
        return None
    return services.activity_create.in_transaction(place=place, actor=actor, status="published", **fields)


def load(*, place, people) -> None:
    actor = people.get(STAFF)
    if actor is None:
        return
    with transaction.atomic():
        _load(place, actor)


def _load(place, actor) -> None:
    goûter = _activity(
        place, actor, title="Goûter de code",
        description="Les enfants créent un petit jeu avec Scratch, les parents aussi s'ils le veulent. "
        "On finit par un goûter.",
        audience="Enfants et leurs parents", age_min=7, age_max=12, level="beginner", themes=["code", "jeux"],
        accessibility="Salle de plain-pied. Ordinateurs prêtés sur place.", organiser="Au Comptoir",
    )  # fmt: skip
    if goûter is not None:
        start = _next(place, 2, 14, weeks=1)  # a Wednesday afternoon
        room = Resource.objects.filter(place=place, slug="grande-salle").first()
        try:
            with transaction.atomic():  # the room may be taken by another demo booking: then in the café
                services.session_schedule.in_transaction(
                    activity=goûter, actor=actor, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=12,
                    location_kind="room" if room else "address", resource=room, address="Au café du Comptoir",
                    weeks=3,
                )  # fmt: skip
        except ServiceError:
            services.session_schedule.in_transaction(
                activity=goûter, actor=actor, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=12,
                location_kind="address", address="Au café du Comptoir", weeks=3,
            )  # fmt: skip
        # A family already registered, written as a row: the service would send its confirmation message.
        first = goûter.sessions.order_by("starts_at").first()
        Registration.objects.create(
            place=place, session=first, first_name="Inès", email="ines@example.org", seats=3,
            child_first_name="Noé", child_age=9, state=Registration.State.CONFIRMED,
        )  # fmt: skip
    festival = _activity(
        place, actor, title="La Quinzaine du faire",
        description="Deux jours d'ateliers, de réparations et de démonstrations, dehors et dedans.",
        audience="Tout public", level="all", themes=["réparation", "fabrication"],
        accessibility="Parc accessible en fauteuil ; toilettes adaptées au Comptoir.", organiser="Au Comptoir",
        partners="Médiathèque de quartier\nRepair café de Saint-Étienne", doors_open_minutes=60,
    )  # fmt: skip
    if festival is not None:
        start = _next(place, 5, 10, weeks=2)  # a Saturday morning, until Sunday evening
        services.session_schedule.in_transaction(
            activity=festival, actor=actor, starts_at=start, ends_at=start + dt.timedelta(days=1, hours=8),
            capacity=200, location_kind="address", address="Parc de l'Europe, Saint-Étienne",
        )  # fmt: skip
    meetup = _activity(
        place, actor, title="Meetup logiciels libres",
        description="Une heure pour présenter un logiciel libre qu'on aime, et en parler.",
        audience="Adultes curieux", level="all", themes=["logiciel libre"], organiser="Collectif Libre42",
    )  # fmt: skip
    if meetup is not None:
        start = _next(place, 3, 19, weeks=1)
        services.session_schedule.in_transaction(
            activity=meetup, actor=actor, starts_at=start, ends_at=start + dt.timedelta(hours=1), capacity=50,
            location_kind="online", online_url="https://visio.demo.comptoir.example/libre",
        )  # fmt: skip
