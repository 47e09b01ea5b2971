from django.core.management.base import BaseCommand

from comptoir.tasks.services import deliveries_resume


class Command(BaseCommand):
    help = "Enqueue again the messages whose attempt is late (a crash, a killed worker); idempotent."

    def handle(self, *args, **options):
        self.stdout.write(f"{deliveries_resume()} message(s) enqueued again.")
