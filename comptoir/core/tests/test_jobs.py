from io import StringIO

import pytest
from django.core.management import call_command

from comptoir.core.registry import scheduled_commands
from comptoir.demo.loader import load_demo


def test_every_app_job_is_listed_once():
    assert sorted(scheduled_commands("hourly")) == ["deliveries_resume", "mediation_reminders"]
    assert sorted(scheduled_commands("daily")) == sorted(
        ["mediation_retention", "association_reminders", "coworking_renew", "billing_overdue_reminders",
         "deliveries_prune"]
    )
    out = StringIO()
    call_command("comptoir_jobs", "daily", "--list", stdout=out)
    assert sorted(out.getvalue().split()) == sorted(scheduled_commands("daily"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("frequency", ["hourly", "daily"])
def test_the_jobs_run_on_the_demo_place_and_again(frequency):
    load_demo()
    for _run in range(2):  # idempotent: a second run finds nothing left to do and does not fail
        out = StringIO()
        call_command("comptoir_jobs", frequency, stdout=out, stderr=StringIO())
        assert all(f"== {name}" in out.getvalue() for name in scheduled_commands(frequency))


@pytest.mark.django_db
def test_one_failing_job_does_not_stop_the_others(monkeypatch):
    from django.core.management.base import CommandError

    from comptoir.core.management.commands import comptoir_jobs

    ran = []

    def fake_call_command(name, **kwargs):
        ran.append(name)
        if name == "mediation_retention":
            raise RuntimeError("boom")

    monkeypatch.setattr(comptoir_jobs, "call_command", fake_call_command)
    with pytest.raises(CommandError, match="mediation_retention"):
        call_command("comptoir_jobs", "daily", stdout=StringIO(), stderr=StringIO())
    assert ran == scheduled_commands("daily")
