import datetime as dt

import pytest
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import ServiceError
from comptoir.mediation import services
from comptoir.mediation.models import Accompaniment, Beneficiary
from comptoir.mediation.services import AccompanimentInput
from comptoir.mediation.stats import activity_report
from comptoir.mediation.tests.factories import AccompanimentFactory, BeneficiaryFactory, RegistrationFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_create_minimal_beneficiary(place, mediator):
    b = services.beneficiary_create(place=place, actor=mediator, first_name="  Josette ", consent=True, birth_year=1950)
    assert b.first_name == "Josette"
    assert b.consent_at is not None
    assert b.age_bracket in ("soixante_dix_plus",)
    entry = AuditEntry.objects.get(action="mediation.beneficiary.created")
    assert "Josette" not in str(entry.after)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"first_name": "", "consent": True}, "first_name"),
        ({"first_name": "Al", "consent": False}, "consent"),
        ({"first_name": "Al", "consent": True, "email": "nope"}, "email"),
        ({"first_name": "Al", "consent": True, "phone": "abc"}, "phone"),
        ({"first_name": "Al", "consent": True, "birth_year": 1800}, "birth_year"),
        ({"first_name": "Al", "consent": True, "gender": "x"}, "gender"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(place, mediator, data, field):
    with pytest.raises(ServiceError) as error:
        services.beneficiary_create(place=place, actor=mediator, **data)
    assert error.value.field == field
    assert not Beneficiary.objects.exists()


def test_reading_a_file_is_audited_and_place_scoped(place, mediator):
    b = BeneficiaryFactory(place=place)
    other = PlaceFactory()
    assert services.beneficiary_file_read(place=other, beneficiary_id=b.pk, actor=mediator) is None
    assert services.beneficiary_file_read(place=place, beneficiary_id=b.pk, actor=mediator) == b
    entry = AuditEntry.objects.get(action="mediation.beneficiary.viewed")
    assert entry.actor == mediator and entry.object_id == str(b.pk) and entry.place == place


def test_quick_entry_several_lines_named_and_anonymous(place, mediator):
    b = BeneficiaryFactory(place=place, gender="feminin", birth_year=1950, social_status="retraite", commune="Firminy")
    today = timezone.localdate()
    records = services.accompaniments_record(
        place=place,
        mediator=mediator,
        lines=[
            AccompanimentInput(beneficiary_id=b.pk, themes=["email"], duration_minutes=20),
            AccompanimentInput(type="demarche_administrative", themes=["argent_impots", "email"], gender="masculin"),
            AccompanimentInput(themes=["sante"], referral_structure="aide_sociale", equipment=["aucun", "tablette"]),
        ],
    )
    assert len(records) == 3
    first = records[0]
    assert first.is_first_visit and first.gender == "feminin" and first.age_bracket != "non_communique"
    assert first.commune == "Firminy"
    assert records[1].themes == ["email", "argent_impots"]  # vocabulary order
    assert records[2].referred and records[2].equipment == ["aucun"]
    b.refresh_from_db()
    assert b.first_visit == today and b.last_visit == today
    again = services.accompaniments_record(
        place=place, mediator=mediator, lines=[AccompanimentInput(beneficiary_id=b.pk, themes=["email"])]
    )
    assert not again[0].is_first_visit


def test_quick_entry_is_all_or_nothing(place, mediator):
    with pytest.raises(ServiceError):
        services.accompaniments_record(
            place=place,
            mediator=mediator,
            lines=[AccompanimentInput(themes=["email"]), AccompanimentInput(themes=[])],
        )
    assert not Accompaniment.objects.exists()


@pytest.mark.parametrize(
    "line",
    [
        AccompanimentInput(themes=["pas_un_theme"]),
        AccompanimentInput(themes=["email"], type="collectif"),
        AccompanimentInput(themes=["email"], duration_minutes=0),
        AccompanimentInput(themes=["email"], duration_minutes="abc"),
        AccompanimentInput(themes=["email"], autonomy="x"),
    ],
)
def test_quick_entry_refusals(place, mediator, line):
    with pytest.raises(ServiceError):
        services.accompaniments_record(place=place, mediator=mediator, lines=[line])
    assert not Accompaniment.objects.exists()


def test_beneficiary_of_another_place_is_refused(place, mediator):
    stranger = BeneficiaryFactory(place=PlaceFactory())
    with pytest.raises(ServiceError):
        services.accompaniments_record(
            place=place, mediator=mediator, lines=[AccompanimentInput(beneficiary_id=stranger.pk, themes=["email"])]
        )


def test_future_date_refused(place, mediator):
    with pytest.raises(ServiceError):
        services.accompaniments_record(
            place=place,
            mediator=mediator,
            day=timezone.localdate() + dt.timedelta(days=2),
            lines=[AccompanimentInput(themes=["email"])],
        )


def test_export_and_erasure_keep_anonymous_statistics(place, mediator):
    b = services.beneficiary_create(
        place=place,
        actor=mediator,
        first_name="Marcel",
        consent=True,
        email="marcel@example.org",
        gender="masculin",
        social_status="retraite",
        commune="Roanne",
    )
    services.accompaniments_record(
        place=place, mediator=mediator, lines=[AccompanimentInput(beneficiary_id=b.pk, themes=["email"])]
    )
    registration = RegistrationFactory(session__workshop__place=place, beneficiary=b, first_name="Marcel")
    data = services.beneficiary_export(beneficiary=b, actor=mediator)
    assert data["first_name"] == "Marcel" and len(data["accompaniments"]) == 1 and len(data["registrations"]) == 1
    today = timezone.localdate()
    before = activity_report(place=place, start=today, end=today)
    services.beneficiary_erase(beneficiary=b, actor=mediator)
    b.refresh_from_db()
    registration.refresh_from_db()
    assert b.first_name == "" and b.email == "" and b.anonymised_at is not None
    assert registration.first_name == "" and registration.email == ""
    after = activity_report(place=place, start=today, end=today)
    assert after.accompaniments == before.accompaniments == 1
    assert after.by_gender["masculin"] == 1 and after.by_commune["Roanne"] == 1
    assert after.unique_beneficiaries == 1
    assert AuditEntry.objects.filter(action="mediation.beneficiary.erased").count() == 1
    with pytest.raises(ServiceError):
        services.beneficiary_erase(beneficiary=b, actor=mediator)


def test_retention_anonymises_only_stale_beneficiaries(place, mediator):
    services.offer_update(place=place, actor=mediator, retention_months=12)
    now = timezone.now()
    today = timezone.localdate()
    stale = BeneficiaryFactory(place=place, last_visit=today - dt.timedelta(days=400), email="a@example.org")
    fresh = BeneficiaryFactory(place=place, last_visit=today - dt.timedelta(days=100))
    other_place = BeneficiaryFactory(last_visit=today - dt.timedelta(days=800))
    AccompanimentFactory(place=place, beneficiary=stale, date=today - dt.timedelta(days=400), gender="feminin")
    old_registration = RegistrationFactory(
        session__workshop__place=place,
        session__starts_at=now - dt.timedelta(days=500),
        session__ends_at=now - dt.timedelta(days=500) + dt.timedelta(hours=2),
    )
    result = services.retention_apply(place=place, now=now)
    assert result["beneficiaries"] == 1 and result["registrations"] == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    other_place.refresh_from_db()
    old_registration.refresh_from_db()  # noqa: E702
    assert stale.anonymised_at and stale.email == "" and stale.first_name == ""
    assert fresh.anonymised_at is None and other_place.anonymised_at is None
    assert old_registration.first_name == ""
    assert Accompaniment.objects.get(beneficiary=stale).gender == "feminin"
    assert services.retention_apply(place=place, now=now)["beneficiaries"] == 0


def test_quick_entry_creates_a_new_named_person_with_consent(place, mediator):
    with pytest.raises(ServiceError) as error:
        services.accompaniments_record(
            place=place, mediator=mediator, lines=[AccompanimentInput(themes=["email"], new_first_name="Léa")]
        )
    assert error.value.field == "new_consent" and not Beneficiary.objects.exists()
    [record] = services.accompaniments_record(
        place=place,
        mediator=mediator,
        lines=[AccompanimentInput(themes=["email"], new_first_name=" Léa ", new_consent=True, gender="feminin")],
    )
    lea = Beneficiary.objects.get()
    assert lea.first_name == "Léa" and lea.consent_at and lea.first_visit == record.date
    assert record.beneficiary == lea and record.is_first_visit and record.gender == "feminin"


def test_an_erased_person_cannot_be_chosen_again(place, mediator):
    b = BeneficiaryFactory(place=place)
    services.beneficiary_erase(beneficiary=b, actor=mediator)
    with pytest.raises(ServiceError):
        services.accompaniments_record(
            place=place, mediator=mediator, lines=[AccompanimentInput(beneficiary_id=b.pk, themes=["email"])]
        )


def test_the_audit_log_never_keeps_a_name(place, mediator):
    b = services.beneficiary_create(
        place=place,
        actor=mediator,
        first_name="Zéphirine",
        consent=True,
        email="zephirine@example.org",
        phone="0612345678",
    )
    services.beneficiary_update(beneficiary=b, actor=mediator, first_name="Zéphirine", consent=True, commune="Roanne")
    services.beneficiary_file_read(place=place, beneficiary_id=b.pk, actor=mediator)
    services.beneficiary_export(beneficiary=b, actor=mediator)
    services.accompaniments_record(
        place=place,
        mediator=mediator,
        lines=[AccompanimentInput(themes=["email"], new_first_name="Zéphyr", new_consent=True)],
    )
    services.beneficiary_erase(beneficiary=b, actor=mediator)
    for entry in AuditEntry.objects.all():
        text = f"{entry.object_repr} {entry.before} {entry.after}"
        assert "Zéph" not in text and "@" not in text and "0612" not in text


def test_erasure_also_blanks_unlinked_registrations_with_the_same_contact(place, mediator):
    b = BeneficiaryFactory(place=place, email="marcel@example.org", phone="0612345678")
    by_email = RegistrationFactory(session__workshop__place=place, email="MARCEL@example.org", phone="")
    by_phone = RegistrationFactory(session__workshop__place=place, email="", phone="0612345678")
    other = RegistrationFactory(session__workshop__place=place, email="autre@example.org")
    services.beneficiary_erase(beneficiary=b, actor=mediator)
    for r in (by_email, by_phone, other):
        r.refresh_from_db()
    assert by_email.email == "" and by_phone.phone == "" and other.email == "autre@example.org"
