"""Vocabularies as code.

Two families:

- the activity report vocabularies of digital mediators (CRA, as La Coop de la médiation
  numérique names them): stored as their API values, labelled in plain words;
- the national data standard of mediation places (schema v1.0.2, LaMednum/standard-mediation-num):
  the values are the standard's exact strings, copied from the ``pattern`` constraints of
  ``schema.json``; a test checks them against the schema file so that they never drift.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- CRA (activity reports) ---------------------------------------------------------------------


class ActivityType(models.TextChoices):
    INDIVIDUEL = "individuel", _("One-to-one help")
    DEMARCHE = "demarche_administrative", _("Administrative procedure")
    COLLECTIF = "collectif", _("Workshop (group)")


# The quick entry form offers only the two one-to-one kinds; workshops come from sessions.
ACCOMPANIMENT_TYPES = [ActivityType.INDIVIDUEL, ActivityType.DEMARCHE]


class PlaceType(models.TextChoices):
    LIEU_ACTIVITE = "lieu_activite", _("At the place")
    DOMICILE = "domicile", _("At home")
    A_DISTANCE = "a_distance", _("Remote")
    AUTRE = "autre", _("Elsewhere")


class Autonomy(models.TextChoices):
    ENTIEREMENT = "entierement_accompagne", _("Fully helped")
    PARTIELLEMENT = "partiellement_autonome", _("Partly on their own")
    AUTONOME = "autonome", _("On their own")


class ReferralStructure(models.TextChoices):
    OPERATEUR = "operateur_ou_organisme_en_charge", _("Operator or body in charge")
    AIDE_DEMARCHES = "aide_aux_demarches_administratives", _("Help with administrative procedures")
    ADMINISTRATION = "administration", _("Public administration")
    MEDIATION = "mediation_numerique", _("Another digital mediation place")
    AIDE_SOCIALE = "aide_sociale", _("Social services")
    INSERTION = "insertion_professionnelle", _("Employment support")
    AUTRE = "autre", _("Other")


class Equipment(models.TextChoices):
    ORDINATEUR = "ordinateur", _("Computer")
    TELEPHONE = "telephone", _("Phone")
    TABLETTE = "tablette", _("Tablet")
    AUTRE = "autre", _("Other")
    AUCUN = "aucun", _("None")


class Level(models.TextChoices):
    DEBUTANT = "debutant", _("Beginner")
    INTERMEDIAIRE = "intermediaire", _("Intermediate")
    AVANCE = "avance", _("Advanced")


class Gender(models.TextChoices):
    MASCULIN = "masculin", _("Man")
    FEMININ = "feminin", _("Woman")
    NON_COMMUNIQUE = "non_communique", _("Not given")


class AgeBracket(models.TextChoices):
    MOINS_DE_DOUZE = "moins_de_douze", _("Under 12")
    DOUZE_DIX_HUIT = "douze_dix_huit", _("12 to 17")
    DIX_HUIT_VINGT_QUATRE = "dix_huit_vingt_quatre", _("18 to 24")
    VINGT_CINQ_TRENTE_NEUF = "vingt_cinq_trente_neuf", _("25 to 39")
    QUARANTE_CINQUANTE_NEUF = "quarante_cinquante_neuf", _("40 to 59")
    SOIXANTE_SOIXANTE_NEUF = "soixante_soixante_neuf", _("60 to 69")
    SOIXANTE_DIX_PLUS = "soixante_dix_plus", _("70 and over")
    NON_COMMUNIQUE = "non_communique", _("Not given")


# (lowest age, bracket): the first bracket whose lower bound the age reaches, from the top.
_AGE_FLOORS = [
    (70, AgeBracket.SOIXANTE_DIX_PLUS),
    (60, AgeBracket.SOIXANTE_SOIXANTE_NEUF),
    (40, AgeBracket.QUARANTE_CINQUANTE_NEUF),
    (25, AgeBracket.VINGT_CINQ_TRENTE_NEUF),
    (18, AgeBracket.DIX_HUIT_VINGT_QUATRE),
    (12, AgeBracket.DOUZE_DIX_HUIT),
    (0, AgeBracket.MOINS_DE_DOUZE),
]


def age_bracket_for(*, birth_year: int | None, year: int) -> str:
    """The bracket of someone born in ``birth_year`` during ``year`` (age reached that year)."""
    if not birth_year or birth_year > year:
        return AgeBracket.NON_COMMUNIQUE
    age = year - birth_year
    for floor, bracket in _AGE_FLOORS:
        if age >= floor:
            return bracket
    return AgeBracket.NON_COMMUNIQUE


class SocialStatus(models.TextChoices):
    SCOLARISE = "scolarise", _("At school or studying")
    SANS_EMPLOI = "sans_emploi", _("Without a job")
    EN_EMPLOI = "en_emploi", _("Working")
    RETRAITE = "retraite", _("Retired")
    NON_COMMUNIQUE = "non_communique", _("Not given")


class Theme(models.TextChoices):
    DIAGNOSTIC = "diagnostic_numerique", _("Digital skills check")
    PRISE_EN_MAIN = "prendre_en_main_du_materiel", _("Getting started with a device")
    MAINTENANCE = "maintenance_de_materiel", _("Device maintenance")
    CONTENUS = "gere_ses_contenus_numeriques", _("Managing files and photos")
    NAVIGATION = "navigation_sur_internet", _("Browsing the internet")
    EMAIL = "email", _("E-mail")
    BUREAUTIQUE = "bureautique", _("Office software")
    RESEAUX_SOCIAUX = "reseaux_sociaux", _("Social networks")
    SANTE = "sante", _("Health online")
    BANQUE = "banque_et_achats_en_ligne", _("Banking and shopping online")
    ENTREPRENEURIAT = "entrepreneuriat", _("Running a business")
    INSERTION = "insertion_professionnelle", _("Finding a job")
    SECURITE = "securite_numerique", _("Staying safe online")
    PARENTALITE = "parentalite", _("Parenting")
    SCOLARITE = "scolarite_et_numerique", _("School and digital tools")
    CREER = "creer_avec_le_numerique", _("Creating with digital tools")
    CULTURE = "culture_numerique", _("Digital culture")
    IA = "intelligence_artificielle", _("Artificial intelligence")
    AIDE_DEMARCHES = "aide_aux_demarches_administratives", _("Administrative procedures")
    PAPIERS = "papiers_elections_citoyennete", _("Papers, elections, citizenship")
    FAMILLE = "famille_scolarite", _("Family and school")
    SOCIAL_SANTE = "social_sante", _("Social benefits and health")
    TRAVAIL = "travail_formation", _("Work and training")
    LOGEMENT = "logement", _("Housing")
    TRANSPORTS = "transports_mobilite", _("Transport")
    ARGENT = "argent_impots", _("Money and taxes")
    JUSTICE = "justice", _("Justice")
    ETRANGERS = "etrangers_europe", _("Foreigners and Europe")
    LOISIRS = "loisirs_sports_culture", _("Leisure, sports, culture")
    ASSOCIATIONS = "associations", _("Associations")


def labels(choices: type[models.TextChoices], values) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(value, value)) for value in values or ()]


def clean_list(choices: type[models.TextChoices], values) -> list[str]:
    """Known values only, once each, in the vocabulary's order."""
    wanted = set(values or ())
    return [value for value in choices.values if value in wanted]


# --- National standard of mediation places (schema v1.0.2) --------------------------------------
# Exact strings: never translate them, never "fix" them (the schema has its own spellings).

STANDARD_SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
]
STANDARD_PUBLICS = ["Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes"]
STANDARD_SPECIFIC_SUPPORT = [
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
]
STANDARD_FEES = ["Gratuit", "Gratuit sous condition", "Payant"]
STANDARD_PROGRAMMES = [
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
]
STANDARD_LABELS = [
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
]
STANDARD_ACCESS_MODES = [
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
]
STANDARD_SUPPORT_MODES = ["En autonomie", "Accompagnement individuel", "Dans un atelier collectif", "À distance"]
STANDARD_ITINERANCE = ["Itinérant", "Fixe"]

# Offer field name -> its vocabulary (the field names are the standard's column names).
STANDARD_VOCABULARIES: dict[str, list[str]] = {
    "services": STANDARD_SERVICES,
    "publics_specifiquement_adresses": STANDARD_PUBLICS,
    "prise_en_charge_specifique": STANDARD_SPECIFIC_SUPPORT,
    "frais_a_charge": STANDARD_FEES,
    "dispositif_programmes_nationaux": STANDARD_PROGRAMMES,
    "formations_labels": STANDARD_LABELS,
    "modalites_acces": STANDARD_ACCESS_MODES,
    "modalites_accompagnement": STANDARD_SUPPORT_MODES,
    "itinerance": STANDARD_ITINERANCE,
}


def standard_choices(field: str) -> list[tuple[str, str]]:
    return [(value, value) for value in STANDARD_VOCABULARIES[field]]
