"""Optional demographic fields left alone record "not given": nothing is counted that nobody said."""

import pytest
from django.urls import reverse

from comptoir.mediation import stats
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import Accompaniment, Beneficiary
from comptoir.mediation.tests.browser_form import submitted_values

pytestmark = pytest.mark.django_db


def url(place, name):
    return reverse(f"mediation:{name}", kwargs={"place_slug": place.slug})


def test_anonymous_quick_entry_line_left_alone_counts_nobody_said_anything(client, place, mediator):
    client.force_login(mediator)
    page = client.get(url(place, "quick_entry"))
    data = submitted_values(page.content, "quick-entry")
    data["l0-themes"] = [v.Theme.EMAIL]  # the only thing the mediator ticks; "more details" stays closed
    assert client.post(url(place, "quick_entry"), data).status_code == 302

    line = Accompaniment.objects.get()
    assert (line.gender, line.age_bracket, line.social_status) == ("non_communique",) * 3
    today = line.date
    report = stats.activity_report(place=place, start=today, end=today)
    assert report.by_gender == {"non_communique": 1} and report.by_age == {"non_communique": 1}
    row = stats.cra_rows(place=place, start=today, end=today)[0]
    assert row["genres_non_communique"] == 1 and row["genres_masculin"] == 0
    assert row["tranches_age_non_communique"] == 1 and row["tranches_age_moins_de_douze"] == 0


def test_new_person_form_left_alone_records_not_given(client, place, mediator):
    client.force_login(mediator)
    page = client.get(url(place, "beneficiary_new"))
    data = submitted_values(page.content, "beneficiary-form")
    data.update(first_name=["Josiane"], consent=["on"])
    assert client.post(url(place, "beneficiary_new"), data).status_code == 302

    person = Beneficiary.objects.get()
    assert (person.gender, person.age_bracket, person.social_status) == ("non_communique",) * 3
