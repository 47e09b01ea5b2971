"""Activity statistics and the CRA export (anonymous: aggregated beneficiaries only).

A fixed number of queries whatever the period: the rows are read as plain values and counted
in Python (themes are lists).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import Accompaniment, MediationOffer, Registration, WorkshopSession

SEPARATOR = "|"


@dataclass
class Report:
    start: dt.date
    end: dt.date
    accompaniments: int = 0  # one-to-one activities
    sessions: int = 0  # workshop sessions held
    participants: int = 0  # one-to-one beneficiaries + people present in workshops
    unique_beneficiaries: int = 0
    first_visits: int = 0
    returning: int = 0
    minutes: int = 0
    by_type: Counter = field(default_factory=Counter)
    by_theme: Counter = field(default_factory=Counter)
    by_age: Counter = field(default_factory=Counter)
    by_gender: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_commune: Counter = field(default_factory=Counter)
    seats: int = 0
    registered: int = 0
    expected: int = 0  # registered people of the sessions whose attendance was taken
    present: int = 0  # ... of whom were present (walk-ins excluded)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def fill_rate(self) -> Decimal | None:
        return _percent(self.registered, self.seats)

    @property
    def attendance_rate(self) -> Decimal | None:
        return _percent(self.present, self.expected)

    def rows(self, counter_name: str, choices=None) -> list[tuple[str, str, int]]:
        """(value, label, count) in the vocabulary's order, zeros included, for the tables."""
        counter: Counter = getattr(self, counter_name)
        if choices is None:
            return [(key, key or "—", count) for key, count in sorted(counter.items(), key=lambda i: (-i[1], i[0]))]
        return [(value, str(label), counter.get(value, 0)) for value, label in choices.choices]


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _bounds(place, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=place.tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=place.tz),
    )


def _held_sessions(*, place, start: dt.date, end: dt.date, mediator=None):
    low, high = _bounds(place, start, end)
    sessions = WorkshopSession.objects.filter(
        place=place, starts_at__gte=low, starts_at__lt=high, status=WorkshopSession.Status.SCHEDULED
    )
    if mediator is not None:
        sessions = sessions.filter(mediators=mediator)
    return sessions


def activity_report(*, place, start: dt.date, end: dt.date, mediator=None) -> Report:
    report = Report(start=start, end=end)
    accompaniments = Accompaniment.objects.filter(place=place, date__gte=start, date__lte=end)
    if mediator is not None:
        accompaniments = accompaniments.filter(mediator=mediator)
    named: set[int] = set()
    anonymous = 0
    for row in accompaniments.values(
        "type", "duration_minutes", "themes", "beneficiary_id", "gender", "age_bracket", "social_status",
        "commune", "is_first_visit",
    ):  # fmt: skip
        report.accompaniments += 1
        report.by_type[row["type"]] += 1
        report.minutes += row["duration_minutes"]
        report.by_theme.update(row["themes"] or [])
        _count_person(report, row)
        if row["beneficiary_id"]:
            named.add(row["beneficiary_id"])
        else:
            anonymous += 1

    sessions = _held_sessions(place=place, start=start, end=end, mediator=mediator)
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED, registrations__is_walk_in=False)
    session_rows = sessions.annotate(
        registered=Count("registrations", filter=confirmed, distinct=True),
        present=Count("registrations", filter=confirmed & Q(registrations__attended=True), distinct=True),
    ).values("pk", "capacity", "starts_at", "ends_at", "workshop__themes", "attendance_taken_at", "registered",
             "present")  # fmt: skip
    for row in session_rows:
        report.sessions += 1
        report.by_type[v.ActivityType.COLLECTIF] += 1
        report.minutes += int((row["ends_at"] - row["starts_at"]) / dt.timedelta(minutes=1))
        report.by_theme.update(row["workshop__themes"] or [])
        report.seats += row["capacity"]
        report.registered += row["registered"]
        if row["attendance_taken_at"]:
            report.expected += row["registered"]
            report.present += row["present"]

    attendees = Registration.objects.filter(
        session__in=sessions, status=Registration.Status.CONFIRMED, attended=True
    ).values("beneficiary_id", "gender", "age_bracket", "social_status", "commune", "is_first_visit")
    for row in attendees:
        _count_person(report, row)
        if row["beneficiary_id"]:
            named.add(row["beneficiary_id"])
        else:
            anonymous += 1
    report.unique_beneficiaries = len(named) + anonymous
    report.returning = report.participants - report.first_visits
    return report


def _count_person(report: Report, row: dict) -> None:
    report.participants += 1
    report.by_gender[row["gender"]] += 1
    report.by_age[row["age_bracket"]] += 1
    report.by_status[row["social_status"]] += 1
    report.by_commune[row["commune"] or ""] += 1
    if row["is_first_visit"]:
        report.first_visits += 1


# --- CRA export -----------------------------------------------------------------------------------

CRA_COLUMNS = [
    "type", "date", "duree", "accompagnements", "type_lieu", "commune", "code_postal", "code_insee",
    "autonomie", "oriente_vers_structure", "structure_de_redirection", "materiel", "thematiques",
    "titre_atelier", "niveau_atelier", "beneficiaires_total",
    *[f"genres_{g}" for g in v.Gender.values],
    *[f"tranches_age_{a}" for a in v.AgeBracket.values],
    *[f"statuts_{s}" for s in v.SocialStatus.values],
]  # fmt: skip


def _people_columns(people: list[dict]) -> dict:
    genders = Counter(p["gender"] for p in people)
    ages = Counter(p["age_bracket"] for p in people)
    statuses = Counter(p["social_status"] for p in people)
    columns = {"beneficiaires_total": len(people)}
    columns.update({f"genres_{g}": genders.get(g, 0) for g in v.Gender.values})
    columns.update({f"tranches_age_{a}": ages.get(a, 0) for a in v.AgeBracket.values})
    columns.update({f"statuts_{s}": statuses.get(s, 0) for s in v.SocialStatus.values})
    return columns


def _where_it_happened(accompaniment: Accompaniment, place_where: dict) -> dict:
    """The town given for help elsewhere than the place (at home...), else the place's town."""
    if accompaniment.activity_commune and accompaniment.place_type != v.PlaceType.LIEU_ACTIVITE:
        return {
            "commune": accompaniment.activity_commune,
            "code_postal": accompaniment.activity_postal_code,
            "code_insee": "",  # not known without the official commune list; never the place's
        }
    return place_where


def cra_rows(*, place, start: dt.date, end: dt.date, mediator=None) -> list[dict]:
    """One row per activity, with the CRA field names; beneficiaries only as counts."""
    offer = MediationOffer.objects.filter(place=place).first()
    where = {"commune": place.city, "code_postal": place.postal_code, "code_insee": offer.code_insee if offer else ""}
    rows: list[dict] = []
    accompaniments = Accompaniment.objects.filter(place=place, date__gte=start, date__lte=end)
    if mediator is not None:
        accompaniments = accompaniments.filter(mediator=mediator)
    for a in accompaniments.order_by("date", "pk"):
        rows.append({
            "type": a.type, "date": a.date.isoformat(), "duree": a.duration_minutes, "accompagnements": 1,
            "type_lieu": a.place_type, **_where_it_happened(a, where), "autonomie": a.autonomy,
            "oriente_vers_structure": "true" if a.referred else "false",
            "structure_de_redirection": a.referral_structure, "materiel": SEPARATOR.join(a.equipment),
            "thematiques": SEPARATOR.join(a.themes), "titre_atelier": "", "niveau_atelier": "",
            **_people_columns([{"gender": a.gender, "age_bracket": a.age_bracket, "social_status": a.social_status}]),
        })  # fmt: skip
    sessions = _held_sessions(place=place, start=start, end=end, mediator=mediator).select_related("workshop")
    attendees: dict[int, list[dict]] = {}
    for row in Registration.objects.filter(
        session__in=sessions, status=Registration.Status.CONFIRMED, attended=True
    ).values("session_id", "gender", "age_bracket", "social_status"):
        attendees.setdefault(row["session_id"], []).append(row)
    for s in sessions.order_by("starts_at", "pk"):
        people = attendees.get(s.pk, [])
        if not people:
            continue  # nobody came (or attendance not taken yet): no activity to report
        rows.append({
            "type": v.ActivityType.COLLECTIF, "date": s.starts_at.astimezone(place.tz).date().isoformat(),
            "duree": s.duration_minutes, "accompagnements": len(people), "type_lieu": v.PlaceType.LIEU_ACTIVITE,
            **where, "autonomie": "", "oriente_vers_structure": "false", "structure_de_redirection": "",
            "materiel": "", "thematiques": SEPARATOR.join(s.workshop.themes), "titre_atelier": s.workshop.title,
            "niveau_atelier": s.workshop.level, **_people_columns(people),
        })  # fmt: skip
    rows.sort(key=lambda r: r["date"])
    return rows


def cra_csv(*, place, start: dt.date, end: dt.date, mediator=None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CRA_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(cra_rows(place=place, start=start, end=end, mediator=mediator))
    return buffer.getvalue()
