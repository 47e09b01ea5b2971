"""The place in the national data standard of mediation places (schema v1.0.2): CSV and JSON.

32 columns in the schema's order, ``|`` between multiple values, UTF-8, comma separator.
File name: ``YYYY-MM-DD_<SIRET|RNA>_lieux-de-mediation-numerique_<Territoire>.csv``.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError
from comptoir.mediation.models import MediationOffer

COLUMNS = [
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude",
    "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
]  # fmt: skip
SEPARATOR = "|"
LIST_COLUMNS = (
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "modalites_acces", "modalites_accompagnement",
    "itinerance",
)  # fmt: skip
SOURCE = "Comptoir"


def international_phone(phone: str) -> str:
    """A French number as the standard wants it (+33XXXXXXXXX), or "" when it cannot be read."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("+33"):
        digits = digits[3:]
    elif digits.startswith("0033"):
        digits = digits[4:]
    elif digits.startswith("0"):
        digits = digits[1:]
    else:
        return ""
    return f"+33{digits}" if re.fullmatch(r"\d{9}", digits) else ""


def _pivot(place) -> str:
    from comptoir.places.selectors import legal_entity_list

    entities = list(legal_entity_list(place=place))
    for entity in entities:  # primary first
        if entity.siret:
            return entity.siret
    for entity in entities:
        if entity.rna:
            return entity.rna
    return ""


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def standard_row(*, place) -> dict:
    """The place as one row of the standard, as strings. Refuses when a required field is missing."""
    offer = MediationOffer.objects.filter(place=place).first() or MediationOffer(place=place)
    pivot = _pivot(place)
    missing = []
    if not pivot:
        missing.append(str(_("a SIRET or RNA number (legal entity of the place)")))
    if not re.fullmatch(r"\d{5}", place.postal_code or ""):
        missing.append(str(_("a 5-digit postal code")))
    if not place.city:
        missing.append(str(_("the town")))
    if not place.street_address:
        missing.append(str(_("the street address")))
    if missing:
        raise ServiceError(
            _("The place cannot be exported to the national standard yet. Missing: %(missing)s.")
            % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    updated = max(filter(None, [place.updated_at, offer.updated_at]))
    emails = [place.email] if place.email else []
    row = {
        "id": f"comptoir-{place.slug}",
        "pivot": pivot,
        "nom": place.name,
        "commune": place.city,
        "code_postal": place.postal_code,
        "code_insee": offer.code_insee,
        "adresse": place.street_address,
        "complement_adresse": "",
        "latitude": _number(place.latitude),
        "longitude": _number(place.longitude),
        "typologie": offer.typologie,
        "telephone": international_phone(place.phone),
        "courriels": SEPARATOR.join(emails),
        "site_web": place.website,
        "horaires": place.opening_hours,
        "presentation_resume": (offer.presentation_resume or place.summary)[:280],
        "presentation_detail": offer.presentation_detail or place.description,
        "source": SOURCE,
        "structure_parente": offer.structure_parente,
        "date_maj": timezone.localtime(updated, place.tz).date().isoformat(),
        "autres_formations_labels": offer.autres_formations_labels,
        "fiche_acces_libre": offer.fiche_acces_libre,
        "prise_rdv": offer.prise_rdv,
    }
    for name in LIST_COLUMNS:
        row[name] = SEPARATOR.join(getattr(offer, name) or [])
    return {column: row.get(column, "") for column in COLUMNS}


def standard_filename(*, place, row: dict | None = None) -> str:
    row = row or standard_row(place=place)
    offer = MediationOffer.objects.filter(place=place).first()
    territory = (offer.territory if offer and offer.territory else place.city) or place.slug
    territory = slugify(territory).replace("-", "_").title() or "Territoire"
    today = timezone.localdate(timezone=place.tz).isoformat()
    return f"{today}_{row['pivot']}_lieux-de-mediation-numerique_{territory}.csv"


def standard_csv(*, place) -> tuple[str, str]:
    """(file name, CSV text) of the place's row."""
    row = standard_row(place=place)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerow(row)
    return standard_filename(place=place, row=row), buffer.getvalue()


def standard_json(*, place) -> list[dict]:
    """The same row as JSON: numbers as numbers, multiple values as the standard's ``|`` strings."""
    row = dict(standard_row(place=place))
    for name in ("latitude", "longitude"):
        row[name] = float(row[name]) if row[name] else None
    return [{key: (value if value != "" else None) for key, value in row.items()}]
