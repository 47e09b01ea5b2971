"""Accompaniments (one-to-one help, administrative procedures): one or several at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comptoir.audit.services import audit_record
from comptoir.core.errors import ServiceError
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import Accompaniment, Beneficiary
from comptoir.mediation.services._common import (
    clean_choice,
    clean_choices,
    clean_commune,
    clean_postal_code,
    clean_text,
)

if TYPE_CHECKING:
    from comptoir.mediation.models import Appointment
    from comptoir.people.models import User
    from comptoir.places.models import Place

MAX_LINES = 50


@dataclass
class AccompanimentInput:
    """One line of the quick entry form (or one API call)."""

    type: str = v.ActivityType.INDIVIDUEL
    duration_minutes: int = 30
    themes: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    autonomy: str = ""
    referral_structure: str = ""
    beneficiary_id: int | None = None
    # Anonymous beneficiary: optional coarse attributes, counted in statistics only.
    gender: str = ""
    age_bracket: str = ""
    social_status: str = ""
    commune: str = ""
    is_first_visit: bool = False
    # Or a new named person, created with the line (consent required).
    new_first_name: str = ""
    new_consent: bool = False


def _new_beneficiary(*, place: Place, line: AccompanimentInput, actor: User | None) -> Beneficiary:
    first_name = clean_text(line.new_first_name, max_length=80)
    if not line.new_consent:
        raise ServiceError(
            _("The person must agree that we keep their first name (tick the consent box)."), field="new_consent"
        )
    beneficiary = Beneficiary(
        place=place,
        first_name=first_name,
        consent_at=timezone.now(),
        gender=clean_choice(line.gender or v.Gender.NON_COMMUNIQUE, v.Gender, field="gender"),
        age_bracket=clean_choice(line.age_bracket or v.AgeBracket.NON_COMMUNIQUE, v.AgeBracket, field="age_bracket"),
        social_status=clean_choice(
            line.social_status or v.SocialStatus.NON_COMMUNIQUE, v.SocialStatus, field="social_status"
        ),
        commune=clean_text(line.commune, max_length=100),
    )
    beneficiary.save()
    audit_record(
        place=place, actor=actor, action="mediation.beneficiary.created", obj=beneficiary,
        object_repr=f"#{beneficiary.pk}", after={"from": "quick_entry"},
    )  # fmt: skip
    return beneficiary


def _build(
    *, place: Place, mediator: User | None, day: dt.date, place_type: str, line: AccompanimentInput, index: int
) -> Accompaniment:
    def error(message, field_name):
        return ServiceError(message, field=field_name)

    if line.type not in (v.ActivityType.INDIVIDUEL, v.ActivityType.DEMARCHE):
        raise error(_("Choose one-to-one help or an administrative procedure."), "type")
    try:
        duration = int(line.duration_minutes)
    except (TypeError, ValueError):
        duration = 0
    if duration < 1 or duration > 24 * 60:
        raise error(_("Give a duration between 1 minute and 24 hours."), "duration_minutes")
    themes = clean_choices(line.themes, v.Theme, field="themes")
    if not themes:
        raise error(_("Choose at least one theme."), "themes")
    equipment = clean_choices(line.equipment, v.Equipment, field="equipment")
    if v.Equipment.AUCUN in equipment and len(equipment) > 1:
        equipment = [v.Equipment.AUCUN]
    accompaniment = Accompaniment(
        place=place,
        mediator=mediator,
        type=line.type,
        date=day,
        duration_minutes=duration,
        place_type=place_type,
        themes=themes,
        equipment=equipment,
        autonomy=clean_choice(line.autonomy, v.Autonomy, field="autonomy", blank=True),
        referral_structure=clean_choice(
            line.referral_structure, v.ReferralStructure, field="referral_structure", blank=True
        ),
    )
    accompaniment.referred = bool(accompaniment.referral_structure)
    beneficiary = None
    if line.beneficiary_id:
        beneficiary = (
            Beneficiary.objects.select_for_update()
            .filter(place=place, pk=line.beneficiary_id, anonymised_at__isnull=True)
            .first()
        )
        if beneficiary is None:
            raise error(_("This person is not in the list of this place."), "beneficiary_id")
    elif clean_text(line.new_first_name, max_length=80):
        beneficiary = _new_beneficiary(place=place, line=line, actor=mediator)
    if beneficiary is not None:
        accompaniment.beneficiary = beneficiary
        accompaniment.gender = beneficiary.gender
        accompaniment.age_bracket = beneficiary.bracket_in(day.year)
        accompaniment.social_status = beneficiary.social_status
        accompaniment.commune = beneficiary.commune
        accompaniment.is_first_visit = beneficiary.first_visit is None or day < beneficiary.first_visit
        if beneficiary.first_visit is None or day < beneficiary.first_visit:
            beneficiary.first_visit = day
        if beneficiary.last_visit is None or day > beneficiary.last_visit:
            beneficiary.last_visit = day
        beneficiary.save(update_fields=["first_visit", "last_visit"])
    else:
        accompaniment.gender = clean_choice(line.gender or v.Gender.NON_COMMUNIQUE, v.Gender, field="gender")
        accompaniment.age_bracket = clean_choice(
            line.age_bracket or v.AgeBracket.NON_COMMUNIQUE, v.AgeBracket, field="age_bracket"
        )
        accompaniment.social_status = clean_choice(
            line.social_status or v.SocialStatus.NON_COMMUNIQUE, v.SocialStatus, field="social_status"
        )
        accompaniment.commune = clean_text(line.commune, max_length=100)
        accompaniment.is_first_visit = bool(line.is_first_visit)
    return accompaniment


def accompaniments_record(
    *,
    place: Place,
    mediator: User,
    lines: list[AccompanimentInput],
    day: dt.date | None = None,
    place_type: str = v.PlaceType.LIEU_ACTIVITE,
    appointment: Appointment | None = None,
    activity_commune: str = "",
    activity_postal_code: str = "",
) -> list[Accompaniment]:
    """Record one or several accompaniments of the same day: all of them, or none.

    ``appointment``: the taken appointment this (single) accompaniment comes from; it is linked
    (``appointment_ref``) and the appointment becomes "done", in the same transaction.
    """
    if not lines:
        raise ServiceError(_("Fill in at least one line."))
    if appointment is not None and len(lines) != 1:
        raise ServiceError(_("An appointment becomes one accompaniment: fill in one line."))
    if len(lines) > MAX_LINES:
        raise ServiceError(_("At most %(n)s accompaniments at once.") % {"n": MAX_LINES})
    today = timezone.localdate(timezone=place.tz)
    day = day or today
    if day > today:
        raise ServiceError(_("An accompaniment cannot be in the future."), field="date")
    place_type = clean_choice(place_type, v.PlaceType, field="place_type")
    activity_postal_code = clean_postal_code(activity_postal_code, field="activity_postal_code")
    activity_commune = clean_commune(activity_commune, postal_code=activity_postal_code, field="activity_commune")
    if place_type == v.PlaceType.LIEU_ACTIVITE:  # at the place: the place's own town is reported
        activity_commune = activity_postal_code = ""
    with transaction.atomic(durable=True):
        if appointment is not None:
            from comptoir.mediation.services.appointments import appointment_lock_for_accompaniment

            appointment = appointment_lock_for_accompaniment(appointment=appointment, place=place)
        records = []
        for index, line in enumerate(lines):
            try:
                accompaniment = _build(
                    place=place, mediator=mediator, day=day, place_type=place_type, line=line, index=index
                )
            except ServiceError as error:
                if len(lines) == 1:
                    raise
                raise ServiceError(
                    _("Line %(n)s: %(message)s") % {"n": index + 1, "message": error.message}, code=error.code
                )
            accompaniment.activity_commune, accompaniment.activity_postal_code = activity_commune, activity_postal_code
            if appointment is not None:
                accompaniment.appointment_ref = str(appointment.pk)
            accompaniment.save()
            records.append(accompaniment)
        if appointment is not None:
            from comptoir.mediation.services.appointments import appointment_mark_held

            appointment_mark_held(appointment=appointment, accompaniment=records[0], actor=mediator)
        audit_record(
            place=place,
            actor=mediator,
            action="mediation.accompaniments.recorded",
            after={"ids": [a.pk for a in records], "date": day},
            object_repr=ngettext("%(count)s accompaniment", "%(count)s accompaniments", len(records))
            % {"count": len(records)},
        )
    return records


def accompaniment_delete(*, accompaniment: Accompaniment, actor: User | None) -> None:
    with transaction.atomic(durable=True):
        audit_record(
            place=accompaniment.place, actor=actor, action="mediation.accompaniment.deleted", obj=accompaniment,
            before={"date": accompaniment.date, "type": accompaniment.type, "themes": accompaniment.themes},
        )  # fmt: skip
        accompaniment.delete()


# What a correction may change; the person stays (delete and record again to change who was helped).
EDITABLE_FIELDS = (
    "date", "place_type", "type", "duration_minutes", "themes", "equipment", "autonomy", "referral_structure",
    "gender", "age_bracket", "is_first_visit",
)  # fmt: skip


def accompaniment_update(*, accompaniment: Accompaniment, actor: User | None, **changes: Any) -> Accompaniment:
    """Correct an accompaniment with the rules of the quick entry; the changed fields are audited.

    The gender, age and first visit of a named person come from their file and are not changed here.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown value: %(values)s.") % {"values": ", ".join(sorted(unknown))})
    with transaction.atomic(durable=True):
        record = Accompaniment.objects.select_for_update().select_related("place").get(pk=accompaniment.pk)
        place = record.place
        before = {name: getattr(record, name) for name in EDITABLE_FIELDS}
        data = {**before, **{k: v_ for k, v_ in changes.items() if v_ is not None}}
        today = timezone.localdate(timezone=place.tz)
        if data["date"] > today:
            raise ServiceError(_("An accompaniment cannot be in the future."), field="date")
        line = AccompanimentInput(
            type=data["type"], duration_minutes=data["duration_minutes"], themes=data["themes"],
            equipment=data["equipment"], autonomy=data["autonomy"], referral_structure=data["referral_structure"],
            gender=data["gender"], age_bracket=data["age_bracket"], social_status=record.social_status,
            commune=record.commune, is_first_visit=bool(data["is_first_visit"]),
        )  # fmt: skip
        place_type = clean_choice(data["place_type"], v.PlaceType, field="place_type")
        built = _build(place=place, mediator=record.mediator, day=data["date"], place_type=place_type, line=line,
                       index=0)  # fmt: skip
        fields = [name for name in EDITABLE_FIELDS if name not in ("gender", "age_bracket", "is_first_visit")]
        fields.append("referred")
        if record.beneficiary_id is None:
            fields += ["gender", "age_bracket", "is_first_visit"]
        for name in fields:
            setattr(record, name, getattr(built, name))
        record.save(update_fields=fields)
        after = {name: getattr(record, name) for name in EDITABLE_FIELDS}
        changed = [name for name in EDITABLE_FIELDS if before[name] != after[name]]
        audit_record(
            place=place, actor=actor, action="mediation.accompaniment.updated", obj=record,
            before={name: before[name] for name in changed}, after={name: after[name] for name in changed},
        )  # fmt: skip
    return record
