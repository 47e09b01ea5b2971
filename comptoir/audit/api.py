import datetime as dt

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from comptoir.audit.selectors import audit_list
from comptoir.core import permissions as p
from comptoir.core.api_auth import AUTH, access_for

router = Router(tags=["audit"], auth=AUTH)


class AuditEntryOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.email if obj.actor else None


@router.get("/places/{slug}/audit", response=list[AuditEntryOut], summary="Audit log of a place (place admin)")
@paginate(PageNumberPagination, page_size=50)
def audit_entries(request, slug: str, action: str = ""):
    access = access_for(request, slug, p.AUDIT_VIEW)
    return audit_list(place=access.place, action=action[:80])
