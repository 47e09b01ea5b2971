"""What the audit log says of coworking's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, day, describe_objects, model_fields
from comptoir.coworking.models import CheckIn, Plan, Presence, Subscription
from comptoir.coworking.services import PLAN_FIELDS

PERSON = AuditField(gettext_lazy("person"), "object", target="people.User")


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions={
            "coworking_plan.created": gettext_lazy("Coworking plan created"),
            "coworking_subscription.started": gettext_lazy("Coworking plan subscribed"),
            "coworking_subscription.renewed": gettext_lazy("Coworking plan renewed"),
            "coworking_subscription.renewal_stopped": gettext_lazy("Coworking plan's renewal stopped"),
            "coworking_subscription.ended": gettext_lazy("Coworking plan ended"),
            "coworking.checked_in": gettext_lazy("Coworker checked in"),
            "coworking.checked_in_again": gettext_lazy("Coworker checked in again"),
            "coworking.checked_out": gettext_lazy("Coworker checked out"),
            "coworking.presence": gettext_lazy("“Who is here” visibility changed"),
        },
        objects={
            "coworking.Plan": gettext_lazy("coworking plan"),
            "coworking.Subscription": gettext_lazy("coworking subscription"),
            "coworking.CheckIn": gettext_lazy("check-in"),
            "coworking.Presence": gettext_lazy("presence"),
        },
        fields={
            "coworking.Plan": model_fields(Plan, *PLAN_FIELDS, money=("price",)),
            "coworking.Subscription": {
                **model_fields(Subscription, "starts_on", "ends_on", "renews", "desk", "cancelled_at", "end_reason"),
                "plan": AuditField(gettext_lazy("plan"), "object", target="coworking.Plan"),
                "person": PERSON,
            },
            "coworking.CheckIn": {
                **model_fields(CheckIn, "day", "method", "day_pass", "over_use"),
                "subscription": AuditField(gettext_lazy("plan"), "object", target="coworking.Subscription"),
            },
            "coworking.Presence": model_fields(Presence, "visible"),
        },
    )


def _plans(place, ids):
    return {p.pk: p.name for p in Plan.objects.filter(place=place, pk__in=ids).only("pk", "name")}


def _subscriptions(place, ids):
    found = Subscription.objects.filter(place=place, pk__in=ids).select_related("plan", "person")
    return {s.pk: _("%(plan)s of %(person)s") % {"plan": s.plan.name, "person": s.person} for s in found}


def _checkins(place, ids):
    found = CheckIn.objects.filter(place=place, pk__in=ids).select_related("person")
    return {c.pk: _("Visit of %(person)s, %(day)s") % {"person": c.person, "day": day(c.day)} for c in found}


def _presences(place, ids):
    found = Presence.objects.filter(place=place, pk__in=ids).select_related("person")
    return {p.pk: _("Presence of %(person)s") % {"person": p.person} for p in found}


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects,
        place=place,
        describers={
            "coworking.Plan": _plans,
            "coworking.Subscription": _subscriptions,
            "coworking.CheckIn": _checkins,
            "coworking.Presence": _presences,
        },
    )
