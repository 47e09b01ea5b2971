"""What the audit log says of the programme's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, describe_objects, model_fields, span
from comptoir.programme.models import Activity, Registration, Session
from comptoir.programme.services.activities import ACTIVITY_FIELDS

SESSION = AuditField(gettext_lazy("session"), "object", target="programme.Session")


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions={
            "programme.activity.created": gettext_lazy("Activity created"),
            "programme.activity.updated": gettext_lazy("Activity changed"),
            "programme.sessions.scheduled": gettext_lazy("Sessions scheduled"),
            "programme.session.cancelled": gettext_lazy("Session cancelled"),
            "programme.registration.created": gettext_lazy("Registration made"),
            "programme.registration.cancelled": gettext_lazy("Registration cancelled"),
            "programme.registration.promoted": gettext_lazy("Registration moved from the waiting list"),
            "programme.attendance.recorded": gettext_lazy("Attendance recorded"),
            "programme.attendance.walk_in": gettext_lazy("Walk-in recorded"),
            "programme.attendance.checked_in": gettext_lazy("Checked in at the door"),
        },
        objects={
            "programme.Activity": gettext_lazy("activity"),
            "programme.Session": gettext_lazy("session"),
            "programme.Registration": gettext_lazy("registration"),
        },
        fields={
            "programme.Activity": {
                **model_fields(Activity, *ACTIVITY_FIELDS),
                "ids": AuditField(gettext_lazy("sessions"), "objects", target="programme.Session"),
                "series": AuditField(gettext_lazy("weekly series"), "bool"),
                "capacity": AuditField(gettext_lazy("seats"), "number"),
                "where": AuditField(
                    gettext_lazy("where"), "choice", choices=dict(Session._meta.get_field("location_kind").choices)
                ),
                "room_bookings": AuditField(gettext_lazy("room bookings"), "objects", target="spaces.Booking"),
            },
            "programme.Session": {
                "reason": AuditField(gettext_lazy("why it is cancelled")),
                "told": AuditField(gettext_lazy("people told"), "number"),
                "absent": AuditField(gettext_lazy("registrations absent"), "objects", target="programme.Registration"),
                "present": AuditField(gettext_lazy("people present"), "number"),
                "headcount": AuditField(gettext_lazy("walk-ins"), "number"),
            },
            "programme.Registration": {
                **model_fields(Registration, "state", "seats"),
                "session": SESSION,
                "user": AuditField(gettext_lazy("account"), "object", target="people.User"),
            },
        },
    )


def _activities(place, ids):
    return {a.pk: a.title for a in Activity.objects.filter(place=place, pk__in=ids).only("pk", "title")}


def _sessions(place, ids):
    found = Session.objects.filter(place=place, pk__in=ids).select_related("activity")
    return {s.pk: f"{s.activity.title}, {span(s.starts_at, s.ends_at, place=place)}" for s in found}


def _registrations(place, ids):
    found = Registration.objects.filter(place=place, pk__in=ids).select_related("session__activity")
    return {
        r.pk: _("Registration n° %(number)s to %(activity)s, %(when)s")
        % {
            "number": r.pk,
            "activity": r.session.activity.title,
            "when": span(r.session.starts_at, r.session.ends_at, place=place),
        }
        for r in found
    }


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects,
        place=place,
        describers={
            "programme.Activity": _activities,
            "programme.Session": _sessions,
            "programme.Registration": _registrations,
        },
    )
