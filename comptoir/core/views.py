from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

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

