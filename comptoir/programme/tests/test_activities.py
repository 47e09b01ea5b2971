"""Activities: every field checked before anything is written."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import ServiceError
from comptoir.programme import services
from comptoir.programme.models import Activity
from comptoir.programme.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_create_then_update_an_activity(place, admin):
    activity = services.activity_create(
        place=place, actor=admin, title="  Goûter   de code ", description="On code, puis on goûte.\nVenez !",
        audience="Familles", age_min=7, age_max=11, level="beginner", themes=["code", "jeux", "code"],
        accessibility="Salle de plain-pied, boucle magnétique.", organiser="L'équipe du lieu",
        partners="Médiathèque", status="published",
    )  # fmt: skip
    assert activity.title == "Goûter de code" and activity.description == "On code, puis on goûte.\nVenez !"
    assert activity.themes == ["code", "jeux"] and activity.place == place and activity.is_published
    updated = services.activity_update(activity=activity, actor=admin, title="Goûter numérique", status="draft")
    assert updated.title == "Goûter numérique" and updated.status == "draft" and updated.age_min is None
    entries = AuditEntry.objects.filter(object_id=str(activity.pk)).order_by("pk")
    assert [e.action for e in entries] == ["programme.activity.created", "programme.activity.updated"]
    assert entries[1].before["title"] == "Goûter de code"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"title": "x" * 10_000}, "title", "trop long : 150 caractères au plus (il en a 10000)"),
        ({"title": "   "}, "title", "titre"),
        ({"description": "x" * 10_001}, "description", "trop long"),
        ({"age_min": 12, "age_max": 7}, "age_min", "âge minimum dépasse"),
        ({"age_max": 300}, "age_max", "âge entre 0 et 120"),
        ({"level": "wizard"}, "level", "niveau"),
        ({"status": "deleted"}, "status", "statut"),
        ({"doors_open_minutes": -5}, "doors_open_minutes", "portes"),
        ({"themes": [f"t{i}" for i in range(11)]}, "themes", "Dix thèmes"),
    ],
)
def test_bad_input_gets_a_clear_french_message_and_writes_nothing(place, admin, fields, field, words):
    data = {"title": "Atelier"}
    data.update(fields)
    with pytest.raises(ServiceError) as error:
        services.activity_create(place=place, actor=admin, **data)
    assert error.value.field == field
    with translation.override("fr"):
        assert words in str(error.value.message), str(error.value.message)
    assert not Activity.objects.exists() and not AuditEntry.objects.exists()


def test_an_image_needs_its_description(place, admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gif = SimpleUploadedFile("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif")
    with pytest.raises(ServiceError) as error:
        services.activity_create(place=place, actor=admin, title="Expo", image=gif)
    assert error.value.field == "image_alt"
    activity = services.activity_create(place=place, actor=admin, title="Expo", image=gif, image_alt="Une affiche")
    assert activity.image.name.startswith("programme/")


def test_the_database_refuses_an_empty_title_a_reversed_age_range_or_an_image_without_alt(place):
    for fields in ({"title": ""}, {"age_min": 10, "age_max": 5}, {"image": "programme/a.png", "image_alt": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActivityFactory(place=place, **fields)
