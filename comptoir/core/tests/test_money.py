"""Amounts are written the way the reader's language writes them, through one function and one filter."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from comptoir.core.money import format_money

ROOT = Path(__file__).resolve().parents[2]  # the comptoir package
NBSP = "\u00a0"
NNBSP = "\u202f"


def plain(text: str) -> str:
    """``text`` with the no-break spaces CLDR puts in amounts made ordinary spaces (for readable asserts)."""
    return text.replace(NBSP, " ").replace(NNBSP, " ")


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("fr", Decimal("5"), "5,00 €"),
        ("fr", Decimal("1234.5"), "1 234,50 €"),
        ("fr", "0.1", "0,10 €"),
        ("fr", Decimal("-12.30"), "-12,30 €"),
        ("en", Decimal("5"), "€5.00"),
        ("en", Decimal("1234.5"), "€1,234.50"),
    ],
)
def test_format_money_in_the_active_language(language, amount, expected):
    with translation.override(language):
        assert plain(format_money(amount)) == expected


def test_format_money_keeps_the_spaces_unbreakable():
    with translation.override("fr"):
        assert format_money(Decimal("1234.5")) == f"1{NNBSP}234,50{NBSP}€"


def test_format_money_takes_an_explicit_language_and_floats_without_noise():
    with translation.override("en"):
        assert plain(format_money(Decimal("5"), language="fr")) == "5,00 €"
        assert format_money(0.1 + 0.2) == "€0.30"


def test_money_filter():
    template = Template("{% load money %}[{{ a|money }}] [{{ none|money }}]")
    with translation.override("fr"):
        assert plain(template.render(Context({"a": Decimal("5"), "none": None}))) == "[5,00 €] []"
    with translation.override("en"):
        assert template.render(Context({"a": Decimal("5"), "none": None})) == "[€5.00] []"


# What writes a euro sign beside a number by concatenation: "{{ amount }} €" in templates, "%s €",
# "%(amount)s €", "{amount} €" in Python and in the translations. The rule: amount|money / format_money.
TEMPLATE_CONCATENATION = re.compile(r"}}\s*(&nbsp;|&#8239;)?\s*€|€\s*{{")
PYTHON_CONCATENATION = re.compile(r"%(\(\w+\))?[sdf]\s*€|}\s*€|€\s*[{%]")


def _offenders(paths, pattern):
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def test_no_template_writes_an_amount_and_a_euro_sign_side_by_side():
    templates = [p for p in ROOT.glob("*/templates/**/*") if p.suffix in {".html", ".txt"}]
    assert templates
    assert _offenders(templates, TEMPLATE_CONCATENATION) == []


def test_no_python_string_nor_translation_writes_an_amount_and_a_euro_sign_side_by_side():
    sources = [
        p for p in ROOT.glob("**/*.py") if "tests" not in p.parts and "migrations" not in p.parts
    ] + sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))
    assert _offenders(sources, PYTHON_CONCATENATION) == []


def test_the_guards_catch_what_they_are_meant_to():
    for line in ["{{ amount }} €", "{{ amount|floatformat:2 }}&nbsp;€", "€ {{ amount }}"]:
        assert TEMPLATE_CONCATENATION.search(line), line
    for line in ['_("%(amount)s € left")', 'f"{amount} €"', '"%s €" % x', 'msgstr "Total : %(total)s €"']:
        assert PYTHON_CONCATENATION.search(line), line
    for line in ["{{ amount|money }}", 'label=_("Amount (€)")', "# 25.00 € a line", "{{ total }}"]:
        assert not TEMPLATE_CONCATENATION.search(line) and not PYTHON_CONCATENATION.search(line), line
