"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every page a test visits must pass axe-core: call ``assert_accessible(page)`` after each navigation.
The ``page`` fixture records the main frame's navigations and fails the test if one was not checked.

Environment:
* ``COMPTOIR_REQUIRE_BROWSER=1`` (CI): a missing Chromium fails instead of skipping.
* ``COMPTOIR_AXE_SOFT=1``: record axe violations and fail at the end of the test, not at the first page
  (to list every violation of a flow in one run).
* ``COMPTOIR_AXE_REPORT=/path/file.txt``: append each violation found (page, rule, impact, selectors) to that file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM_ARGS, PageWatch, assert_accessible

DEFAULT_TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """One Chromium per test module: Playwright's loop must not outlive the browser tests (see below)."""
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread: Django's ORM, used by the
    # test (factories, assertions) and by the database fixtures' teardown, must accept it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _static_root():
    # WhiteNoise warns at start-up when STATIC_ROOT does not exist yet (collectstatic is not run in tests).
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def live_url(_static_root, live_server, transactional_db):
    """The live server's base URL (the database is shared with the server thread)."""
    return live_server.url


@pytest.fixture
def new_page(browser, live_url, request):
    """Open pages in fresh browser contexts (separate cookies), French by default, as a visitor in France."""
    contexts = []
    watches = []

    def open_page(*, locale: str = "fr-FR", **context_options):
        context = browser.new_context(base_url=live_url, locale=locale, **context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch()
        page.comptoir_watch = watch
        watches.append(watch)
        page.on("framenavigated", lambda frame: frame == page.main_frame and watch.navigated.append(frame.url))
        page.on("pageerror", lambda error: watch.errors.append(f"JavaScript error: {error}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 500
                and watch.errors.append(f"HTTP {response.status} on {response.request.method} {response.url}")
            ),
        )
        return page

    yield open_page

    for context in contexts:
        context.close()
    if getattr(request.node, "rep_call_failed", False):
        return  # the failure itself says what went wrong
    problems = []
    for watch in watches:
        problems += watch.errors
        problems += watch.violations
        unchecked = [url for url in dict.fromkeys(watch.navigated) if url not in watch.checked and url != "about:blank"]
        problems += [f"page visited without an axe check: {url}" for url in unchecked]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call_failed = report.failed


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    return assert_accessible
