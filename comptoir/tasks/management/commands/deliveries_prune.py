from django.core.management.base import BaseCommand

from comptoir.tasks.services import deliveries_prune


class Command(BaseCommand):
    help = "Delete the messages sent long ago and the queue's old task results; idempotent."

    def handle(self, *args, **options):
        self.stdout.write(f"{deliveries_prune()} sent message(s) deleted.")
