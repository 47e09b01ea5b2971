"""The demo place: fictional people, fixed logins. Idempotent: loading twice adds nothing twice.

Each service app may add its own demo data with a ``demo_loader`` attribute on its AppConfig
("module:function", called as ``function(place=..., people=...)`` after the foundation's data).
"""

from __future__ import annotations

from django.db import transaction

from comptoir.core.permissions import Role
from comptoir.core.registry import hooks
from comptoir.people.models import Membership, MembershipRole, Tag, User
from comptoir.places.models import LegalEntity, Place

DEMO_PASSWORD = "comptoir-demo"
DEMO_SLUG = "au-comptoir"

PEOPLE = [
    # email, display name, roles, directory, skills
    ("admin@demo.comptoir.example", "Alex Opérateur", [Role.ADMIN], False, []),
    ("accueil@demo.comptoir.example", "Camille Accueil", [Role.HOST, Role.ADMIN], True, ["accueil", "tableur"]),
    ("membre@demo.comptoir.example", "Sam Membre", [Role.COWORKER], True, ["graphisme", "découpe laser"]),
    (
        "mediation@demo.comptoir.example",
        "Dominique Médiation",
        [Role.MEDIATOR],
        True,
        ["smartphone", "démarches en ligne"],
    ),
    (
        "fablab@demo.comptoir.example",
        "Jo Fabmanager",
        [Role.FAB_MANAGER],
        True,
        ["découpe laser", "impression 3D", "électronique"],
    ),
    ("benevole@demo.comptoir.example", "Lou Bénévole", [Role.VOLUNTEER], True, ["couture", "réparation vélo"]),
    ("bureau@demo.comptoir.example", "Morgan Trésorerie", [Role.BOARD], False, ["comptabilité"]),
]
PENDING = [("nouveau@demo.comptoir.example", "Charlie Nouveau")]


def _user(email: str, name: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name=name, is_superuser=superuser, is_staff=superuser)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def load_demo() -> dict:
    """Load the foundation's demo data, then each service app's (whose services run their own
    durable transactions, so they are called outside any atomic block)."""
    place, created, people = _load_foundation()
    for load in hooks("demo_loader"):
        load(place=place, people=people)
    return {"place": place, "created": created}


@transaction.atomic
def _load_foundation():
    place, created = Place.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults=dict(
            name="Au Comptoir (démo)",
            summary="Un tiers-lieu de démonstration : coworking, médiation numérique, fablab et café associatif.",
            description=(
                "Bienvenue au Comptoir ! Ce lieu fictif sert à essayer Comptoir.\n\n"
                "On y travaille, on y apprend le numérique, on y fabrique et on s'y retrouve."
            ),
            street_address="1 place de la Démonstration",
            postal_code="42000",
            city="Saint-Étienne",
            latitude="45.439695",
            longitude="4.387178",
            email="bonjour@demo.comptoir.example",
            phone="04 00 00 00 00",
            website="https://demo.comptoir.example/",
            opening_hours="Mo-Fr 09:00-19:00; Sa 10:00-17:00; PH off",
            services=["coworking", "mediation", "makerspace", "lending", "events", "governance", "conciergerie"],
        ),
    )
    if not LegalEntity.objects.filter(place=place).exists():
        LegalEntity.objects.create(
            place=place, kind=LegalEntity.Kind.ASSOCIATION, name="Association Au Comptoir (démo)",
            legal_form="Association loi 1901", rna="W423000000", siret="73282932000074", vat_exempt=True,
            is_primary=False, invoice_prefix="ASSO",
        )  # fmt: skip
        LegalEntity.objects.create(
            place=place, kind=LegalEntity.Kind.COOPERATIVE, name="Scop Au Comptoir (démo)",
            legal_form="SCOP SARL à capital variable", siret="55208131766522", vat_number="FR03552081317",
            share_capital="15000.00", registry="RCS Saint-Étienne 552 081 317", is_primary=True,
            invoice_prefix="SCOP",
        )  # fmt: skip
    people: dict[str, User] = {}
    for email, name, roles, directory, skills in PEOPLE:
        user = _user(email, name, superuser=email.startswith("admin@"))
        people[email] = user
        membership, _ = Membership.objects.get_or_create(
            place=place,
            user=user,
            defaults={
                "status": Membership.Status.ACTIVE,
                "approved_at": place.created_at,
                "directory_visible": directory,
            },
        )
        for role in roles:
            MembershipRole.objects.get_or_create(place=place, membership=membership, role=role)
        if skills and not user.skills.exists():
            user.skills.set([Tag.objects.filter(name__iexact=s).first() or Tag.objects.create(name=s) for s in skills])
    for email, name in PENDING:
        user = _user(email, name)
        Membership.objects.get_or_create(place=place, user=user, defaults={"status": Membership.Status.PENDING})
    return place, created, people
