"""Helpers of the browser tests: axe-core checks and translated texts."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.utils import translation

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class PageWatch:
    """What happened in a page: navigations, axe checks, JavaScript errors, server errors."""

    navigated: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _violation_lines(page, response: dict) -> list[str]:
    lines = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"{page.url}\t{violation['id']}\t{violation.get('impact')}\t{target}\t{violation['help']}")
    return lines


def assert_accessible(page) -> None:
    """axe-core finds no violation on the page as it is now (default rules, best practices included)."""
    page.wait_for_load_state("load")
    results = _axe().run(page)
    watch = getattr(page, "comptoir_watch", None)
    if watch is not None:
        watch.checked.add(page.url)
    if results.violations_count == 0:
        return
    lines = _violation_lines(page, results.response)
    report_path = os.environ.get("COMPTOIR_AXE_REPORT")
    if report_path:
        with open(report_path, "a", encoding="utf-8") as report_file:
            report_file.write("\n".join(lines) + "\n")
    report = f"axe: {results.violations_count} violation(s) on {page.url}\n" + results.generate_report()
    print(report)  # noqa: T201 - shown by pytest with the failure
    if watch is not None and os.environ.get("COMPTOIR_AXE_SOFT") == "1":
        watch.violations.append(report)
        return
    pytest.fail(report, pytrace=False)


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def tr(page, message: str) -> str:
    """``message`` as the page's language shows it (the test and the live server share the catalogs)."""
    with translation.override(html_lang(page) or "fr"):
        return translation.gettext(message)


def exact(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def log_in(page, *, email: str, password: str, next_url: str) -> None:
    """Log in through the login form (checked with axe), then follow ``next_url``."""
    page.goto(f"/compte/connexion/?next={quote(next_url, safe='/')}")
    assert_accessible(page)
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
