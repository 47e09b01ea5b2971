"""The membership fee form preselects the association when the place has one."""

import pytest

from comptoir.association.forms import FeeSchemeForm
from comptoir.places.models import LegalEntity
from comptoir.places.tests.factories import association_of

pytestmark = pytest.mark.django_db


def test_fee_scheme_form_preselects_the_only_association(place, scop):
    association = association_of(place)
    form = FeeSchemeForm(entities=LegalEntity.objects.filter(place=place, kind="association"))
    assert form["entity"].value() == association.pk
    assert f'<option value="{association.pk}" selected>' in str(form["entity"])
