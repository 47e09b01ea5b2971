"""Demo data of digital mediation. Idempotent: loading twice adds nothing twice.

``load_demo`` runs inside one transaction, so the rows are written with the ORM here (the
services open durable transactions of their own and cannot nest).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import (
    Accompaniment,
    Beneficiary,
    MediationOffer,
    VoucherBooklet,
    Workshop,
    WorkshopSession,
)

MEDIATOR = "mediation@demo.comptoir.example"


def load(*, place, people) -> None:
    mediator = people.get(MEDIATOR)
    today = timezone.localdate(timezone=place.tz)
    MediationOffer.objects.get_or_create(
        place=place,
        defaults=dict(
            services=v.STANDARD_SERVICES[:4],
            publics_specifiquement_adresses=["Familles et/ou enfants", "Seniors"],
            frais_a_charge=["Gratuit"],
            modalites_acces=["Se présenter", "Téléphoner"],
            modalites_accompagnement=["Accompagnement individuel", "Dans un atelier collectif"],
            itinerance=["Fixe"],
            typologie="TIERS_LIEUX|ASSO",
            code_insee="42218",
            territory="Loire",
            presentation_resume="Aide gratuite pour utiliser un ordinateur, un téléphone ou une tablette.",
            how_to_come="Venez sans rendez-vous le mardi et le jeudi après-midi, ou appelez-nous.",
        ),
    )
    tablet, created = Workshop.objects.get_or_create(
        place=place,
        title="Débuter avec sa tablette",
        defaults=dict(
            description="Allumer la tablette, toucher l'écran, ouvrir une application. Pas à pas, sans jargon.",
            themes=["prendre_en_main_du_materiel"], level=v.Level.DEBUTANT, audience="Personnes qui débutent",
            capacity=6, duration_minutes=120, pass_numerique_accepted=True,
            equipment_needed="Votre tablette si vous en avez une",
        ),
    )  # fmt: skip
    Workshop.objects.get_or_create(
        place=place,
        title="Mes démarches en ligne en sécurité",
        defaults=dict(
            description="Créer un mot de passe solide, reconnaître un message frauduleux.",
            themes=["securite_numerique", "aide_aux_demarches_administratives"], capacity=8,
        ),
    )  # fmt: skip
    if created:
        next_tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)
        for week in range(6):
            starts = dt.datetime.combine(next_tuesday + dt.timedelta(weeks=week), dt.time(14, 0), tzinfo=place.tz)
            session = WorkshopSession.objects.create(
                place=place, workshop=tablet, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), capacity=6,
                room="Salle du fond",
            )  # fmt: skip
            if mediator:
                session.mediators.add(mediator)
    VoucherBooklet.objects.get_or_create(
        place=place,
        funder="Département de la Loire",
        validity_year=today.year,
        defaults={"operator": "APTIC", "count": 50, "face_value": Decimal("10.00")},
    )
    josette, created = Beneficiary.objects.get_or_create(
        place=place,
        first_name="Josette",
        defaults=dict(
            birth_year=1948, age_bracket=v.age_bracket_for(birth_year=1948, year=today.year), gender="feminin",
            social_status="retraite", commune="Saint-Étienne", postal_code="42000", consent_at=timezone.now(),
            first_visit=today, last_visit=today,
        ),
    )  # fmt: skip
    if created:
        common = {"place": place, "mediator": mediator, "date": today, "duration_minutes": 30}
        Accompaniment.objects.create(
            **common, type=v.ActivityType.INDIVIDUEL, beneficiary=josette, themes=["email"], equipment=["tablette"],
            gender="feminin", age_bracket=josette.age_bracket, social_status="retraite", commune="Saint-Étienne",
            is_first_visit=True, autonomy=v.Autonomy.PARTIELLEMENT,
        )  # fmt: skip
        Accompaniment.objects.create(
            **common, type=v.ActivityType.DEMARCHE, themes=["argent_impots"], gender="masculin", is_first_visit=True,
            autonomy=v.Autonomy.ENTIEREMENT, referral_structure="administration", referred=True,
        )  # fmt: skip
