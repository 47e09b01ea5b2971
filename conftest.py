"""Shared test fixtures, for comptoir/*/tests/ and tests/ alike.

Factories live in comptoir/<app>/tests/factories.py; the fixtures below are the everyday cast built on them:
a ``place``, its legal ``entity`` (or ``scop``, with the mentions an invoice prints), and people of the place
(``member``, ``host``, ``admin``, ``mediator``). A module or test that needs a place with other fields says so
with a marker instead of a fixture of its own::

    pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-a")]

A fixture that differs on purpose stays local and has a name that says how (``booth``, ``mediation_offer``,
``place_and_admin``...).
"""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

# In CI, property tests replay a fixed set of examples (derandomize) so that a run is
# reproducible and never red by chance; on a developer's machine they explore at random.
hypothesis_settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "place(**fields): PlaceFactory fields of the shared `place` fixture (slug, services, email...)"
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing with the real hasher makes every user creation cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language (French): a request through the locale middleware
    leaves its language active in the thread, which would make the next test's messages English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Messages leave through the task queue: in tests it runs each task once its transaction commits, in the
    # test's thread (comptoir/tasks/tests/test_queue.py runs the real database backend and its worker).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded photos and stored invoice PDFs go to a per-test folder (never to var/media); the folder.

    A subfolder, so that billing's private files (stored beside MEDIA_ROOT) stay in the test's folder too.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- the everyday cast ------------------------------------------------------------------------------


@pytest.fixture
def place(db, request):
    """A place as PlaceFactory makes it; ``@pytest.mark.place(**fields)`` on the test or module sets fields."""
    marker = request.node.get_closest_marker("place")
    return PlaceFactory(**(marker.kwargs if marker else {}))


@pytest.fixture
def entity(place):
    """The place's legal entity as LegalEntityFactory makes it (a cooperative, primary)."""
    return LegalEntityFactory(place=place)


@pytest.fixture
def scop(place):
    """The place's cooperative with the legal mentions an invoice prints (share capital, registry)."""
    return LegalEntityFactory(place=place, share_capital="15000.00", registry="RCS Saint-Étienne 552 081 317")


def _person_of_the_place(name: str, role: str):
    def person(place):
        return member_of(place, role)

    person.__doc__ = f"An active member of the ``place`` with the {role} role."
    return pytest.fixture(person, name=name)


member = _person_of_the_place("member", Role.COWORKER)
host = _person_of_the_place("host", Role.HOST)
admin = _person_of_the_place("admin", Role.ADMIN)
mediator = _person_of_the_place("mediator", Role.MEDIATOR)
