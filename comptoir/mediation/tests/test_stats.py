"""Statistics against a fixture whose figures were computed by hand (see the comments)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from comptoir.core.permissions import Role
from comptoir.mediation.stats import CRA_COLUMNS, activity_report, cra_csv
from comptoir.mediation.tests.factories import (
    AccompanimentFactory,
    BeneficiaryFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.fixture
def fixture():
    place = PlaceFactory()
    tz = place.tz
    m1 = member_of(place, Role.MEDIATOR)
    m2 = member_of(place, Role.MEDIATOR)
    b1 = BeneficiaryFactory(place=place, gender="feminin", birth_year=1950, social_status="retraite")
    senior = {
        "gender": "feminin",
        "age_bracket": "soixante_dix_plus",
        "social_status": "retraite",
        "commune": "Firminy",
    }
    # A1, A2: B1 with m1; A3: anonymous with m2; A4: out of the period.
    AccompanimentFactory(
        place=place,
        mediator=m1,
        date=dt.date(2026, 3, 2),
        duration_minutes=30,
        themes=["email", "sante"],
        beneficiary=b1,
        is_first_visit=True,
        **senior,
    )
    AccompanimentFactory(
        place=place,
        mediator=m1,
        date=dt.date(2026, 3, 10),
        duration_minutes=45,
        type="demarche_administrative",
        themes=["argent_impots"],
        beneficiary=b1,
        **senior,
    )
    AccompanimentFactory(
        place=place,
        mediator=m2,
        date=dt.date(2026, 3, 15),
        duration_minutes=60,
        themes=["email"],
        gender="masculin",
        social_status="sans_emploi",
        commune="Roanne",
        is_first_visit=True,
    )
    AccompanimentFactory(place=place, mediator=m1, date=dt.date(2026, 2, 28), duration_minutes=30)
    # S1 (m1): 4 seats, 2 h, attendance taken: R1 (B1) and R3 present, R2 absent, a walk-in, 1 waiting, 1 cancelled.
    tablet = WorkshopFactory(place=place, themes=["prendre_en_main_du_materiel"], level="debutant", title="Tablette")
    start = dt.datetime(2026, 3, 20, 14, 0, tzinfo=tz)
    s1 = SessionFactory(
        workshop=tablet,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=120),
        capacity=4,
        attendance_taken_at=start,
    )
    s1.mediators.set([m1])
    RegistrationFactory(session=s1, beneficiary=b1, attended=True, **senior)
    RegistrationFactory(session=s1, attended=False)
    RegistrationFactory(session=s1, attended=True)
    RegistrationFactory(session=s1, attended=True, is_walk_in=True)
    RegistrationFactory(session=s1, status="waiting")
    RegistrationFactory(session=s1, status="cancelled")
    # S2 (m2): 6 seats, 1 h 30, 2 registered, attendance not taken yet.
    safety = WorkshopFactory(place=place, themes=["securite_numerique"])
    start2 = dt.datetime(2026, 3, 25, 10, 0, tzinfo=tz)
    s2 = SessionFactory(workshop=safety, starts_at=start2, ends_at=start2 + dt.timedelta(minutes=90), capacity=6)
    s2.mediators.set([m2])
    RegistrationFactory(session=s2)
    RegistrationFactory(session=s2)
    # S3: cancelled, not counted.
    SessionFactory(workshop=safety, starts_at=start2, ends_at=start2 + dt.timedelta(hours=1), status="cancelled")
    # Another place's activity, never counted.
    AccompanimentFactory(date=dt.date(2026, 3, 3))
    return place, m1, m2


def test_whole_place(fixture):
    place, _m1, _m2 = fixture
    r = activity_report(place=place, start=MARCH[0], end=MARCH[1])
    assert (r.accompaniments, r.sessions) == (3, 2)
    assert r.minutes == 30 + 45 + 60 + 120 + 90 and r.hours == Decimal("5.8")
    assert dict(r.by_type) == {"individuel": 2, "demarche_administrative": 1, "collectif": 2}
    assert dict(r.by_theme) == {
        "email": 2,
        "sante": 1,
        "argent_impots": 1,
        "prendre_en_main_du_materiel": 1,
        "securite_numerique": 1,
    }
    assert r.participants == 6  # 3 one-to-one + 3 present in S1 (R1, R3, walk-in)
    assert r.unique_beneficiaries == 4  # B1 + A3 + R3 + walk-in
    assert (r.first_visits, r.returning) == (2, 4)
    assert dict(r.by_gender) == {"feminin": 3, "masculin": 1, "non_communique": 2}
    assert r.by_age["soixante_dix_plus"] == 3 and r.by_status["retraite"] == 3 and r.by_status["sans_emploi"] == 1
    assert r.by_commune["Firminy"] == 3 and r.by_commune["Roanne"] == 1
    assert (r.seats, r.registered) == (10, 5) and r.fill_rate == Decimal("50.0")
    assert (r.expected, r.present) == (3, 2) and r.attendance_rate == Decimal("66.7")


def test_per_mediator(fixture):
    place, m1, m2 = fixture
    r1 = activity_report(place=place, start=MARCH[0], end=MARCH[1], mediator=m1)
    assert (r1.accompaniments, r1.sessions, r1.minutes, r1.hours) == (2, 1, 195, Decimal("3.3"))
    assert (r1.participants, r1.unique_beneficiaries) == (5, 3)
    r2 = activity_report(place=place, start=MARCH[0], end=MARCH[1], mediator=m2)
    assert (r2.accompaniments, r2.sessions, r2.minutes, r2.hours) == (1, 1, 150, Decimal("2.5"))
    assert r2.participants == 1 and r2.fill_rate == Decimal("33.3") and r2.attendance_rate is None


def test_cra_csv_is_anonymous_and_aggregated(fixture):
    place, _m1, _m2 = fixture
    text = cra_csv(place=place, start=MARCH[0], end=MARCH[1])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CRA_COLUMNS
    assert [r["type"] for r in rows] == ["individuel", "demarche_administrative", "individuel", "collectif"]
    assert rows[0]["thematiques"] == "email|sante" and rows[0]["genres_feminin"] == "1"
    workshop = rows[3]
    assert workshop["accompagnements"] == "3" and workshop["beneficiaires_total"] == "3"
    assert workshop["titre_atelier"] == "Tablette" and workshop["niveau_atelier"] == "debutant"
    assert (workshop["genres_feminin"], workshop["genres_non_communique"]) == ("1", "2")
    assert workshop["date"] == "2026-03-20" and workshop["duree"] == "120"
    assert "Personne" not in text and "Inscrit" not in text and "@" not in text


def test_empty_period():
    place = PlaceFactory()
    today = timezone.localdate()
    r = activity_report(place=place, start=today, end=today)
    assert r.participants == 0 and r.fill_rate is None and r.attendance_rate is None
