import pytest

from comptoir.billing.tests.factories import ProductFactory


@pytest.fixture
def product(place, scop):
    return ProductFactory(place=place, entity=scop, unit_price="15.00", vat_rate="20")
