"""``manage.py create_place``: a place and its first admin. It lives in people, not places: it writes a user
and a membership, and people sits above places (places never imports people)."""

from django.core.management.base import BaseCommand, CommandError

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.people.selectors import user_by_email
from comptoir.people.services import membership_add, user_register
from comptoir.places.services import place_create


class Command(BaseCommand):
    help = "Create a place and its first admin (who then sets a password with 'mot de passe oublié')."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="")
        parser.add_argument("--services", default="", help="comma-separated: coworking,mediation,...")

    def handle(self, *args, name, slug, admin_email, admin_name, services, **options):
        try:
            place = place_create(
                actor=None, name=name, slug=slug, services=[s.strip() for s in services.split(",") if s.strip()]
            )
            admin = user_by_email(email=admin_email) or user_register(
                email=admin_email, display_name=admin_name or admin_email.split("@")[0], password=None
            )
            membership_add(place=place, user=admin, actor=None, roles=[Role.ADMIN])
        except ServiceError as error:
            raise CommandError(str(error.message))
        self.stdout.write(f"Place “{place.name}” created at /{place.slug}/ with {admin.email} as admin.")
