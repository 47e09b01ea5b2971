from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.core.registry import collect

if TYPE_CHECKING:
    from django.http import HttpRequest

    from comptoir.core.access import PlaceAccess


def build_panels(request: HttpRequest, access: PlaceAccess, attribute: str) -> list[dict]:
    """Render-ready panels for the staff or member home, filtered by service and permission."""
    panels = []
    for panel in collect(attribute):
        if panel.service and not access.place.runs(panel.service):
            continue
        if panel.permission and not access.has(panel.permission):
            continue
        context = panel.build(request, access)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return panels
