"""An accompaniment elsewhere than the place is reported in the CRA at the town where it happened."""

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.mediation import services, stats
from comptoir.mediation import vocabularies as v

pytestmark = pytest.mark.django_db


def _line():
    return services.AccompanimentInput(themes=[v.Theme.EMAIL])


@pytest.mark.place(city="Saint-Étienne", postal_code="42000")
def test_cra_reports_the_town_where_the_help_happened(place, mediator):
    services.accompaniments_record(
        place=place, mediator=mediator, lines=[_line()], place_type=v.PlaceType.DOMICILE,
        activity_commune="Firminy", activity_postal_code="42700",
    )  # fmt: skip
    services.accompaniments_record(place=place, mediator=mediator, lines=[_line()])
    today = timezone.localdate(timezone=place.tz)
    rows = sorted(stats.cra_rows(place=place, start=today, end=today), key=lambda r: r["type_lieu"])
    assert [(r["type_lieu"], r["commune"], r["code_postal"]) for r in rows] == [
        ("domicile", "Firminy", "42700"), ("lieu_activite", "Saint-Étienne", "42000"),
    ]  # fmt: skip
    assert rows[0]["code_insee"] == ""  # the place's INSEE code is not the home's


def test_the_town_where_it_happened_is_checked(place, mediator):
    with pytest.raises(ServiceError) as refused:
        services.accompaniments_record(
            place=place, mediator=mediator, lines=[_line()], place_type=v.PlaceType.DOMICILE,
            activity_commune="Firminy", activity_postal_code="abcde",
        )  # fmt: skip
    assert refused.value.field == "activity_postal_code"


def test_quick_entry_takes_the_town_where_it_happened(client, place, mediator):
    client.force_login(mediator)
    page = reverse("mediation:quick_entry", kwargs={"place_slug": place.slug})
    response = client.post(page, {
        "lines": "1", "date": timezone.localdate(timezone=place.tz).isoformat(), "place_type": "domicile",
        "activity_commune": "Firminy", "activity_postal_code": "42700", "l0-type": "individuel",
        "l0-duration_minutes": "30", "l0-themes": ["email"],
    })  # fmt: skip
    assert response.status_code == 302
    from comptoir.mediation.models import Accompaniment

    assert Accompaniment.objects.get().activity_commune == "Firminy"
