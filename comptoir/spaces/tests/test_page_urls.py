"""URLs made once per page (views._common.resource_url_maker) are the ones reverse() gives."""

from django.urls import reverse

from comptoir.places.models import Place
from comptoir.spaces.views._common import resource_url_maker


def test_resource_url_maker_gives_what_reverse_gives():
    place = Place(slug="la-fabrique")
    for name in ("spaces:resource", "spaces:book"):
        make = resource_url_maker(name, place)
        for slug in ("salle-1", "bureau_2", "a", "resource-slug"):
            assert make(slug) == reverse(name, kwargs={"place_slug": place.slug, "resource_slug": slug})
