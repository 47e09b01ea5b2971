"""The availability form's weekday labels ("Lundi") must not replace Django's weekday names, which every
date written mid-sentence uses ("lundi 7 décembre"): they are translated in their own context."""

import datetime as dt

from django.utils import formats, translation

from comptoir.mediation.models import AvailabilityRule


def test_dates_mid_sentence_keep_a_lowercase_weekday_in_french():
    with translation.override("fr"):
        assert formats.date_format(dt.date(2026, 12, 7), "l j F") == "lundi 7 décembre"
        assert str(AvailabilityRule.Weekday.MONDAY.label) == "Lundi"
    with translation.override("en"):
        assert formats.date_format(dt.date(2026, 12, 7), "l j F") == "Monday 7 December"
