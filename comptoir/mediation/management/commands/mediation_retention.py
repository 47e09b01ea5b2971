"""Anonymise the beneficiaries not seen for each place's retention period (run daily by the scheduler)."""

from django.core.management.base import BaseCommand

from comptoir.mediation.services import retention_apply
from comptoir.places.models import Place


class Command(BaseCommand):
    help = "Anonymise the mediation beneficiaries past each place's retention period."

    def add_arguments(self, parser):
        parser.add_argument("--place", help="Only this place (slug).")

    def handle(self, *args, place=None, **options):
        places = Place.objects.order_by("pk")
        if place:
            places = places.filter(slug=place)
        for item in places:
            if not item.runs("mediation"):
                continue
            result = retention_apply(place=item)
            self.stdout.write(
                f"{item.slug}: {result['beneficiaries']} beneficiaries and {result['registrations']} registrations "
                f"anonymised (last visit before {result['cutoff']})."
            )
