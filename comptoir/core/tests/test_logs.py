"""Expected refusals (409) are not logged as warnings; other client errors still are."""

import logging

import pytest
from django.test import Client

from comptoir.core.logs import SkipExpectedRefusals


def record(name: str, status: int | None) -> logging.LogRecord:
    entry = logging.LogRecord(name, logging.WARNING, __file__, 1, "Conflict: /api/", None, None)
    if status is not None:
        entry.status_code = status
    return entry


def test_the_filter_drops_409_of_django_request_only():
    skip = SkipExpectedRefusals()
    assert skip.filter(record("django.request", 409)) is False
    assert skip.filter(record("django.request", 404)) is True
    assert skip.filter(record("django.request", 400)) is True
    assert skip.filter(record("comptoir.spaces", 409)) is True
    assert skip.filter(record("django.request", None)) is True


def test_the_console_handler_uses_it(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert [settings.LOGGING["filters"][name]["()"] for name in console["filters"]] == [
        "comptoir.core.logs.SkipExpectedRefusals",
        "comptoir.core.logs.OneLineClientErrors",
    ]


@pytest.mark.django_db
def test_a_404_is_still_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get("/api/v1/places/nowhere/resources")
    assert any(r.name == "django.request" and getattr(r, "status_code", None) in (401, 404) for r in caplog.records)
