"""Write the FEC of a legal entity for a financial year: ``manage.py billing_fec --place x --entity cooperative
--start 2026-01-01 --end 2026-12-31 [--output-dir .]``."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comptoir.billing.exports import fec_export
from comptoir.places.models import LegalEntity


class Command(BaseCommand):
    help = "Export the FEC (fichier des écritures comptables) of an entity for a financial year."

    def add_arguments(self, parser):
        parser.add_argument("--place", required=True)
        parser.add_argument("--entity", required=True, help="kind of the entity: association, cooperative...")
        parser.add_argument("--start", required=True, type=dt.date.fromisoformat)
        parser.add_argument("--end", required=True, type=dt.date.fromisoformat)
        parser.add_argument("--output-dir", default=".")

    def handle(self, *args, place, entity, start, end, output_dir, **options):
        target = LegalEntity.objects.select_related("place").filter(place__slug=place, kind=entity).first()
        if target is None:
            raise CommandError("Unknown place or entity")
        name, content = fec_export(place=target.place, entity=target, start=start, end=end)
        path = Path(output_dir) / name
        path.write_bytes(content)
        lines = content.count(b"\n") - 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({lines} lines)"))
