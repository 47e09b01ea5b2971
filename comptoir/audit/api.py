import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from comptoir.audit.readable import readable
from comptoir.audit.selectors import audit_list
from comptoir.core import permissions as p
from comptoir.core.api_auth import AUTH, access_for

router = Router(tags=["audit"], auth=AUTH)


class AuditEntryOut(Schema):
    """One entry: the raw record (``action`` code, ``object_type`` / ``object_id``, ``before`` / ``after``
    as recorded: ISO dates, amounts as text, ids) and, for people, ``action_label`` and ``summary`` (the
    object named as the log page names it) in the request's language."""

    id: int
    created_at: dt.datetime
    actor: str | None
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    summary: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.email if obj.actor else None


class ReadablePages(PageNumberPagination):
    """Pages whose entries carry their label and summary, the objects of a page named in bulk."""

    def paginate_queryset(self, queryset, pagination: Any, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        for row in readable(items, place=request.audit_place):
            # Read by AuditEntryOut beside the entry's own fields.
            setattr(row.entry, "action_label", row.action_label)  # noqa: B010
            setattr(row.entry, "summary", row.summary)  # noqa: B010
        page[self.items_attribute] = items
        return page


@router.get("/places/{slug}/audit", response=list[AuditEntryOut], summary="Audit log of a place (place admin)")
@paginate(ReadablePages, page_size=50)
def audit_entries(request, slug: str, action: str = ""):
    access = access_for(request, slug, p.AUDIT_VIEW)
    request.audit_place = access.place
    return audit_list(place=access.place, action=action[:80])
