from django.shortcuts import render

from comptoir.audit.readable import action_choices, readable
from comptoir.audit.selectors import audit_list
from comptoir.core import permissions as p
from comptoir.core.access import place_view
from comptoir.core.pagination import paginate


@place_view(p.AUDIT_VIEW)
def entries(request):
    action = request.GET.get("action", "").strip()[:80]
    page = paginate(request, audit_list(place=request.place, action=action))
    context = {
        "page": page,
        "rows": readable(page.object_list, place=request.place),
        "action": action,
        "actions": action_choices(),
    }
    return render(request, "audit/list.html", context)
