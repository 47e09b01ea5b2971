"""A French postal code is five digits of a real département range; the town must go with it."""

import pytest

from comptoir.core.errors import ServiceError
from comptoir.mediation import services
from comptoir.mediation.models import Beneficiary

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["abcde", "4200", "420000", "00100", "96000", "99000", "42 00a"])
def test_invalid_postal_codes_are_refused_with_a_clear_message(place, mediator, code):
    with pytest.raises(ServiceError) as refused:
        services.beneficiary_create(
            place=place, actor=mediator, first_name="Ana", consent=True, commune="Saint-Étienne", postal_code=code
        )
    assert refused.value.field == "postal_code"
    assert "5" in str(refused.value.message) or "five" in str(refused.value.message)
    assert not Beneficiary.objects.exists()


@pytest.mark.parametrize("code", ["42000", "42 000", "20000", "97400", "98000", "75001"])
def test_valid_postal_codes_are_kept_as_five_digits(place, mediator, code):
    person = services.beneficiary_create(
        place=place, actor=mediator, first_name="Ana", consent=True, commune="Une commune", postal_code=code
    )
    assert person.postal_code == code.replace(" ", "")


def test_the_town_must_be_consistent_with_the_postal_code(place, mediator):
    with pytest.raises(ServiceError) as refused:
        services.beneficiary_create(place=place, actor=mediator, first_name="Ana", consent=True, postal_code="42000")
    assert refused.value.field == "commune"
    with pytest.raises(ServiceError) as refused:
        services.beneficiary_create(
            place=place, actor=mediator, first_name="Ana", consent=True, commune="42000", postal_code="42000"
        )
    assert refused.value.field == "commune"
