"""Send the reminders of the workshops and appointments starting within the next hours (run hourly)."""

from django.core.management.base import BaseCommand

from comptoir.mediation.services import appointment_reminders_send, reminders_send
from comptoir.places.models import Place


class Command(BaseCommand):
    help = (
        "Remind the people registered for a workshop or who took an appointment starting soon "
        "(once per session, once per appointment)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="Sessions and appointments starting within this many hours."
        )

    def handle(self, *args, hours=24, **options):
        for place in Place.objects.order_by("pk"):
            if place.runs("mediation"):
                sent = reminders_send(place=place, within_hours=hours)
                sent_appointments = appointment_reminders_send(place=place, within_hours=hours)
                self.stdout.write(f"{place.slug}: {sent} reminder(s).")
                self.stdout.write(f"{place.slug}: {sent_appointments} appointment reminder(s).")
