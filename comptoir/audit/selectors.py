from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from comptoir.audit.models import AuditEntry

if TYPE_CHECKING:
    from comptoir.places.models import Place


def audit_list(*, place: Place, action: str = "", actor_id: int | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(place=place).select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    return entries
