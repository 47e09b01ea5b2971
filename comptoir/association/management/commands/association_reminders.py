"""E-mail members whose adhésion ends soon (once each): ``manage.py association_reminders [--days 30]``."""

from django.core.management.base import BaseCommand

from comptoir.association.services import adhesion_send_reminders
from comptoir.places.models import Place


class Command(BaseCommand):
    help = "Send membership expiry reminders for every place (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        for place in Place.objects.order_by("slug"):
            sent = adhesion_send_reminders(place=place, within_days=days)
            self.stdout.write(f"{place.slug}: {sent} reminder(s)")
