"""Run every app's scheduled commands of one frequency: one cron line per frequency.

*/60 * * * *  cd /srv/comptoir && .venv/bin/python manage.py comptoir_jobs hourly
20   0 * * *  cd /srv/comptoir && .venv/bin/python manage.py comptoir_jobs daily
"""

import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from comptoir.core.registry import FREQUENCIES, scheduled_commands

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the apps' scheduled commands of one frequency (each is idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=FREQUENCIES)
        parser.add_argument("--list", action="store_true", help="Only list the commands.")

    def handle(self, *args, frequency, list, **options):  # noqa: A002 - the option's name
        names = scheduled_commands(frequency)
        if list:
            for name in names:
                self.stdout.write(name)
            return
        failed = []
        for name in names:
            self.stdout.write(f"== {name}")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # noqa: BLE001 - one failing job must not stop the others
                logger.exception("Scheduled command %s failed", name)
                self.stderr.write(f"{name} failed: {error}")
                failed.append(name)
        if failed:
            raise CommandError(f"{len(failed)} scheduled command(s) failed: {', '.join(failed)}")
