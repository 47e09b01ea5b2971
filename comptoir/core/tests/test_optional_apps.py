"""The project works with an optional service app removed: the booking engine, its pages, SpaceAPI and
billing do not need coworking nor mediation.

INSTALLED_APPS cannot change inside a running process, so each case runs a handful of tests in a child
pytest under ``settings_without_apps`` (``COMPTOIR_WITHOUT=<app>``), on the same database engine.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TESTS = [
    "comptoir/core/tests/without_optional_apps.py",
    "comptoir/spaces/tests/test_bookings.py::test_member_books_a_free_slot_and_is_charged_once",
    "comptoir/spaces/tests/test_views.py::test_member_searches_and_books_from_the_picker",
    "comptoir/spaces/tests/test_views.py::test_staff_week_view_and_actions",
    "comptoir/spaces/tests/test_billing_bridge.py::test_a_booking_becomes_one_charge_and_its_ledger_is_stamped",
    "comptoir/spaces/tests/test_resource_kinds.py::test_a_machine_refuses_who_has_no_habilitation",
]


@pytest.mark.parametrize("app", ["coworking", "mediation"])
def test_the_project_works_without(app):
    env = {**os.environ, "COMPTOIR_WITHOUT": app}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "pytest", "-q", "--ds=comptoir.core.tests.settings_without_apps", *TESTS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    counts = dict((word, int(n)) for n, word in re.findall(r"(\d+) (passed|skipped)", result.stdout))
    assert sum(counts.values()) == len(TESTS) - 1 + 4, result.stdout[-1000:]  # the checks file holds four
