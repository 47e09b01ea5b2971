"""The REST API under /api/v1/: one NinjaAPI, one router per app (see core.registry)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from comptoir.core.errors import ServiceError
from comptoir.core.registry import comptoir_app_configs


class SwaggerWithLanguage(Swagger):
    """Swagger UI whose page says its language: django-ninja's template opens with a bare ``<html>``
    (screen readers then guess the language). Its template is kept as it is, not copied."""

    def render_page(self, request, api, **kwargs):
        response = super().render_page(request, api, **kwargs)
        language = getattr(request, "LANGUAGE_CODE", "") or get_language()
        response.content = response.content.replace(b"<html>", f'<html lang="{language}">'.encode(), 1)
        return response


api = NinjaAPI(
    title="Comptoir API",
    version="1",
    description="The API of Comptoir, the platform of tiers-lieux. Authenticate with a personal token "
    "(`Authorization: Bearer cpt_...`, created in your account) or with the browser session.",
    urls_namespace="api-1",
    docs_url="/docs",
    docs=SwaggerWithLanguage(),
)


@api.exception_handler(ServiceError)
def service_error(request, exc: ServiceError):
    body = {"detail": str(exc.message), "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(ValidationError)
def django_validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


for _config in comptoir_app_configs():
    _path = getattr(_config, "api_router", None)
    if _path:
        module, _sep, attribute = _path.partition(":")
        api.add_router(getattr(_config, "api_prefix", "") or "", import_string(f"{module}.{attribute}"))
