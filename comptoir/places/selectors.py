from collections.abc import Iterable

from django.db.models import QuerySet

from comptoir.places.models import LegalEntity, Place


def place_get_by_slug(*, slug: str) -> Place | None:
    return Place.objects.filter(slug=slug).first()


def place_list_public() -> QuerySet[Place]:
    return Place.objects.filter(is_listed=True).order_by("name")


def place_single() -> Place | None:
    """The place of a single-place instance, or None when the instance hosts several (or none)."""
    places = list(Place.objects.order_by("pk")[:2])
    return places[0] if len(places) == 1 else None


def legal_entity_list(*, place: Place) -> QuerySet[LegalEntity]:
    return LegalEntity.objects.filter(place=place).select_related("place")


def legal_entity_primary(*, place: Place) -> LegalEntity | None:
    return legal_entity_list(place=place).filter(is_primary=True).first()


def legal_entity_default(*, entities: Iterable[LegalEntity]) -> LegalEntity | None:
    """The entity a form choosing among ``entities`` preselects: the only one, else the primary one (None when
    there are several and none is primary: the person chooses)."""
    entities = list(entities)
    if len(entities) == 1:
        return entities[0]
    return next((entity for entity in entities if entity.is_primary), None)
