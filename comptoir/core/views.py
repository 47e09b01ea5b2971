from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from comptoir.places.selectors import place_list_public, place_single

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        database = "unreachable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database, "version": settings.COMPTOIR_VERSION},
        status=status,
    )


def home(request: HttpRequest) -> HttpResponse:
    """A single-place instance opens on its place; a network's instance lists its places."""
    single = place_single()
    if single is not None:
        return redirect("places:public", place_slug=single.slug)
    return render(request, "core/network.html", {"places": place_list_public()})
