"""What the audit log says of the association's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.association.models import Adhesion, FeeScheme
from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, describe_objects, model_fields


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions={
            "association.fee_scheme_saved": gettext_lazy("Membership fee saved"),
            "association.joined": gettext_lazy("Adhésion taken"),
            "association.paid": gettext_lazy("Adhésion paid"),
            "association.reminders_sent": gettext_lazy("Adhésion renewal reminders sent"),
        },
        objects={
            "association.FeeScheme": gettext_lazy("membership fee"),
            "association.Adhesion": gettext_lazy("adhésion"),
        },
        fields={
            "association.FeeScheme": model_fields(
                FeeScheme, "name", "category", "amount", "period", "free_amount", "is_active", money=("amount",)
            ),
            "association.Adhesion": model_fields(
                Adhesion, "amount", "starts_on", "ends_on", "status", money=("amount",)
            ),
            "association.joined": {
                "scheme": AuditField(gettext_lazy("membership fee")),
                "from": AuditField(Adhesion._meta.get_field("starts_on").verbose_name, "date"),
                "until": AuditField(Adhesion._meta.get_field("ends_on").verbose_name, "date"),
            },
            "association.reminders_sent": {"count": AuditField(gettext_lazy("reminders sent"), "number")},
        },
    )


def _schemes(place, ids):
    return {s.pk: s.name for s in FeeScheme.objects.filter(place=place, pk__in=ids).only("pk", "name")}


def _adhesions(place, ids):
    found = Adhesion.objects.filter(place=place, pk__in=ids).select_related("user")
    return {
        a.pk: _("Adhésion of %(person)s from %(start)s to %(end)s")
        % {
            "person": a.user,
            "start": formats.date_format(a.starts_on, "DATE_FORMAT"),
            "end": formats.date_format(a.ends_on, "DATE_FORMAT"),
        }
        for a in found
    }


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects, place=place, describers={"association.FeeScheme": _schemes, "association.Adhesion": _adhesions}
    )
