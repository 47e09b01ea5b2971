import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from comptoir.core.permissions import Role
from comptoir.mediation.models import Accompaniment, Beneficiary, Registration, Voucher, Workshop, WorkshopSession
from comptoir.mediation.tests.factories import (
    AccompanimentFactory,
    BeneficiaryFactory,
    BookletFactory,
    SessionFactory,
)
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def staff(client, place):
    client.force_login(member_of(place, Role.MEDIATOR))
    return client


def test_public_sessions_and_registration(client, place):
    session = SessionFactory(workshop__place=place, capacity=1)
    SessionFactory(workshop__place=place, workshop__is_published=False)
    data = client.get(f"{API}/places/{place.slug}/workshop-sessions").json()
    assert [(s["id"], s["seats_left"]) for s in data] == [(session.pk, 1)]
    assert len(client.get(f"{API}/places/{place.slug}/workshops").json()) == 1
    path = f"{API}/places/{place.slug}/workshop-sessions/{session.pk}/registrations"
    response = client.post(path, {"first_name": "Ana", "phone": "0612345678"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    response = client.post(path, {"first_name": "Bob"}, content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()
    assert client.get(path).status_code == 401  # the list holds personal data


def test_staff_endpoints_are_place_scoped(client, place):
    session = SessionFactory(workshop__place=place)
    client.force_login(member_of(PlaceFactory(), Role.MEDIATOR))
    assert client.get(f"{API}/places/{place.slug}/workshop-sessions/{session.pk}/registrations").status_code == 404
    assert client.get(f"{API}/places/{place.slug}/accompaniments").status_code == 404
    client.force_login(member_of(place, Role.COWORKER))
    assert client.get(f"{API}/places/{place.slug}/accompaniments").status_code == 403


def test_accompaniments_api(staff, place):
    b = BeneficiaryFactory(place=place)
    payload = [{"themes": ["email"], "beneficiary_id": b.pk}, {"themes": ["sante"], "type": "demarche_administrative"}]
    response = staff.post(f"{API}/places/{place.slug}/accompaniments", payload, content_type="application/json")
    assert response.status_code == 201 and len(response.json()) == 2
    bad = [{"themes": ["nope"]}]
    response = staff.post(f"{API}/places/{place.slug}/accompaniments", bad, content_type="application/json")
    assert response.status_code == 400 and Accompaniment.objects.count() == 2
    assert len(staff.get(f"{API}/places/{place.slug}/accompaniments").json()) == 2


def test_vouchers_api(staff, place):
    BookletFactory(place=place, funder="CCAS", validity_year=timezone.localdate().year)
    path = f"{API}/places/{place.slug}/vouchers"
    body = {"code": "A1", "funder": "CCAS", "validity_year": timezone.localdate().year}
    assert staff.post(path, body, content_type="application/json").status_code == 201
    response = staff.post(path, body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "already_used"
    assert Voucher.objects.count() == 1
    assert staff.get(path).json()[0]["funder"] == "CCAS"


def test_statistics_api(staff, place):
    AccompanimentFactory(place=place, gender="feminin")
    today = timezone.localdate()
    data = staff.get(f"{API}/places/{place.slug}/mediation-statistics?start={today}&end={today}").json()
    assert data["accompaniments"] == 1 and data["by_gender"] == {"feminin": 1}
    bad = staff.get(f"{API}/places/{place.slug}/mediation-statistics?start={today}&end={today - dt.timedelta(days=1)}")
    assert bad.status_code == 400


def test_retention_command(place):
    BeneficiaryFactory(place=place, last_visit=timezone.localdate() - dt.timedelta(days=800))
    out = StringIO()
    call_command("mediation_retention", stdout=out)
    assert f"{place.slug}: 1 beneficiaries" in out.getvalue()
    assert Beneficiary.objects.get().anonymised_at is not None


def test_reminders_command(place):
    session = SessionFactory(workshop__place=place, starts_at=timezone.now() + dt.timedelta(hours=3))
    Registration.objects.create(place=place, session=session, first_name="A", email="a@example.org", status="confirmed")
    out = StringIO()
    call_command("mediation_reminders", stdout=out)
    assert f"{place.slug}: 1 reminder(s)." in out.getvalue()


def test_demo_loader_is_idempotent(place):
    from comptoir.mediation.demo import MEDIATOR, load

    mediator = member_of(place, Role.MEDIATOR, email=MEDIATOR)
    with transaction.atomic():  # as load_demo calls it
        load(place=place, people={MEDIATOR: mediator})
    counts = (Workshop.objects.count(), Accompaniment.objects.count(), Beneficiary.objects.count())
    load(place=place, people={MEDIATOR: mediator})
    assert counts == (Workshop.objects.count(), Accompaniment.objects.count(), Beneficiary.objects.count())
    assert counts[0] == 2 and counts[1] == 2 + 12 and WorkshopSession.objects.count() == 6 + 4


def test_demo_has_a_past_that_every_report_shows(place):
    """A fresh demo shows figures: past workshops with attendance, past accompaniments of several kinds."""
    import datetime as dt

    from django.utils import timezone

    from comptoir.mediation import stats
    from comptoir.mediation.demo import MEDIATOR, load

    mediator = member_of(place, Role.MEDIATOR, email=MEDIATOR)
    with transaction.atomic():
        load(place=place, people={MEDIATOR: mediator})
    today = timezone.localdate(timezone=place.tz)
    report = stats.activity_report(place=place, start=today - dt.timedelta(days=35), end=today)
    assert report.sessions == 4 and report.present > 0 and report.attendance_rate is not None
    assert report.accompaniments == 14 and report.unique_beneficiaries > 5 and report.fill_rate is not None
    assert len(report.by_theme) > 3 and report.by_gender["feminin"] and report.by_gender["non_communique"]
    rows = stats.cra_rows(place=place, start=today - dt.timedelta(days=35), end=today)
    assert sum(1 for r in rows if r["type"] == "collectif") == 4
    past = WorkshopSession.objects.filter(starts_at__lt=timezone.now())
    assert all(s.attendance_taken_at for s in past)


def test_openapi_lists_the_mediation_endpoints(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert "/api/v1/places/{slug}/workshop-sessions" in paths
    assert "/api/v1/places/{slug}/accompaniments" in paths
    assert "/api/v1/places/{slug}/mediation-statistics" in paths


def test_voucher_linked_to_an_accompaniment(staff, place):
    BookletFactory(place=place, funder="CCAS", validity_year=timezone.localdate().year)
    accompaniment = AccompanimentFactory(place=place)
    path = f"{API}/places/{place.slug}/vouchers"
    body = {"code": "B1", "funder": "CCAS", "validity_year": timezone.localdate().year}
    elsewhere = AccompanimentFactory()
    response = staff.post(path, body | {"accompaniment_id": elsewhere.pk}, content_type="application/json")
    assert response.status_code == 404 and not Voucher.objects.exists()
    response = staff.post(path, body | {"accompaniment_id": accompaniment.pk}, content_type="application/json")
    assert response.status_code == 201 and Voucher.objects.get().accompaniment == accompaniment


def test_statistics_per_mediator_and_line_limit(client, place):
    mediator = member_of(place, Role.MEDIATOR)
    client.force_login(mediator)
    AccompanimentFactory(place=place, mediator=mediator)
    AccompanimentFactory(place=place)
    today = timezone.localdate()
    base = f"{API}/places/{place.slug}/mediation-statistics?start={today}&end={today}"
    assert client.get(base).json()["accompaniments"] == 2
    assert client.get(f"{base}&mediator_id={mediator.pk}").json()["accompaniments"] == 1
    stranger = member_of(PlaceFactory(), Role.MEDIATOR)
    assert client.get(f"{base}&mediator_id={stranger.pk}").status_code == 404
    payload = [{"themes": ["email"]}] * 51
    response = client.post(f"{API}/places/{place.slug}/accompaniments", payload, content_type="application/json")
    assert response.status_code == 400 and Accompaniment.objects.count() == 2
