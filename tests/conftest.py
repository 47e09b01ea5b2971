"""Fixtures and guards shared by the cross-app tests in tests/.

Two environment variables let CI turn silent skips into failures:

* ``COMPTOIR_REQUIRE_BROWSER=1``: a missing Chromium fails the browser tests instead of skipping them,
  a skipped browser test counts as failed, and a run that executes no browser test fails.
* ``COMPTOIR_EXPECT_DB=sqlite|postgresql``: the database vendor the run must be on
  (checked by tests/test_ci_guards.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")


def browser_required() -> bool:
    return os.environ.get("COMPTOIR_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def find_chromium() -> str | None:
    """Debian's Chromium (never a browser downloaded by Playwright); COMPTOIR_CHROMIUM overrides the path."""
    override = os.environ.get("COMPTOIR_CHROMIUM", "").strip()
    if override:
        return override if Path(override).is_file() and os.access(override, os.X_OK) else None
    found = shutil.which("chromium")
    if found:
        return found
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def chromium_or_skip() -> str:
    """The Chromium executable, or a skip; a failure when COMPTOIR_REQUIRE_BROWSER=1."""
    path = find_chromium()
    if path:
        return path
    reason = "Chromium is not installed (Debian package `chromium`)"
    if browser_required():
        pytest.fail(f"{reason} and COMPTOIR_REQUIRE_BROWSER=1: browser tests must run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    return chromium_or_skip()


@pytest.fixture
def chromium_lookup():
    """The lookup itself, for the guard tests that check it fails instead of skipping."""
    return chromium_or_skip


# --- in CI, a browser test that does not run is a failure ------------------------------------------

_browser_outcomes = {"passed": 0, "collected": 0}


def pytest_collection_modifyitems(session, config, items):
    _browser_outcomes["collected"] = sum(1 for item in items if item.get_closest_marker("browser"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not item.get_closest_marker("browser") or hasattr(report, "wasxfail"):
        return
    if report.skipped and browser_required():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped while COMPTOIR_REQUIRE_BROWSER=1: {reason}"
    elif report.when == "call" and report.passed:
        _browser_outcomes["passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    if browser_required() and exitstatus == pytest.ExitCode.OK and not _browser_outcomes["passed"]:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if browser_required():
        if not _browser_outcomes["passed"]:
            terminalreporter.write_line("FAILED: COMPTOIR_REQUIRE_BROWSER=1 but no browser test passed", red=True)
        terminalreporter.write_line(
            f"browser tests: {_browser_outcomes['passed']} passed of {_browser_outcomes['collected']} collected "
            "(COMPTOIR_REQUIRE_BROWSER=1)"
        )
