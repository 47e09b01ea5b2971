"""What the audit log says of the outbox's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditVocabulary, describe_objects, model_fields
from comptoir.tasks.models import Delivery


def vocabulary() -> AuditVocabulary:
    return AuditVocabulary(
        actions={"delivery.retried": gettext_lazy("Unsent message tried again")},
        objects={"tasks.Delivery": gettext_lazy("message")},
        fields={"tasks.Delivery": model_fields(Delivery, "state", "attempts", "last_error")},
    )


def _deliveries(place, ids):
    found = Delivery.objects.filter(place=place, pk__in=ids).only("pk", "recipient", "subject")
    return {
        d.pk: _("Message to %(recipient)s: %(subject)s") % {"recipient": d.recipient, "subject": d.subject or "—"}
        for d in found
    }


def describe(*, place, objects) -> dict:
    return describe_objects(objects, place=place, describers={"tasks.Delivery": _deliveries})
