"""JSON floors for bench/pages.py: the same reads as three busy staff pages, serialised as JSON instead of
rendered, behind the same access check. Served only by the benchmark (bench/spaces_urls.py)."""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse

from comptoir.core import permissions as p
from comptoir.core.access import place_view
from comptoir.core.pagination import paginate
from comptoir.coworking import permissions as cp
from comptoir.coworking import selectors as coworking
from comptoir.coworking.models import CheckIn
from comptoir.people import selectors as people
from comptoir.spaces import permissions as sp
from comptoir.spaces import selectors as spaces
from comptoir.spaces.availability import availability_search
from comptoir.spaces.views._common import at


@place_view(cp.CHECKIN)
def checkins(request):
    place = request.place
    day = dt.date.fromisoformat(request.GET["jour"])
    present = list(coworking.present_now(place=place))
    log = [
        {
            "member": row["person__display_name"],
            "arrived": row["checked_in_at"].isoformat(),
            "left": row["checked_out_at"].isoformat() if row["checked_out_at"] else None,
            "plan": row["subscription__plan__name"],
            "day_pass": row["day_pass"],
            "over_use": row["over_use"],
        }
        for row in CheckIn.objects.filter(place=place, day=day)
        .order_by("checked_in_at", "pk")
        .values("person__display_name", "checked_in_at", "checked_out_at", "subscription__plan__name", "day_pass",
                "over_use")
    ]  # fmt: skip
    return JsonResponse({"present": len(present), "seats": coworking.seats(place=place), "log": log})


@place_view()
def availability(request):
    place = request.place
    day = dt.date.fromisoformat(request.GET["date"])
    start = at(place, day, dt.time.fromisoformat(request.GET["start"]))
    end = at(place, day, dt.time.fromisoformat(request.GET["end"]))
    results = availability_search(
        place=place,
        start=start,
        end=end,
        attendees=int(request.GET["attendees"]),
        person=request.user,
        as_staff=request.access.has(sp.BOOKINGS_MANAGE),
    )
    return JsonResponse(
        {
            "results": [
                {
                    "resource": r.resource.name,
                    "slug": r.resource.slug,
                    "bookable": r.is_bookable,
                    "reasons": [str(reason.message) for reason in r.reasons],
                }
                for r in results
            ],  # fmt: skip
            "resources": [
                {"name": r.name, "slug": r.slug, "kind": r.kind, "capacity": r.capacity, "seats": r.seats}
                for r in spaces.resource_list(place=place)
            ],
        }
    )


@place_view(p.MEMBERS_VIEW)
def members(request):
    memberships = people.membership_list(place=request.place, search=request.GET.get("q", "").strip()[:100])
    page = paginate(request, memberships)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "members": [
                {"name": m.user.display_name, "email": m.user.email, "roles": m.role_codes, "status": m.status}
                for m in page.object_list
            ],
        }
    )
