"""Demo data of digital mediation. Idempotent: loading twice adds nothing twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import Accompaniment, Beneficiary, MediationOffer, VoucherBooklet, Workshop

MEDIATOR = "mediation@demo.comptoir.example"


def load(*, place, people) -> None:
    from comptoir.mediation import services

    mediator = people.get(MEDIATOR)
    if not MediationOffer.objects.filter(place=place).exists():
        services.offer_update(
            place=place, actor=mediator, services=v.STANDARD_SERVICES[:4],
            publics_specifiquement_adresses=["Seniors", "Familles et/ou enfants"], frais_a_charge=["Gratuit"],
            modalites_acces=["Se présenter", "Téléphoner"],
            modalites_accompagnement=["Accompagnement individuel", "Dans un atelier collectif"],
            itinerance=["Fixe"], typologie="TIERS_LIEUX|ASSO", code_insee="42218", territory="Loire",
            how_to_come="Venez sans rendez-vous le mardi et le jeudi après-midi, ou appelez-nous.",
        )  # fmt: skip
    if not Workshop.objects.filter(place=place).exists():
        tablet = services.workshop_create(
            place=place, actor=mediator, title="Débuter avec sa tablette",
            description="Allumer la tablette, toucher l'écran, ouvrir une application. Pas à pas, sans jargon.",
            themes=["prendre_en_main_du_materiel"], level="debutant", audience="Personnes qui débutent",
            capacity=6, duration_minutes=120, pass_numerique_accepted=True,
            equipment_needed="Votre tablette si vous en avez une",
        )  # fmt: skip
        services.workshop_create(
            place=place, actor=mediator, title="Mes démarches en ligne en sécurité",
            description="Créer un mot de passe solide, reconnaître un message frauduleux.",
            themes=["securite_numerique", "aide_aux_demarches_administratives"], capacity=8,
        )  # fmt: skip
        today = timezone.localdate(timezone=place.tz)
        first = dt.datetime.combine(today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7), dt.time(14, 0))
        services.session_series_create(
            workshop=tablet, actor=mediator, first_start=first.replace(tzinfo=place.tz), count=6,
            mediators=[mediator] if mediator else [], room="Salle du fond",
        )  # fmt: skip
    if not VoucherBooklet.objects.filter(place=place).exists():
        services.booklet_create(
            place=place, actor=mediator, funder="Département de la Loire", validity_year=timezone.now().year, count=50
        )
    if not Beneficiary.objects.filter(place=place).exists() and mediator:
        josette = services.beneficiary_create(
            place=place, actor=mediator, first_name="Josette", consent=True, birth_year=1948, gender="feminin",
            social_status="retraite", commune="Saint-Étienne", postal_code="42000",
        )  # fmt: skip
        if not Accompaniment.objects.filter(place=place).exists():
            services.accompaniments_record(
                place=place, mediator=mediator,
                lines=[
                    services.AccompanimentInput(beneficiary_id=josette.pk, themes=["email"], equipment=["tablette"]),
                    services.AccompanimentInput(type="demarche_administrative", themes=["argent_impots"],
                                                gender="masculin", is_first_visit=True),
                ],
            )  # fmt: skip
