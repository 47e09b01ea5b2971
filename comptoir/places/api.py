from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from comptoir.core.viewhelpers import or_404
from comptoir.places import hours
from comptoir.places.selectors import legal_entity_list, place_get_by_slug, place_list_public

router = Router(tags=["places"])


class PlaceOut(Schema):
    slug: str
    name: str
    summary: str
    street_address: str
    postal_code: str
    city: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    timezone: str
    email: str
    phone: str
    website: str
    opening_hours: str
    services: list[str]


class LegalEntityOut(Schema):
    entity_id: int = Field(..., alias="pk")  # what a draft invoice's ``entity_id`` takes
    kind: str
    name: str
    legal_form: str
    siret: str
    rna: str
    vat_number: str
    is_primary: bool


class PlaceDetailOut(PlaceOut):
    description: str
    open_now: bool | None


@router.get("/places", response=list[PlaceOut], summary="Places of this instance (public)", auth=None)
@paginate(PageNumberPagination, page_size=50)
def place_list(request):
    return place_list_public()


@router.get("/places/{slug}", response=PlaceDetailOut, summary="One place (public)", auth=None)
def place_detail(request, slug: str):
    from django.utils import timezone

    place = or_404(place_get_by_slug(slug=slug))
    place.open_now = hours.is_open_at(place.opening_hours, timezone.now(), place.tz)
    return place


@router.get(
    "/places/{slug}/legal-entities", response=list[LegalEntityOut], auth=None,
    summary="The legal entities that act for a place: its association, its cooperative (public, as on invoices)",
)  # fmt: skip
def legal_entities(request, slug: str):
    place = or_404(place_get_by_slug(slug=slug))
    return list(legal_entity_list(place=place))
