from comptoir.core.registry import collect


def build_panels(request, access, attribute: str) -> list[dict]:
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
