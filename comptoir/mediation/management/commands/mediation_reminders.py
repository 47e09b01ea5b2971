"""Send the reminders of the workshops starting within the next hours (run hourly by the scheduler)."""

from django.core.management.base import BaseCommand

from comptoir.mediation.services import reminders_send
from comptoir.places.models import Place


class Command(BaseCommand):
    help = "E-mail a reminder to the people registered for a workshop starting soon (once per session)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Sessions starting within this many hours.")

    def handle(self, *args, hours=24, **options):
        for place in Place.objects.order_by("pk"):
            if place.runs("mediation"):
                sent = reminders_send(place=place, within_hours=hours)
                self.stdout.write(f"{place.slug}: {sent} reminder(s).")
