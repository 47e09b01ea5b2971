"""Root URLs. Each service app mounts its own pages through its AppConfig (see core.registry)."""

from importlib import import_module

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from comptoir.api.api import api
from comptoir.core import views as core_views
from comptoir.core.registry import comptoir_app_configs
from comptoir.places import views as places_views

admin.site.site_header = "Comptoir"
# The Django admin is for the instance's operators only; staff work in Comptoir's own screens.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

# French (or English) error pages inside the place's layout, saying what to do next.
handler403 = "comptoir.core.views.permission_denied"
handler404 = "comptoir.core.views.page_not_found"
handler500 = "comptoir.core.views.server_error"

urlpatterns = [
    path("", places_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

for config in comptoir_app_configs():
    if getattr(config, "root_urls", None):
        urlpatterns.append(path("", include(config.root_urls)))

# Place pages come last: /<place-slug>/... (slugs that would shadow the paths above are reserved).
for config in comptoir_app_configs():
    if getattr(config, "place_urls", None):
        urlpatterns.append(path("<slug:place_slug>/", include(import_module(config.place_urls))))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
