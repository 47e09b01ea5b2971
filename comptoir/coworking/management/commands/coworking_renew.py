"""Renew the monthly plans that end today or earlier and are set to renew (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.coworking.models import Subscription
from comptoir.coworking.services import subscription_renew


class Command(BaseCommand):
    help = "Renew the monthly coworking plans that reach their end date."

    def handle(self, *args, **options):
        renewed = 0
        due = Subscription.objects.filter(renews=True, cancelled_at__isnull=True).select_related("place")
        for subscription in due.iterator():
            today = timezone.localtime(timezone.now(), subscription.place.tz).date()
            while subscription.ends_on <= today:
                try:
                    subscription = subscription_renew(subscription=subscription, actor=None)
                except ServiceError as error:
                    # E.g. a resident's desk taken by someone else over the new month: hosts must decide.
                    self.stderr.write(f"Subscription {subscription.pk} not renewed: {error.message}")
                    break
                renewed += 1
        self.stdout.write(f"{renewed} renewal(s).")
