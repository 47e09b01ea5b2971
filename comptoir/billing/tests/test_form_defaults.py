"""Billing forms preselect what is sensible: the legal entity when there is one (or a primary one), the
current financial year for the FEC, so that the export is sent as it comes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.billing.forms import CloseForm, FecForm, ProductForm
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.models import LegalEntity
from comptoir.places.selectors import legal_entity_default
from comptoir.places.tests.factories import LegalEntityFactory, association_of

pytestmark = pytest.mark.django_db


def test_the_default_entity_is_the_only_one_or_the_primary_one(place):
    def entities():
        return LegalEntity.objects.filter(place=place)

    assert legal_entity_default(entities=entities()) is None
    association = association_of(place)
    assert legal_entity_default(entities=entities()) == association
    scop = LegalEntityFactory(place=place)
    assert legal_entity_default(entities=entities()) == scop
    scop.is_primary = False
    scop.save()
    assert legal_entity_default(entities=entities()) is None  # two, none primary: the person chooses


@pytest.mark.parametrize("form_class", [FecForm, CloseForm, ProductForm])
def test_entity_fields_preselect_the_primary_entity(place, scop, form_class):
    association_of(place)
    form = form_class(entities=LegalEntity.objects.filter(place=place))
    assert form["entity"].value() == scop.pk
    assert f'<option value="{scop.pk}" selected>' in str(form["entity"])


def test_fec_export_is_sent_as_the_page_proposes_it(client, place, scop):
    board = member_of(place, "board")
    assert client.login(email=board.email, password=PASSWORD)
    url = reverse("billing:accounting", kwargs={"place_slug": place.slug})
    form = client.get(url).context["fec_form"]
    year = timezone.localdate().year
    assert form["start"].value() == dt.date(year, 1, 1) and form["end"].value() == dt.date(year, 12, 31)
    # What the browser sends when the button is pressed without changing anything.
    proposed = {"entity": form["entity"].value(), "start": f"{year}-01-01", "end": f"{year}-12-31", "export": "fec"}
    response = client.get(url, proposed)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="552081317FEC{year}1231.txt"'
