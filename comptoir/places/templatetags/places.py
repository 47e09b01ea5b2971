from django import template

from comptoir.places.hours import format_ranges

register = template.Library()


@register.filter
def hour_ranges(ranges):
    return format_ranges(ranges)


@register.simple_tag
def map_link(place) -> str:
    """An OpenStreetMap link: by coordinates when known, else by address search."""
    from urllib.parse import urlencode

    if place.latitude is not None and place.longitude is not None:
        return f"https://www.openstreetmap.org/?mlat={place.latitude}&mlon={place.longitude}#map=18/{place.latitude}/{place.longitude}"
    if place.street_address or place.city:
        return "https://www.openstreetmap.org/search?" + urlencode({"query": place.one_line_address})
    return ""
