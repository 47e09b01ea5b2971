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
    Registration,
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
    security, _ = Workshop.objects.get_or_create(
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
    _past(place=place, mediator=mediator, workshop=security, today=today)


# The past weeks (so that reports, statistics and attendance screens show something on a fresh demo):
# (days ago, type, themes, minutes, gender, age bracket, situation, town, first visit, where).
_PAST_ACCOMPANIMENTS = [
    (3, "individuel", ["email"], 30, "feminin", "soixante_dix_plus", "retraite", "Saint-Étienne", False,
     "lieu_activite"),
    (5, "demarche_administrative", ["argent_impots"], 45, "masculin", "quarante_cinquante_neuf", "en_emploi",
     "Firminy", True, "lieu_activite"),
    (6, "individuel", ["prendre_en_main_du_materiel"], 60, "feminin", "soixante_soixante_neuf", "retraite",
     "Saint-Chamond", True, "domicile"),
    (8, "demarche_administrative", ["social_sante", "sante"], 30, "non_communique", "non_communique",
     "non_communique", "", True, "lieu_activite"),
    (10, "individuel", ["reseaux_sociaux"], 30, "feminin", "douze_dix_huit", "scolarise", "Saint-Étienne", True,
     "lieu_activite"),
    (12, "individuel", ["securite_numerique", "email"], 45, "masculin", "soixante_dix_plus", "retraite",
     "Saint-Étienne", True, "lieu_activite"),
    (13, "demarche_administrative", ["travail_formation", "insertion_professionnelle"], 60, "masculin",
     "vingt_cinq_trente_neuf", "sans_emploi", "Firminy", True, "lieu_activite"),
    (17, "individuel", ["navigation_sur_internet"], 30, "feminin", "quarante_cinquante_neuf", "en_emploi",
     "Roche-la-Molière", True, "a_distance"),
    (19, "demarche_administrative", ["logement"], 45, "non_communique", "soixante_soixante_neuf", "retraite",
     "", True, "lieu_activite"),
    (22, "individuel", ["banque_et_achats_en_ligne"], 30, "feminin", "soixante_dix_plus", "retraite",
     "Saint-Étienne", False, "lieu_activite"),
    (26, "individuel", ["gere_ses_contenus_numeriques"], 60, "masculin", "dix_huit_vingt_quatre", "scolarise",
     "Saint-Étienne", True, "lieu_activite"),
    (29, "demarche_administrative", ["papiers_elections_citoyennete"], 30, "feminin", "vingt_cinq_trente_neuf",
     "sans_emploi", "Saint-Chamond", True, "lieu_activite"),
]  # fmt: skip
_PAST_PEOPLE = [  # (first name or "", gender, age bracket, situation, town, came)
    ("Marcel", "masculin", "soixante_dix_plus", "retraite", "Saint-Étienne", True),
    ("Fatou", "feminin", "quarante_cinquante_neuf", "en_emploi", "Firminy", True),
    ("", "feminin", "soixante_soixante_neuf", "retraite", "Saint-Étienne", True),
    ("Gérard", "masculin", "soixante_soixante_neuf", "non_communique", "", False),
    ("", "non_communique", "non_communique", "non_communique", "", True),
]


def _past(*, place, mediator, workshop, today) -> None:
    """A few weeks of past workshops (attendance taken, one absent each time) and accompaniments. Idempotent:
    written once, when the place has no past session of this workshop and no past accompaniment yet."""
    now = timezone.now()
    if not WorkshopSession.objects.filter(place=place, workshop=workshop, starts_at__lt=now).exists():
        last_thursday = today - dt.timedelta(days=(today.weekday() - 3) % 7 or 7)
        for week in range(4):
            starts = dt.datetime.combine(last_thursday - dt.timedelta(weeks=week), dt.time(10, 0), tzinfo=place.tz)
            session = WorkshopSession.objects.create(
                place=place, workshop=workshop, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                capacity=workshop.capacity, room="Salle du fond", attendance_taken_at=starts + dt.timedelta(hours=2),
            )  # fmt: skip
            if mediator:
                session.mediators.add(mediator)
            # Past sessions keep only the anonymous snapshot (as the retention rule leaves them), no identity.
            for _name, gender, age, status, town, came in _PAST_PEOPLE[: 3 + week % 3]:
                Registration.objects.create(
                    place=place, session=session, first_name="", status=Registration.Status.CONFIRMED,
                    attended=came, gender=gender, age_bracket=age, social_status=status, commune=town,
                    is_first_visit=week == 3, is_walk_in=False,
                )  # fmt: skip
            Registration.objects.create(
                place=place, session=session, status=Registration.Status.CONFIRMED, attended=True, is_walk_in=True,
            )  # fmt: skip
    if not Accompaniment.objects.filter(place=place, date__lt=today).exists():
        for days, kind, themes, minutes, gender, age, status, town, first, where in _PAST_ACCOMPANIMENTS:
            Accompaniment.objects.create(
                place=place, mediator=mediator, type=kind, date=today - dt.timedelta(days=days), themes=themes,
                duration_minutes=minutes, gender=gender, age_bracket=age, social_status=status, commune=town,
                is_first_visit=first, place_type=where, equipment=["ordinateur"] if days % 2 else ["telephone"],
                autonomy=v.Autonomy.PARTIELLEMENT,
            )  # fmt: skip
