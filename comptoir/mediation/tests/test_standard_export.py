import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import Resource, Schema

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.mediation import services
from comptoir.mediation import vocabularies as v
from comptoir.mediation.standard_export import COLUMNS, international_phone, standard_csv, standard_json
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

STANDARD = Path(__file__).resolve().parents[3] / ".." / "shared" / "standards" / "mediation-num"
SCHEMA = STANDARD / "schema.json"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.place(
        name="Au Comptoir",
        phone="04 77 00 00 00",
        email="bonjour@example.org",
        website="https://example.org/",
        latitude=Decimal("45.439695"),
        longitude=Decimal("4.387178"),
        opening_hours="Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
        summary="Un tiers-lieu où l'on apprend le numérique.",
    ),
]


def _schema() -> Schema:
    return Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _validate(directory: Path, name: str):
    report = Resource(path=name, basepath=str(directory), schema=_schema()).validate()
    return report


@pytest.fixture
def mediation_offer(place):
    """The place's legal entity and its mediation offer, filled in as the national standard lists them."""
    LegalEntityFactory(place=place, siret="55208131766522")
    admin = member_of(place, Role.ADMIN)
    services.offer_update(
        place=place,
        actor=admin,
        services=v.STANDARD_SERVICES[:3],
        publics_specifiquement_adresses=["Seniors"],
        prise_en_charge_specifique=["Surdité", "Langues étrangères (anglais)"],
        frais_a_charge=["Gratuit"],
        dispositif_programmes_nationaux=["Conseillers numériques", "Point d'accès numérique CAF"],
        formations_labels=["Étapes numériques(La Poste)"],
        modalites_acces=["Se présenter", "Ce lieu n'accueille pas de public"],
        modalites_accompagnement=v.STANDARD_SUPPORT_MODES,
        itinerance=["Fixe"],
        typologie="TIERS_LIEUX|ASSO",
        code_insee="42218",
        territory="Loire",
        prise_rdv="https://rdv.example.org/",
    )


def test_standard_example_parses_with_the_same_reader():
    report = _validate(STANDARD, "exemple-valide.csv")
    assert report.valid, report.flatten(["type", "message"])


def test_export_csv_is_valid_against_the_schema(place, mediation_offer, tmp_path):
    filename, text = standard_csv(place=place)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_55208131766522_lieux-de-mediation-numerique_Loire\.csv", filename)
    (tmp_path / filename).write_text(text, encoding="utf-8")
    report = _validate(tmp_path, filename)
    assert report.valid, report.flatten(["type", "message"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == COLUMNS and len(COLUMNS) == 32
    assert [f["name"] for f in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]] == COLUMNS
    row = rows[0]
    assert row["telephone"] == "+33477000000"
    assert row["services"] == "|".join(v.STANDARD_SERVICES[:3])
    assert row["modalites_acces"] == "Se présenter|Ce lieu n'accueille pas de public"
    assert row["pivot"] == "55208131766522"


def test_export_json_has_the_same_columns(place, mediation_offer):
    data = standard_json(place=place)
    assert list(data[0]) == COLUMNS
    assert data[0]["latitude"] == pytest.approx(45.439695)


def test_export_refuses_an_incomplete_place():
    place = PlaceFactory(postal_code="")
    with pytest.raises(ServiceError) as error:
        standard_csv(place=place)
    assert error.value.code == "incomplete"


def test_offer_update_refuses_values_outside_the_standard(place, mediation_offer):
    admin = member_of(place, Role.ADMIN)
    with pytest.raises(ServiceError) as error:
        services.offer_update(place=place, actor=admin, formations_labels=["Étapes numériques (La Poste)"])
    assert error.value.field == "formations_labels"
    with pytest.raises(ServiceError):
        services.offer_update(place=place, actor=admin, modalites_acces=["Ce lieu n’accueille pas de public"])
    with pytest.raises(ServiceError):
        services.offer_update(place=place, actor=admin, code_insee="ABCDE")
    with pytest.raises(ServiceError):
        services.offer_update(place=place, actor=admin, retention_months=0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("04 77 00 00 00", "+33477000000"), ("+33 6 12 34 56 78", "+33612345678"), ("12", ""), ("", "")],
)
def test_international_phone(raw, expected):
    assert international_phone(raw) == expected


def test_export_json_is_valid_against_the_schema(place, mediation_offer):
    row = standard_json(place=place)[0]
    table = [COLUMNS, [row[c] for c in COLUMNS]]
    report = Resource(data=table, schema=_schema()).validate()
    assert report.valid, report.flatten(["type", "message"])
