"""Beneficiaries: minimal data, consent, every staff read audited, export, erasure, retention."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import ServiceError
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import Beneficiary, MediationOffer, Registration
from comptoir.mediation.services._common import (
    clean_birth_year,
    clean_choice,
    clean_commune,
    clean_email,
    clean_phone,
    clean_postal_code,
    clean_text,
)

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

# Fields whose values identify someone: never written to the audit log.
IDENTITY_FIELDS = ("first_name", "email", "phone", "birth_year", "commune", "postal_code")
DEFAULT_RETENTION_MONTHS = 24


def _apply(beneficiary: Beneficiary, *, today: dt.date, data: dict) -> None:
    first_name = clean_text(data.get("first_name"), max_length=80)
    if not first_name:
        raise ServiceError(_("Give a first name or a pseudonym."), field="first_name")
    beneficiary.first_name = first_name
    beneficiary.email = clean_email(data.get("email"))
    beneficiary.phone = clean_phone(data.get("phone"))
    beneficiary.birth_year = clean_birth_year(data.get("birth_year"), today=today)
    beneficiary.age_bracket = clean_choice(
        data.get("age_bracket") or v.AgeBracket.NON_COMMUNIQUE, v.AgeBracket, field="age_bracket"
    )
    if beneficiary.birth_year:
        beneficiary.age_bracket = v.age_bracket_for(birth_year=beneficiary.birth_year, year=today.year)
    beneficiary.gender = clean_choice(data.get("gender") or v.Gender.NON_COMMUNIQUE, v.Gender, field="gender")
    beneficiary.social_status = clean_choice(
        data.get("social_status") or v.SocialStatus.NON_COMMUNIQUE, v.SocialStatus, field="social_status"
    )
    beneficiary.postal_code = clean_postal_code(data.get("postal_code"))
    beneficiary.commune = clean_commune(data.get("commune"), postal_code=beneficiary.postal_code)
    beneficiary.wants_reminders = bool(data.get("wants_reminders")) and bool(beneficiary.email or beneficiary.phone)
    consent = bool(data.get("consent"))
    if not consent:
        raise ServiceError(
            _("The person must agree that we keep these details (tick the consent box)."), field="consent"
        )
    if beneficiary.consent_at is None:
        beneficiary.consent_at = timezone.now()


def beneficiary_create(
    *,
    place: Place,
    actor: User | None,
    first_name: str,
    consent: bool,
    email: str = "",
    phone: str = "",
    birth_year: int | None = None,
    age_bracket: str = "",
    gender: str = "",
    social_status: str = "",
    commune: str = "",
    postal_code: str = "",
    wants_reminders: bool = False,
) -> Beneficiary:
    today = timezone.localdate(timezone=place.tz)
    beneficiary = Beneficiary(place=place)
    _apply(beneficiary, today=today, data=locals())
    with transaction.atomic(durable=True):
        beneficiary.save()
        audit_record(
            place=place, actor=actor, action="mediation.beneficiary.created", obj=beneficiary,
            object_repr=f"#{beneficiary.pk}",
        )  # fmt: skip
    return beneficiary


def beneficiary_update(*, beneficiary: Beneficiary, actor: User | None, **data: Any) -> Beneficiary:
    if beneficiary.anonymised_at:
        raise ServiceError(_("This person's details were erased."), code="anonymised")
    today = timezone.localdate(timezone=beneficiary.place.tz)
    with transaction.atomic(durable=True):
        beneficiary = Beneficiary.objects.select_for_update().select_related("place").get(pk=beneficiary.pk)
        _apply(beneficiary, today=today, data=data)
        beneficiary.save()
        audit_record(
            place=beneficiary.place,
            actor=actor,
            action="mediation.beneficiary.updated",
            obj=beneficiary,
            object_repr=f"#{beneficiary.pk}",
            after={"fields": sorted(k for k in data if k in IDENTITY_FIELDS or k in ("gender", "social_status"))},
        )
    return beneficiary


def beneficiary_file_read(
    *, place: Place, beneficiary_id: int, actor: User | None, channel: str = "web"
) -> Beneficiary | None:
    """Open a beneficiary's file: the read is written to the audit log (who, when, which file)."""
    with transaction.atomic(durable=True):
        beneficiary = Beneficiary.objects.filter(place=place, pk=beneficiary_id).select_related("place").first()
        if beneficiary is None:
            return None
        audit_record(
            place=place,
            actor=actor,
            action="mediation.beneficiary.viewed",
            obj=beneficiary,
            object_repr=f"#{beneficiary.pk}",
            after={"channel": channel},
        )
    return beneficiary


def beneficiary_export(*, beneficiary: Beneficiary, actor: User | None) -> dict:
    """Everything kept about one person (right of access), as JSON-ready data; audited."""
    with transaction.atomic(durable=True):
        data = {
            "id": beneficiary.pk,
            "place": beneficiary.place.slug,
            "first_name": beneficiary.first_name,
            "email": beneficiary.email,
            "phone": beneficiary.phone,
            "birth_year": beneficiary.birth_year,
            "age_bracket": beneficiary.age_bracket,
            "gender": beneficiary.gender,
            "social_status": beneficiary.social_status,
            "commune": beneficiary.commune,
            "postal_code": beneficiary.postal_code,
            "first_visit": beneficiary.first_visit.isoformat() if beneficiary.first_visit else None,
            "last_visit": beneficiary.last_visit.isoformat() if beneficiary.last_visit else None,
            "consent_at": beneficiary.consent_at.isoformat() if beneficiary.consent_at else None,
            "wants_reminders": beneficiary.wants_reminders,
            "accompaniments": [
                {
                    "date": a.date.isoformat(),
                    "type": a.type,
                    "duration_minutes": a.duration_minutes,
                    "themes": a.themes,
                    "equipment": a.equipment,
                    "autonomy": a.autonomy,
                    "referral_structure": a.referral_structure,
                }
                for a in beneficiary.accompaniments.order_by("date", "pk")
            ],
            "registrations": [
                {
                    "workshop": r.session.workshop.title,
                    "starts_at": r.session.starts_at.isoformat(),
                    "status": r.status,
                    "attended": r.attended,
                }
                for r in beneficiary.registrations.select_related("session__workshop").order_by("pk")
            ],
        }
        audit_record(
            place=beneficiary.place, actor=actor, action="mediation.beneficiary.exported", obj=beneficiary,
            object_repr=f"#{beneficiary.pk}",
        )  # fmt: skip
    return data


def _anonymise(beneficiary: Beneficiary, *, now: dt.datetime, contact_matches: bool) -> None:
    """Blank the identity; ``contact_matches`` also blanks unlinked registrations with the same contact
    (erasure on request; not the retention rule, which must not touch someone's coming registrations)."""
    same_person = Q(beneficiary=beneficiary)
    if contact_matches and beneficiary.email:
        same_person |= Q(email__iexact=beneficiary.email)
    if contact_matches and beneficiary.phone:
        same_person |= Q(phone=beneficiary.phone)
    Registration.objects.filter(place=beneficiary.place_id).filter(same_person).update(
        first_name="", email="", phone="", account=None
    )
    if contact_matches:
        from comptoir.mediation.models import Appointment

        contact = Q(pk__in=[])
        if beneficiary.email:
            contact |= Q(email__iexact=beneficiary.email)
        if beneficiary.phone:
            contact |= Q(phone=beneficiary.phone)
        # Their appointments too (linked through the accompaniment, or the same contact).
        Appointment.objects.filter(place=beneficiary.place_id).filter(
            contact | Q(accompaniment__beneficiary=beneficiary)
        ).update(first_name="", email="", phone="", subject="")
    beneficiary.first_name = ""
    beneficiary.email = ""
    beneficiary.phone = ""
    beneficiary.birth_year = None
    beneficiary.age_bracket = v.AgeBracket.NON_COMMUNIQUE
    beneficiary.gender = v.Gender.NON_COMMUNIQUE
    beneficiary.social_status = v.SocialStatus.NON_COMMUNIQUE
    beneficiary.commune = ""
    beneficiary.postal_code = ""
    beneficiary.wants_reminders = False
    beneficiary.consent_at = None
    beneficiary.anonymised_at = now
    beneficiary.save()


def beneficiary_erase(*, beneficiary: Beneficiary, actor: User | None) -> Beneficiary:
    """Erasure on request: identity gone; activities keep their anonymous snapshot for statistics."""
    with transaction.atomic(durable=True):
        beneficiary = Beneficiary.objects.select_for_update().select_related("place").get(pk=beneficiary.pk)
        if beneficiary.anonymised_at:
            raise ServiceError(_("This person's details were already erased."), code="anonymised")
        _anonymise(beneficiary, now=timezone.now(), contact_matches=True)
        audit_record(
            place=beneficiary.place, actor=actor, action="mediation.beneficiary.erased", obj=beneficiary,
            object_repr=f"#{beneficiary.pk}",
        )  # fmt: skip
    return beneficiary


def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = 28
    for candidate in (31, 30, 29, 28):
        try:
            dt.date(year, month, candidate)
        except ValueError:
            continue
        last_day = candidate
        break
    return dt.date(year, month, min(day.day, last_day))


def retention_apply(*, place: Place, now: dt.datetime | None = None, actor: User | None = None) -> dict:
    """Anonymise the beneficiaries not seen for the place's retention period, and old registrations."""
    now = now or timezone.now()
    today = timezone.localtime(now, place.tz).date()
    offer = MediationOffer.objects.filter(place=place).first()
    months = offer.retention_months if offer else DEFAULT_RETENTION_MONTHS
    cutoff = _months_before(today, months)
    with transaction.atomic(durable=True):
        stale = (
            Beneficiary.objects.select_for_update()
            .filter(place=place, anonymised_at__isnull=True)
            .annotate(seen=Coalesce("last_visit", "first_visit", TruncDate("created_at")))
            .filter(seen__lt=cutoff)
        )
        count = 0
        for beneficiary in stale:
            _anonymise(beneficiary, now=now, contact_matches=False)
            count += 1
        cutoff_moment = dt.datetime.combine(cutoff, dt.time.min, tzinfo=place.tz)
        registrations = (
            Registration.objects.filter(place=place, session__ends_at__lt=cutoff_moment)
            .filter(~Q(first_name="") | ~Q(email="") | ~Q(phone="") | Q(account__isnull=False))
            .update(first_name="", email="", phone="", account=None)
        )
        from comptoir.mediation.models import Appointment

        appointments = (
            Appointment.objects.filter(place=place, ends_at__lt=cutoff_moment)
            .filter(~Q(first_name="") | ~Q(email="") | ~Q(phone="") | ~Q(subject=""))
            .update(first_name="", email="", phone="", subject="")
        )
        audit_record(
            place=place, actor=actor, action="mediation.retention.applied",
            after={"cutoff": cutoff, "beneficiaries": count, "registrations": registrations, "months": months,
                   "appointments": appointments},
        )  # fmt: skip
    return {"cutoff": cutoff, "beneficiaries": count, "registrations": registrations}
