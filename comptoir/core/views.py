from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.template import loader
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



def _with_place_of_address(request: HttpRequest) -> None:
    """Error pages show the place's layout when the address names a place (``/<place-slug>/...``), even
    when the refusal came before the view set ``request.access`` (a member opening a staff page)."""
    if getattr(request, "access", None) is not None:
        return
    from comptoir.core.access import access_for_slug

    slug = request.path.strip("/").split("/", 1)[0]
    if slug:
        access = access_for_slug(user=getattr(request, "user", None), slug=slug)
        if access is not None:
            request.access = access  # type: ignore[attr-defined]  # read by the context processor


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    from django.http import HttpResponse

    try:
        _with_place_of_address(request)
    except Exception:  # noqa: BLE001 - the error page must render even when the database is the fault
        pass
    return HttpResponse(loader.render_to_string(template, request=request), status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500 renders without the database or the context processors: the fault may be either."""
    from django.http import HttpResponseServerError

    context = {"instance_name": settings.COMPTOIR_INSTANCE_NAME}
    return HttpResponseServerError(loader.render_to_string("500.html", context))
