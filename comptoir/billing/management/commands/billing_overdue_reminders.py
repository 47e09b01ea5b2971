"""E-mail members about their overdue invoices (at most weekly per invoice): run it daily."""

from django.core.management.base import BaseCommand

from comptoir.billing.services.reminders import overdue_reminders_send
from comptoir.places.models import Place


class Command(BaseCommand):
    help = "Send reminders of overdue invoices for every place."

    def add_arguments(self, parser):
        parser.add_argument("--every-days", type=int, default=7)

    def handle(self, *args, every_days, **options):
        for place in Place.objects.order_by("slug"):
            sent = overdue_reminders_send(place=place, every_days=every_days)
            self.stdout.write(f"{place.slug}: {sent} member(s) reminded")
