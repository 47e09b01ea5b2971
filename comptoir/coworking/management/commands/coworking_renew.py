"""Renew the monthly plans that end today or earlier and are set to renew (run daily, e.g. from cron).

Idempotent and safe to run twice at once: each renewal re-reads the plan under its row lock and renews it
only while it is still due (``due_on``). See "Daily jobs" in ``comptoir/coworking/README.md``."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.coworking.models import Subscription
from comptoir.coworking.services import subscription_renew


class Command(BaseCommand):
    help = "Renew the monthly coworking plans that reach their end date."

    def handle(self, *args, **options):
        renewed = 0
        # Every place's "today" is within a day of UTC's: read only the plans that may be due.
        horizon = timezone.now().date() + dt.timedelta(days=1)
        due = Subscription.objects.filter(renews=True, cancelled_at__isnull=True, ends_on__lte=horizon).select_related(
            "place"
        )
        for subscription in due.iterator():
            today = timezone.localtime(timezone.now(), subscription.place.tz).date()
            while subscription.ends_on <= today:
                try:
                    subscription = subscription_renew(subscription=subscription, actor=None, due_on=today)
                except ServiceError as error:
                    if error.code == "not_due":  # another run renewed it meanwhile
                        break
                    # E.g. a resident's desk taken by someone else over the new month: hosts must decide.
                    self.stderr.write(f"Subscription {subscription.pk} not renewed: {error.message}")
                    break
                renewed += 1
        self.stdout.write(f"{renewed} renewal(s).")
