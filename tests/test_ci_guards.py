"""Guards that make CI fail instead of passing quietly on the wrong database or without a browser."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_runs_on_the_expected_database():
    expected = os.environ.get("COMPTOIR_EXPECT_DB", "").strip()
    connection.ensure_connection()
    if not expected:
        assert connection.vendor in {"sqlite", "postgresql"}
        return
    assert connection.vendor == expected, (
        f"COMPTOIR_EXPECT_DB={expected} but the tests run on {connection.vendor} "
        f"(DATABASE_URL={'set' if os.environ.get('DATABASE_URL') else 'unset'})"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_missing_chromium_fails_when_the_browser_is_required(chromium_lookup, monkeypatch):
    monkeypatch.setenv("COMPTOIR_REQUIRE_BROWSER", "1")
    monkeypatch.setenv("COMPTOIR_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match="COMPTOIR_REQUIRE_BROWSER=1"):
        chromium_lookup()


def test_missing_chromium_skips_otherwise(chromium_lookup, monkeypatch):
    monkeypatch.delenv("COMPTOIR_REQUIRE_BROWSER", raising=False)
    monkeypatch.setenv("COMPTOIR_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.skip.Exception):
        chromium_lookup()


def test_missing_chromium_on_path_is_not_found(chromium_lookup, monkeypatch):
    monkeypatch.delenv("COMPTOIR_CHROMIUM", raising=False)
    monkeypatch.setenv("COMPTOIR_REQUIRE_BROWSER", "1")
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("os.path.isfile", lambda path: False)
    monkeypatch.setattr("pathlib.Path.is_file", lambda self: False)
    with pytest.raises(pytest.fail.Exception):
        chromium_lookup()


def test_no_event_loop_left_running_by_the_browser_tests():
    """Playwright's sync API runs an asyncio loop: it must be stopped before the other tests run."""
    import asyncio

    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
