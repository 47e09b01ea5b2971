"""What the audit log says of mediation's entries (``audit_vocabulary`` / ``audit_describe`` hooks).

A person accompanied is never named in the log (their file is personal data the log need not hold):
objects are described by what happened, when and with which mediator, and a beneficiary by number.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, day, describe_objects, model_fields, span
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import (
    Accompaniment,
    Appointment,
    AvailabilityRule,
    Beneficiary,
    MediationOffer,
    Registration,
    Voucher,
    VoucherBooklet,
    VoucherClaim,
    Workshop,
    WorkshopSession,
)  # fmt: skip
from comptoir.mediation.services.accompaniments import EDITABLE_FIELDS

MEDIATOR = AuditField(gettext_lazy("mediator"), "object", target="people.User")
SESSIONS = AuditField(gettext_lazy("sessions"), "objects", target="mediation.WorkshopSession")
ROOM_BOOKINGS = AuditField(gettext_lazy("room bookings"), "objects", target="spaces.Booking")


def vocabulary() -> AuditVocabulary:
    accompaniment = {
        **model_fields(Accompaniment, *EDITABLE_FIELDS),
        "themes": AuditField(gettext_lazy("themes"), "choice", choices=dict(v.Theme.choices)),
        "equipment": AuditField(gettext_lazy("equipment used"), "choice", choices=dict(v.Equipment.choices)),
    }
    return AuditVocabulary(
        actions={
            "mediation.beneficiary.created": gettext_lazy("Person's file created"),
            "mediation.beneficiary.updated": gettext_lazy("Person's file changed"),
            "mediation.beneficiary.viewed": gettext_lazy("Person's file viewed"),
            "mediation.beneficiary.exported": gettext_lazy("Person's file exported"),
            "mediation.beneficiary.erased": gettext_lazy("Person's file erased"),
            "mediation.retention.applied": gettext_lazy("Old personal data anonymised"),
            "mediation.accompaniments.recorded": gettext_lazy("Accompaniments recorded"),
            "mediation.accompaniment.updated": gettext_lazy("Accompaniment corrected"),
            "mediation.accompaniment.deleted": gettext_lazy("Accompaniment deleted"),
            "mediation.appointments.opened": gettext_lazy("Appointment slots opened"),
            "mediation.appointment.booked": gettext_lazy("Appointment booked"),
            "mediation.appointment.cancelled": gettext_lazy("Appointment cancelled"),
            "mediation.appointment.self_cancelled": gettext_lazy("Appointment cancelled by the person"),
            "mediation.appointment.no_show": gettext_lazy("Appointment missed"),
            "mediation.appointment.held": gettext_lazy("Appointment held"),
            "mediation.appointment_reminders.sent": gettext_lazy("Appointment reminders sent"),
            "mediation.availability.created": gettext_lazy("Mediator's availability added"),
            "mediation.availability.deleted": gettext_lazy("Mediator's availability removed"),
            "mediation.offer.updated": gettext_lazy("Mediation offer changed"),
            "mediation.workshop.created": gettext_lazy("Workshop created"),
            "mediation.workshop.updated": gettext_lazy("Workshop changed"),
            "mediation.workshop.repriced": gettext_lazy("Workshop's price changed"),
            "mediation.sessions.created": gettext_lazy("Workshop sessions scheduled"),
            "mediation.session.moved": gettext_lazy("Workshop session moved"),
            "mediation.session.cancelled": gettext_lazy("Workshop session cancelled"),
            "mediation.attendance.saved": gettext_lazy("Attendance taken"),
            "mediation.registration.created": gettext_lazy("Registration to a workshop"),
            "mediation.registration.cancelled": gettext_lazy("Registration cancelled"),
            "mediation.registration.promoted": gettext_lazy("Registration moved off the waiting list"),
            "mediation.registration.walk_in": gettext_lazy("Walk-in at a workshop"),
            "mediation.reminders.sent": gettext_lazy("Workshop reminders sent"),
            "mediation.booklet.created": gettext_lazy("Voucher booklet recorded"),
            "mediation.voucher.accepted": gettext_lazy("Voucher accepted"),
            "mediation.claims.prepared": gettext_lazy("Voucher claims prepared"),
            "mediation.claim.marked": gettext_lazy("Voucher claim updated"),
        },
        objects={
            "mediation.Beneficiary": gettext_lazy("person accompanied"),
            "mediation.Accompaniment": gettext_lazy("accompaniment"),
            "mediation.Appointment": gettext_lazy("appointment"),
            "mediation.AvailabilityRule": gettext_lazy("availability"),
            "mediation.MediationOffer": gettext_lazy("mediation offer"),
            "mediation.Workshop": gettext_lazy("workshop"),
            "mediation.WorkshopSession": gettext_lazy("workshop session"),
            "mediation.Registration": gettext_lazy("registration"),
            "mediation.VoucherBooklet": gettext_lazy("voucher booklet"),
            "mediation.Voucher": gettext_lazy("voucher"),
            "mediation.VoucherClaim": gettext_lazy("voucher claim"),
        },
        fields={
            "mediation.Accompaniment": accompaniment,
            "mediation.MediationOffer": model_fields(
                MediationOffer, *(f.name for f in MediationOffer._meta.concrete_fields if f.name not in ("id", "place"))
            ),
            "mediation.accompaniments.recorded": {
                "ids": AuditField(gettext_lazy("accompaniments"), "objects", target="mediation.Accompaniment"),
                "date": AuditField(gettext_lazy("date"), "date"),
            },
            "mediation.beneficiary.created": {"from": AuditField(gettext_lazy("recorded from"))},
            "mediation.beneficiary.updated": {"fields": AuditField(gettext_lazy("fields changed"))},
            "mediation.beneficiary.viewed": {"channel": AuditField(gettext_lazy("how"))},
            "mediation.retention.applied": {
                "cutoff": AuditField(gettext_lazy("older than"), "date"),
                "beneficiaries": AuditField(gettext_lazy("people's files"), "number"),
                "registrations": AuditField(gettext_lazy("registrations"), "number"),
                "appointments": AuditField(gettext_lazy("appointments"), "number"),
                "months": AuditField(gettext_lazy("kept for (months)"), "number"),
            },
            "mediation.appointments.opened": {
                "ids": AuditField(gettext_lazy("appointments"), "objects", target="mediation.Appointment"),
                "mediator": MEDIATOR,
                "room_bookings": ROOM_BOOKINGS,
            },
            "mediation.Appointment": {
                "status": AuditField(gettext_lazy("status"), "choice", choices=dict(Appointment.Status.choices)),
                "rule": AuditField(gettext_lazy("availability"), "object", target="mediation.AvailabilityRule"),
                "accompaniment": AuditField(gettext_lazy("accompaniment"), "object", target="mediation.Accompaniment"),
            },
            "mediation.AvailabilityRule": {
                **model_fields(AvailabilityRule, "weekday", "slot_minutes"),
                "mediator": MEDIATOR,
                "start": AuditField(AvailabilityRule._meta.get_field("start_time").verbose_name, "time"),
                "end": AuditField(AvailabilityRule._meta.get_field("end_time").verbose_name, "time"),
                "resource": AuditField(gettext_lazy("room"), "object", target="spaces.Resource"),
            },
            "mediation.Workshop": {
                **model_fields(Workshop, "price_kind", "price", money=("price",)),
                "vat_rate": AuditField(Workshop._meta.get_field("vat_rate").verbose_name),
                "seats_repriced": AuditField(gettext_lazy("seats repriced"), "number"),
                "seats_invoiced_unchanged": AuditField(gettext_lazy("seats already invoiced (unchanged)"), "number"),
            },
            "mediation.sessions.created": {
                "ids": SESSIONS,
                "series": AuditField(gettext_lazy("series")),
                "room_bookings": ROOM_BOOKINGS,
            },
            "mediation.WorkshopSession": {
                **model_fields(WorkshopSession, "starts_at", "ends_at"),
                "absent": AuditField(gettext_lazy("absent"), "objects", target="mediation.Registration"),
            },
            "mediation.Registration": {
                "session": AuditField(gettext_lazy("session"), "object", target="mediation.WorkshopSession"),
                "status": AuditField(gettext_lazy("status"), "choice", choices=dict(Registration.Status.choices)),
                "account": AuditField(gettext_lazy("account"), "object", target="people.User"),
            },
            "mediation.claims.prepared": {
                "month": AuditField(gettext_lazy("month"), "date"),
                "claims": AuditField(gettext_lazy("claims"), "objects", target="mediation.VoucherClaim"),
            },
            "mediation.VoucherClaim": {
                **model_fields(VoucherClaim, "status", "amount", money=("amount",)),
                "revenue_ref": AuditField(gettext_lazy("accounting document")),
            },
            "mediation.appointment_reminders.sent": {"count": AuditField(gettext_lazy("reminders sent"), "number")},
            "mediation.reminders.sent": {"count": AuditField(gettext_lazy("reminders sent"), "number")},
        },
    )


def _beneficiaries(place, ids):
    # By number only: the log never holds a person's name.
    found = Beneficiary.objects.filter(place=place, pk__in=ids).values_list("pk", flat=True)
    return {pk: _("Person accompanied no. %(id)s") % {"id": pk} for pk in found}


def _accompaniments(place, ids):
    found = Accompaniment.objects.filter(place=place, pk__in=ids).only("pk", "type", "date")
    return {a.pk: f"{a.get_type_display()}, {day(a.date)}" for a in found}


def _appointments(place, ids):
    found = Appointment.objects.filter(place=place, pk__in=ids).select_related("mediator")
    return {
        a.pk: _("Appointment with %(mediator)s, %(when)s")
        % {"mediator": a.mediator, "when": span(a.starts_at, a.ends_at, place=place)}
        for a in found
    }


def _rules(place, ids):
    found = AvailabilityRule.objects.filter(place=place, pk__in=ids).select_related("mediator")
    return {
        r.pk: _("%(mediator)s available on %(weekday)s, %(start)s–%(end)s")
        % {
            "mediator": r.mediator,
            "weekday": r.get_weekday_display(),
            "start": formats.time_format(r.start_time, "H:i"),
            "end": formats.time_format(r.end_time, "H:i"),
        }
        for r in found
    }


def _offers(place, ids):
    found = MediationOffer.objects.filter(place=place, pk__in=ids).values_list("pk", flat=True)
    return {pk: _("Mediation offer of the place") for pk in found}


def _workshops(place, ids):
    return {w.pk: w.title for w in Workshop.objects.filter(place=place, pk__in=ids).only("pk", "title")}


def _sessions(place, ids):
    found = WorkshopSession.objects.filter(place=place, pk__in=ids).select_related("workshop")
    return {s.pk: f"{s.workshop.title}, {span(s.starts_at, s.ends_at, place=place)}" for s in found}


def _registrations(place, ids):
    found = Registration.objects.filter(place=place, pk__in=ids).select_related("session__workshop")
    return {
        r.pk: _("Registration to %(workshop)s, %(when)s")
        % {"workshop": r.session.workshop.title, "when": span(r.session.starts_at, None, place=place)}
        for r in found
    }


def _booklets(place, ids):
    found = VoucherBooklet.objects.filter(place=place, pk__in=ids)
    return {
        b.pk: _("Booklet of %(count)s vouchers from %(funder)s (%(year)s)")
        % {"count": b.count, "funder": b.funder, "year": b.validity_year}
        for b in found
    }


def _vouchers(place, ids):
    found = Voucher.objects.filter(place=place, pk__in=ids).only("pk", "code")
    return {x.pk: _("Voucher %(code)s") % {"code": x.code} for x in found}


def _claims(place, ids):
    found = VoucherClaim.objects.filter(place=place, pk__in=ids)
    return {
        c.pk: _("Voucher claim to %(funder)s, %(month)s")
        % {"funder": c.funder, "month": formats.date_format(c.month, "YEAR_MONTH_FORMAT")}
        for c in found
    }


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects,
        place=place,
        describers={
            "mediation.Beneficiary": _beneficiaries,
            "mediation.Accompaniment": _accompaniments,
            "mediation.Appointment": _appointments,
            "mediation.AvailabilityRule": _rules,
            "mediation.MediationOffer": _offers,
            "mediation.Workshop": _workshops,
            "mediation.WorkshopSession": _sessions,
            "mediation.Registration": _registrations,
            "mediation.VoucherBooklet": _booklets,
            "mediation.Voucher": _vouchers,
            "mediation.VoucherClaim": _claims,
        },
    )
