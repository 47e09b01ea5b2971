from django.shortcuts import render

from comptoir.audit.selectors import audit_list
from comptoir.core import permissions as p
from comptoir.core.access import place_view
from comptoir.core.pagination import paginate


@place_view(p.AUDIT_VIEW)
def entries(request):
    action = request.GET.get("action", "").strip()[:80]
    page = paginate(request, audit_list(place=request.place, action=action))
    return render(request, "audit/list.html", {"page": page, "action": action})
