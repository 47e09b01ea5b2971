"""A mistaken accompaniment can be corrected (not only deleted), through a service, audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import ServiceError
from comptoir.mediation import services
from comptoir.mediation.tests.factories import AccompanimentFactory

pytestmark = pytest.mark.django_db


def test_mediator_corrects_an_accompaniment_and_it_is_audited(client, place, mediator):
    line = AccompanimentFactory(place=place, mediator=mediator, duration_minutes=30, themes=["email"])
    client.force_login(mediator)
    page = reverse("mediation:accompaniment_edit", kwargs={"place_slug": place.slug, "accompaniment_id": line.pk})
    assert client.get(page).status_code == 200
    yesterday = timezone.localdate(timezone=place.tz) - dt.timedelta(days=1)
    response = client.post(page, {
        "date": yesterday.isoformat(), "place_type": "domicile", "type": "demarche_administrative",
        "duration_minutes": "45", "themes": ["argent_impots"], "gender": "feminin", "age_bracket": "non_communique",
    })  # fmt: skip
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.date, line.place_type, line.type, line.duration_minutes) == (
        yesterday, "domicile", "demarche_administrative", 45)  # fmt: skip
    assert line.themes == ["argent_impots"] and line.gender == "feminin"
    entry = AuditEntry.objects.get(action="mediation.accompaniment.updated")
    assert entry.before["duration_minutes"] == 30 and entry.after["duration_minutes"] == 45


def test_correction_follows_the_recording_rules(place, mediator):
    line = AccompanimentFactory(place=place, mediator=mediator)
    with pytest.raises(ServiceError):
        services.accompaniment_update(accompaniment=line, actor=mediator, themes=[])
    with pytest.raises(ServiceError):
        services.accompaniment_update(
            accompaniment=line, actor=mediator, date=timezone.localdate(timezone=place.tz) + dt.timedelta(days=2)
        )
