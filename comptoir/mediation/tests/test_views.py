import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.core.permissions import Role
from comptoir.mediation.models import (
    Accompaniment,
    Beneficiary,
    Registration,
    Voucher,
    VoucherClaim,
    Workshop,
    WorkshopSession,
)
from comptoir.mediation.tests.factories import (
    AccompanimentFactory,
    BeneficiaryFactory,
    BookletFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator_client(client, mediator):
    client.force_login(mediator)
    return client


def url(place, name, **kwargs):
    return reverse(f"mediation:{name}", kwargs={"place_slug": place.slug, **kwargs})


STAFF_PAGES = [
    ("home", {}),
    ("quick_entry", {}),
    ("accompaniments", {}),
    ("beneficiaries", {}),
    ("beneficiary_new", {}),
    ("workshops", {}),
    ("workshop_new", {}),
    ("sessions", {}),
    ("vouchers", {}),
    ("report", {}),
    ("offer", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), STAFF_PAGES)
def test_staff_pages_render_for_a_mediator(mediator_client, place, name, kwargs):
    response = mediator_client.get(url(place, name, **kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), STAFF_PAGES)
def test_staff_pages_are_closed_to_others(client, place, name, kwargs):
    other_staff = member_of(PlaceFactory(), Role.MEDIATOR)
    client.force_login(other_staff)
    assert client.get(url(place, name, **kwargs)).status_code == 404
    client.force_login(member_of(place, Role.COWORKER))
    assert client.get(url(place, name, **kwargs)).status_code == 403


def test_host_cannot_see_beneficiaries(client, place):
    client.force_login(member_of(place, Role.HOST))
    assert client.get(url(place, "beneficiaries")).status_code == 403
    assert client.get(url(place, "sessions")).status_code == 200


def test_beneficiary_file_read_is_audited_and_scoped(mediator_client, place, mediator):
    b = BeneficiaryFactory(place=place, first_name="Josette")
    response = mediator_client.get(url(place, "beneficiary", beneficiary_id=b.pk))
    assert response.status_code == 200 and "Josette" in response.content.decode()
    assert AuditEntry.objects.filter(
        action="mediation.beneficiary.viewed", actor=mediator, object_id=str(b.pk)
    ).exists()
    other = BeneficiaryFactory()
    assert mediator_client.get(url(place, "beneficiary", beneficiary_id=other.pk)).status_code == 404
    assert mediator_client.get(url(place, "beneficiary_export", beneficiary_id=b.pk)).json()["first_name"] == "Josette"


def test_beneficiary_create_edit_and_erase(mediator_client, place):
    response = mediator_client.post(
        url(place, "beneficiary_new"),
        {
            "first_name": "Marcel",
            "birth_year": "1950",
            "consent": "on",
            "gender": "masculin",
            "social_status": "retraite",
            "age_bracket": "non_communique",
        },
    )
    assert response.status_code == 302
    b = Beneficiary.objects.get(place=place)
    assert b.age_bracket == "soixante_dix_plus"
    response = mediator_client.post(url(place, "beneficiary_new"), {"first_name": "Sans consentement"})
    assert response.status_code == 200
    response = mediator_client.post(url(place, "beneficiary_erase", beneficiary_id=b.pk))
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.anonymised_at and b.first_name == ""


def test_quick_entry_records_several_lines(mediator_client, place):
    b = BeneficiaryFactory(place=place)
    today = timezone.localdate().isoformat()
    data = {
        "lines": "3",
        "date": today,
        "place_type": "lieu_activite",
        "l0-beneficiary": str(b.pk),
        "l0-type": "individuel",
        "l0-duration_minutes": "30",
        "l0-themes": ["email"],
        "l1-beneficiary": "",
        "l1-type": "demarche_administrative",
        "l1-duration_minutes": "45",
        "l1-themes": ["argent_impots", "logement"],
        "l1-gender": "feminin",
        "l2-beneficiary": "",
        "l2-type": "individuel",
        "l2-duration_minutes": "30",  # empty line: left out
    }
    response = mediator_client.post(url(place, "quick_entry"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Accompaniment.objects.filter(place=place).count() == 2
    assert Accompaniment.objects.get(type="demarche_administrative").gender == "feminin"


def test_quick_entry_shows_the_error_and_records_nothing(mediator_client, place):
    b = BeneficiaryFactory(place=place)
    data = {
        "lines": "1",
        "date": timezone.localdate().isoformat(),
        "place_type": "lieu_activite",
        "l0-beneficiary": str(b.pk),
        "l0-type": "individuel",
        "l0-duration_minutes": "30",
    }
    response = mediator_client.post(url(place, "quick_entry"), data)
    assert response.status_code == 200 and not Accompaniment.objects.exists()


def test_public_help_page_and_registration(client, place):
    session = SessionFactory(workshop__place=place, workshop__title="Débuter avec sa tablette", capacity=1)
    page = client.get(url(place, "help"))
    content = page.content.decode()
    assert page.status_code == 200 and "Débuter avec sa tablette" in content
    register = url(place, "register", session_id=session.pk)
    assert client.get(register).status_code == 200
    response = client.post(register, {"first_name": "Ana", "phone": "06 12 34 56 78"})
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    response = client.post(register, {"first_name": "Bob", "email": "bob@example.org"})
    assert Registration.objects.get(first_name="Bob").status == "waiting"
    response = client.post(register, {"first_name": "Cy"})
    assert response.status_code == 200 and Registration.objects.count() == 2  # error shown, nothing saved
    manage = url(place, "registration_manage", token=registration.token)
    assert client.post(manage).status_code == 200
    assert Registration.objects.get(first_name="Bob").status == "confirmed"
    other = SessionFactory()
    assert client.get(url(place, "register", session_id=other.pk)).status_code == 404


def test_attendance_screen(mediator_client, place):
    session = SessionFactory(workshop__place=place, starts_at=timezone.now() - dt.timedelta(minutes=5))
    a, b = RegistrationFactory(session=session), RegistrationFactory(session=session)
    page = url(place, "attendance", session_id=session.pk)
    assert mediator_client.get(page).status_code == 200
    assert mediator_client.post(page, {"absent": [str(b.pk)]}).status_code == 302
    assert mediator_client.post(page, {"walk_in": "1", "first_name": "Passant"}).status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()  # noqa: E702
    assert (a.attended, b.attended) == (True, False)
    assert Registration.objects.filter(session=session, is_walk_in=True, attended=True).count() == 1


def test_voucher_refusal_is_shown_and_nothing_recorded(mediator_client, place):
    BookletFactory(place=place, funder="CCAS", validity_year=2020)
    response = mediator_client.post(
        url(place, "vouchers"),
        {
            "v-code": "X1",
            "v-funder": "CCAS",
            "v-validity_year": "2020",
            "v-received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200 and "31/01/2021" in response.content.decode()
    assert not Voucher.objects.exists()


def test_offer_exports(mediator_client, place):
    assert mediator_client.get(url(place, "offer_csv")).status_code == 302  # no SIRET yet: back with a message
    LegalEntityFactory(place=place)
    response = mediator_client.get(url(place, "offer_csv"))
    assert response.status_code == 200 and "lieux-de-mediation-numerique" in response["Content-Disposition"]
    assert mediator_client.get(url(place, "offer_json")).json()[0]["pivot"] == "55208131766522"
    response = mediator_client.post(url(place, "offer"), {"services": ["Pas du standard"], "retention_months": "24"})
    assert response.status_code == 200


def test_report_csv(mediator_client, place):
    AccompanimentFactory(place=place)
    today = timezone.localdate().isoformat()
    response = mediator_client.get(url(place, "report_csv") + f"?start={today}&end={today}")
    assert response.status_code == 200 and response.content.decode().startswith("type,date,duree")


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_session_list_query_count_is_constant(mediator_client, place, mediator):
    workshop = WorkshopFactory(place=place)

    def add(n):
        for _ in range(n):
            s = SessionFactory(workshop=workshop)
            s.mediators.set([mediator])
            RegistrationFactory(session=s)

    add(5)
    few = _queries(mediator_client, url(place, "sessions"))
    add(195)
    many = _queries(mediator_client, url(place, "sessions"))
    assert few == many


def test_report_query_count_is_constant(mediator_client, place, mediator):
    workshop = WorkshopFactory(place=place)
    today = timezone.localdate()
    address = url(place, "report") + f"?start={today.replace(day=1)}&end={today}"

    def add(n):
        for _ in range(n):
            AccompanimentFactory(place=place, mediator=mediator, beneficiary=BeneficiaryFactory(place=place))
            s = SessionFactory(workshop=workshop, starts_at=timezone.now() - dt.timedelta(minutes=30))
            RegistrationFactory(session=s, attended=True)

    add(5)
    few = _queries(mediator_client, address)
    add(195)
    many = _queries(mediator_client, address)
    assert few == many


def test_public_page_speaks_plain_french(client, place):
    SessionFactory(workshop__place=place)
    content = client.get(url(place, "help"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Se faire aider au numérique" in content
    assert "Prochains ateliers" in content and "Gratuit" in content


def test_quick_entry_with_a_new_person(mediator_client, place):
    data = {
        "lines": "1",
        "date": timezone.localdate().isoformat(),
        "place_type": "domicile",
        "l0-new_first_name": "Léa",
        "l0-new_consent": "on",
        "l0-type": "individuel",
        "l0-duration_minutes": "15",
        "l0-themes": ["sante"],
    }
    assert mediator_client.post(url(place, "quick_entry"), data).status_code == 302
    assert Accompaniment.objects.get().beneficiary.first_name == "Léa"
    assert Accompaniment.objects.get().place_type == "domicile"


def test_staff_home_shows_the_mediation_panel(mediator_client, place):
    noon = dt.datetime.combine(timezone.localdate(timezone=place.tz), dt.time(12), tzinfo=place.tz)
    SessionFactory(workshop__place=place, workshop__title="Atelier du jour", starts_at=noon)
    response = mediator_client.get(reverse("places:staff_home", kwargs={"place_slug": place.slug}))
    assert response.status_code == 200 and "Atelier du jour" in response.content.decode()


def test_session_page_desk_registration_and_cancel(mediator_client, place, committed):
    session = SessionFactory(workshop__place=place, capacity=1)
    page = url(place, "session", session_id=session.pk)
    assert mediator_client.post(page, {"first_name": "Ana", "phone": "0612345678"}).status_code == 302
    assert mediator_client.post(page, {"first_name": "Bob", "email": "bob@example.org"}).status_code == 302
    response = mediator_client.get(page)
    assert response.status_code == 200 and "Ana" in response.content.decode()
    ana = Registration.objects.get(first_name="Ana")
    cancel = url(place, "registration_cancel", registration_id=ana.pk)
    assert mediator_client.post(cancel).status_code == 302
    assert Registration.objects.get(first_name="Bob").status == "confirmed"
    other = RegistrationFactory()
    assert mediator_client.post(url(place, "registration_cancel", registration_id=other.pk)).status_code == 404
    assert mediator_client.post(url(place, "session_cancel", session_id=session.pk)).status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"


def test_workshop_and_series_pages(mediator_client, place, mediator):
    response = mediator_client.post(
        url(place, "workshop_new"),
        {
            "title": "Débuter avec sa tablette",
            "themes": ["prendre_en_main_du_materiel"],
            "level": "debutant",
            "duration_minutes": "120",
            "capacity": "6",
            "price_kind": "free",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(place=place)
    series = url(place, "workshop_sessions_new", workshop_id=workshop.pk)
    response = mediator_client.post(
        series, {"first_start": "2030-03-05T14:00", "count": "6", "every_days": "7", "mediators": [str(mediator.pk)]}
    )
    assert response.status_code == 302
    sessions = list(WorkshopSession.objects.filter(workshop=workshop))
    assert len(sessions) == 6 and all(s.starts_at.astimezone(place.tz).hour == 14 for s in sessions)
    assert mediator_client.get(series).status_code == 200
    assert mediator_client.get(url(place, "workshop_edit", workshop_id=workshop.pk)).status_code == 200
    other = WorkshopFactory()
    assert mediator_client.get(url(place, "workshop_edit", workshop_id=other.pk)).status_code == 404


def test_claims_pages(client, place):
    board = member_of(place, Role.BOARD)
    client.force_login(board)
    assert client.get(url(place, "claims")).status_code == 200
    assert client.get(url(place, "vouchers")).status_code == 403
    booklet = BookletFactory(place=place, validity_year=2026)
    Voucher.objects.create(place=place, booklet=booklet, code="A", received_on=dt.date(2026, 4, 3))
    assert client.post(url(place, "claims_prepare"), {"month": "2026-04"}).status_code == 302
    claim = VoucherClaim.objects.get()
    assert claim.count == 1
    assert client.post(url(place, "claim_mark", claim_id=claim.pk), {"status": "claimed"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "claimed"
    assert "avril 2026" in client.get(url(place, "claims")).content.decode()


def test_beneficiary_edit_and_htmx_search(mediator_client, place):
    b = BeneficiaryFactory(place=place, first_name="Josette")
    edit = url(place, "beneficiary_edit", beneficiary_id=b.pk)
    assert mediator_client.get(edit).status_code == 200
    response = mediator_client.post(edit, {"first_name": "Josy", "consent": "on", "commune": "Firminy"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.first_name, b.commune) == ("Josy", "Firminy")
    partial = mediator_client.get(url(place, "beneficiaries") + "?q=jos", HTTP_HX_REQUEST="true")
    assert "Josy" in partial.content.decode() and "<html" not in partial.content.decode()


def test_offer_page_saves_standard_values(mediator_client, place):
    response = mediator_client.post(
        url(place, "offer"),
        {
            "services": ["Aide aux démarches administratives"],
            "frais_a_charge": ["Gratuit"],
            "retention_months": "12",
            "code_insee": "42218",
        },
    )
    assert response.status_code == 302
    from comptoir.mediation.models import MediationOffer

    offer = MediationOffer.objects.get(place=place)
    assert offer.services == ["Aide aux démarches administratives"] and offer.retention_months == 12


def test_report_page_with_a_mediator_filter(mediator_client, place, mediator):
    AccompanimentFactory(place=place, mediator=mediator)
    today = timezone.localdate()
    response = mediator_client.get(url(place, "report") + f"?start={today}&end={today}&mediator={mediator.pk}")
    assert response.status_code == 200 and 'id="table-theme"' in response.content.decode()
    response = mediator_client.get(url(place, "report") + "?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 200


def test_public_pages_only_where_the_place_runs_mediation(client):
    place = PlaceFactory(services=["coworking"])
    session = SessionFactory(workshop__place=place)
    assert client.get(url(place, "help")).status_code == 404
    assert client.get(url(place, "register", session_id=session.pk)).status_code == 404
    assert client.get(f"/api/v1/places/{place.slug}/workshop-sessions").status_code == 404


def test_delete_a_mistaken_accompaniment(mediator_client, place):
    mine = AccompanimentFactory(place=place)
    elsewhere = AccompanimentFactory()
    assert mediator_client.post(url(place, "accompaniment_delete", accompaniment_id=elsewhere.pk)).status_code == 404
    assert mediator_client.post(url(place, "accompaniment_delete", accompaniment_id=mine.pk)).status_code == 302
    assert list(Accompaniment.objects.all()) == [elsewhere]
    assert AuditEntry.objects.filter(action="mediation.accompaniment.deleted").count() == 1


def test_desk_registration_of_a_known_person(mediator_client, place):
    b = BeneficiaryFactory(place=place, gender="feminin", social_status="retraite")
    session = SessionFactory(workshop__place=place)
    page = url(place, "session", session_id=session.pk)
    response = mediator_client.post(page, {"beneficiary": str(b.pk), "first_name": "Josette", "phone": "0612345678"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.beneficiary == b and registration.gender == "feminin"


def test_search_with_a_nul_character(mediator_client, place):
    BeneficiaryFactory(place=place, first_name="Ana")
    response = mediator_client.get(url(place, "beneficiaries") + "?q=A%00na")
    assert response.status_code == 200 and "Ana" in response.content.decode()


def test_date_inputs_use_the_iso_format(mediator_client, place):
    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in mediator_client.get(url(place, "report")).content.decode()
    assert f'value="{today}"' in mediator_client.get(url(place, "quick_entry")).content.decode()


def test_voucher_for_a_workshop_registration(mediator_client, place):
    BookletFactory(place=place, funder="CCAS", validity_year=timezone.localdate().year)
    registration = RegistrationFactory(session__workshop__place=place, session__workshop__pass_numerique_accepted=True)
    page = url(place, "vouchers")
    assert mediator_client.get(f"{page}?registration={registration.pk}").status_code == 200
    assert mediator_client.get(f"{page}?registration={RegistrationFactory().pk}").status_code == 404
    data = {
        "v-code": "P1",
        "v-funder": "CCAS",
        "v-validity_year": str(timezone.localdate().year),
        "v-received_on": timezone.localdate().isoformat(),
        "v-registration": str(registration.pk),
    }
    assert mediator_client.post(page, data).status_code == 302
    assert Voucher.objects.get().registration == registration
    session_page = mediator_client.get(url(place, "session", session_id=registration.session_id)).content.decode()
    assert f"?registration={registration.pk}" in session_page
