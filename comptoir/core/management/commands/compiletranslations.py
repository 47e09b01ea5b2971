"""Compile every app's .po files to .mo with Babel: no GNU gettext needed on the machine."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translations of all Comptoir apps (pure Python, through Babel)."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR) / "comptoir"
        count = 0
        for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            locale = po_path.parent.parent.name
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=locale)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"{count} translation file(s) compiled.")
