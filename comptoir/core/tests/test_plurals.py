"""Counts agree with their words through ngettext / {% blocktranslate count %}, never "(s)"."""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def test_no_message_writes_a_plural_as_an_optional_s():
    # French and English sentences shown to people: templates and the French catalogues.
    optional_plural = re.compile(r"\w\((s|x|e|es)\)")
    found = [
        str(path.relative_to(ROOT))
        for pattern in ("*/templates/**/*.html", "*/locale/fr/LC_MESSAGES/django.po")
        for path in ROOT.glob(pattern)
        if optional_plural.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_one_person_present_is_singular_in_french():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n with seats=12 %}{{ counter }} person present for "
        "{{ seats }} seats.{% plural %}{{ counter }} people present for {{ seats }} seats.{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"n": 1})) == "1 personne présente pour 12 places."
        assert template.render(Context({"n": 3})) == "3 personnes présentes pour 12 places."
