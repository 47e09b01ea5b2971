"""Extract each app's strings into its own locale/ folder (developers only: needs GNU gettext)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run makemessages (fr) inside every Comptoir app that has a locale/ folder."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "comptoir"
        here = Path.cwd()
        for app_dir in sorted(p.parent for p in root.glob("*/locale")):
            os.chdir(app_dir)
            try:
                call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)
            finally:
                os.chdir(here)
            self.stdout.write(f"{app_dir.name}: extracted")
