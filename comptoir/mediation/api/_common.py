"""Helpers shared by the mediation API's routers."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from comptoir.core.errors import ServiceError
from comptoir.mediation import selectors
from comptoir.places.selectors import place_get_by_slug


def public_place(slug: str):
    """The place ``slug`` if it runs digital mediation; 404 otherwise (its public endpoints need no account)."""
    place = place_get_by_slug(slug=slug)
    if place is None or not place.runs("mediation"):
        raise Http404
    return place


def place_room(place, resource_id: int | None):
    """The room (a bookable resource of the place) ``resource_id`` names, or None when none is asked; 400
    for another resource."""
    if resource_id is None:
        return None
    room = next((r for r in selectors.room_resources(place=place) if r.pk == resource_id), None)
    if room is None:
        raise ServiceError(_("This room is not one of the place's rooms."), field="resource")
    return room
