"""Check the hash chain and the numbering of every legal entity's issued invoices and credit notes."""

import sys

from django.core.management.base import BaseCommand

from comptoir.billing.chain import verify_entity_chain
from comptoir.places.models import LegalEntity


class Command(BaseCommand):
    help = "Verify that no issued invoice or credit note was altered, removed or renumbered."

    def add_arguments(self, parser):
        parser.add_argument("--place", help="slug of one place (default: every place)")

    def handle(self, *args, place=None, **options):
        entities = LegalEntity.objects.select_related("place").order_by("place__slug", "pk")
        if place:
            entities = entities.filter(place__slug=place)
        broken = False
        for entity in entities:
            problems = verify_entity_chain(entity)
            if problems:
                broken = True
                self.stdout.write(self.style.ERROR(f"{entity.place.slug} / {entity.name}: {len(problems)} problem(s)"))
                for problem in problems:
                    self.stdout.write(f"  - {problem}")
            else:
                self.stdout.write(f"{entity.place.slug} / {entity.name}: chain intact")
        if broken:
            sys.exit(1)
