import json
import re
from pathlib import Path

import pytest

from comptoir.mediation import vocabularies as v

SCHEMA = Path(__file__).resolve().parents[3] / ".." / "shared" / "standards" / "mediation-num" / "schema.json"


def _pattern_values(pattern: str) -> list[str]:
    # "(?:(?:^|\|)(A|B\(x\)|C))+$" -> ["A", "B(x)", "C"]
    inner = pattern[len(r"(?:(?:^|\|)(") : -len("))+$")]
    return [re.sub(r"\\(.)", r"\1", value) for value in re.split(r"(?<!\\)\|", inner)]


@pytest.mark.parametrize("column", sorted(v.STANDARD_VOCABULARIES))
def test_standard_vocabularies_are_the_schema_ones(column):
    fields = {f["name"]: f for f in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]}
    assert _pattern_values(fields[column]["constraints"]["pattern"]) == v.STANDARD_VOCABULARIES[column]


def test_every_standard_value_matches_its_schema_pattern():
    fields = {f["name"]: f for f in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]}
    for column, values in v.STANDARD_VOCABULARIES.items():
        pattern = re.compile(fields[column]["constraints"]["pattern"])
        assert pattern.search("|".join(values)), column
        for value in values:
            assert pattern.search(value), value


def test_cra_vocabularies():
    assert len(v.Theme.values) == 30
    assert v.AgeBracket.values[-1] == "non_communique"
    assert set(v.ReferralStructure.values) >= {"administration", "aide_sociale", "autre"}


@pytest.mark.parametrize(
    ("birth_year", "year", "bracket"),
    [
        (2020, 2026, "moins_de_douze"),
        (2014, 2026, "douze_dix_huit"),
        (2008, 2026, "dix_huit_vingt_quatre"),
        (2001, 2026, "vingt_cinq_trente_neuf"),
        (1986, 2026, "quarante_cinquante_neuf"),
        (1966, 2026, "soixante_soixante_neuf"),
        (1956, 2026, "soixante_dix_plus"),
        (None, 2026, "non_communique"),
        (2030, 2026, "non_communique"),
    ],
)
def test_age_bracket_for(birth_year, year, bracket):
    assert v.age_bracket_for(birth_year=birth_year, year=year) == bracket
