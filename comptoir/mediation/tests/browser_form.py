"""What a browser submits for a form left as the page shows it (tests only)."""

from __future__ import annotations

import lxml.html


def submitted_values(html: str | bytes, form_id: str) -> dict[str, list[str]]:
    """The values a browser sends for ``<form id=form_id>`` untouched: checked boxes and radios, the selected
    option of each ``<select>`` or, when none is selected, its first option (as browsers do)."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    values: dict[str, list[str]] = {}
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            options = element.findall(".//option")
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            values.setdefault(name, []).extend(o.get("value", o.text_content()) for o in chosen)
        elif element.tag == "textarea":
            values.setdefault(name, []).append(element.text or "")
        elif element.get("type") in ("checkbox", "radio"):
            if element.get("checked") is not None:
                values.setdefault(name, []).append(element.get("value", "on"))
        elif element.get("type") not in ("submit", "button", "image", "reset", "file"):
            values.setdefault(name, []).append(element.get("value", ""))
    return values
