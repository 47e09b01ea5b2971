from django.core.management.base import BaseCommand

from comptoir.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo place and its fictional people (idempotent)."

    def handle(self, *args, **options):
        result = load_demo()
        state = "created" if result["created"] else "already there, completed"
        self.stdout.write(f"Demo place “{result['place'].name}”: {state}.")
