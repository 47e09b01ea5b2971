import pytest

from comptoir.billing.tests.factories import ProductFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory


@pytest.fixture
def place(db):
    return PlaceFactory()


@pytest.fixture
def scop(place):
    return LegalEntityFactory(place=place, share_capital="15000.00", registry="RCS Saint-Étienne 552 081 317")


@pytest.fixture
def member(place):
    return member_of(place, "coworker")


@pytest.fixture
def host(place):
    return member_of(place, "host")


@pytest.fixture
def admin(place):
    return member_of(place, "admin")


@pytest.fixture
def product(place, scop):
    return ProductFactory(place=place, entity=scop, unit_price="15.00", vat_rate="20")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Stored invoice PDFs go to a per-test folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
