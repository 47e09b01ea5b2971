"""A resource's photo: uploaded in the staff form, checked with Pillow, shown to members with its alt text."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.services import resources as resource_services
from comptoir.spaces.tests.factories import ResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-a")]


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Ardoise", slug="ardoise")


def image(kind: str = "PNG", size=(40, 30), name: str = "salle.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def form_data(resource, **changes) -> dict:
    data = {
        "name": resource.name, "slug": resource.slug, "kind": resource.kind, "capacity": resource.capacity,
        "seats": resource.seats, "min_minutes": resource.min_minutes, "max_minutes": resource.max_minutes,
        "granularity_minutes": resource.granularity_minutes, "horizon_days": resource.horizon_days,
        "buffer_minutes": resource.buffer_minutes, "cancel_hours": resource.cancel_hours,
        "price_hour_member": resource.price_hour_member, "price_hour_public": resource.price_hour_public,
        "is_active": "on",
    }  # fmt: skip
    data.update(changes)
    return data


def edit_url(resource, slug: str = "lieu-a") -> str:
    return reverse("spaces:resource_edit", kwargs={"place_slug": slug, "resource_slug": resource.slug})


def test_host_uploads_a_photo_members_see_it_with_its_alt_text(client, place, room, media):
    client.force_login(member_of(place, Role.HOST))
    page = client.get(edit_url(room)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = client.post(edit_url(room), form_data(room, photo=image(), photo_alt="Grande table et écran"))
    assert response.status_code == 302, response.content
    room.refresh_from_db()
    assert room.photo.name.startswith("spaces/resources/lieu-a-") and room.photo.name.endswith(".png")
    assert (media / room.photo.name).exists()
    assert room.photo_alt == "Grande table et écran"
    entry = AuditEntry.objects.filter(action="resource.updated").latest("pk")
    assert entry.after["photo"] == room.photo.name
    client.force_login(member_of(place))
    picker = client.get(reverse("spaces:resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"}))
    assert f'src="{room.photo.url}" alt="Grande table et écran"' in picker.content.decode()
    listing = client.get(reverse("spaces:index", kwargs={"place_slug": "lieu-a"})).content.decode()
    assert room.photo.url in listing


def test_replacing_and_removing_a_photo_deletes_the_old_file(
    client, place, room, media, django_capture_on_commit_callbacks
):
    host = member_of(place, Role.HOST)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(resource=room, actor=host, photo=image(), photo_alt="Salle")
    room.refresh_from_db()
    first = room.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(resource=room, actor=host, photo=image("JPEG", name="b.jpg"))
    room.refresh_from_db()
    assert room.photo.name.endswith(".jpg") and not (media / first).exists()
    second = room.photo.name
    client.force_login(host)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(room), form_data(room, photo_alt="Salle", photo_remove="on"))
    assert response.status_code == 302
    room.refresh_from_db()
    assert not room.photo and not (media / second).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.png", b"MZ not an image at all", content_type="image/png"), "pas une image"),
        (SimpleUploadedFile("vide.png", b"", content_type="image/png"), "vide"),
        (image("GIF", name="anim.gif"), "JPEG, PNG ou WebP"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(client, place, room, media, upload, message):
    client.force_login(member_of(place, Role.HOST))
    response = client.post(edit_url(room), form_data(room, name="Autre nom", photo=upload, photo_alt="x"))
    assert response.status_code == 200
    assert message in response.content.decode()
    room.refresh_from_db()
    assert not room.photo and room.name == "Ardoise"  # nothing half-written
    assert not list(media.rglob("*.*"))


def test_a_too_heavy_photo_is_refused(place, room, monkeypatch):
    monkeypatch.setattr(resource_services, "PHOTO_MAX_BYTES", 100)
    with pytest.raises(ServiceError) as error:
        services.resource_update(resource=room, actor=None, photo=image(size=(200, 200)), photo_alt="x")
    assert "5 Mo" in str(error.value.message) or "5 MB" in str(error.value.message)
    assert error.value.field == "photo"


def test_a_photo_needs_its_alt_text(client, place, room, media):
    client.force_login(member_of(place, Role.HOST))
    response = client.post(edit_url(room), form_data(room, photo=image()))
    assert response.status_code == 200 and "Décrivez la photo" in response.content.decode()
    room.refresh_from_db()
    assert not room.photo and not list(media.rglob("*.*"))


def test_a_new_resource_with_a_photo(client, place, media):
    client.force_login(member_of(place, Role.HOST))
    room = ResourceFactory.build(place=place, name="Salle Bleue", slug="salle-bleue")
    url = reverse("spaces:resource_create", kwargs={"place_slug": "lieu-a"})
    response = client.post(url, form_data(room, photo=image("WEBP", name="s.webp"), photo_alt="Salle bleue"))
    assert response.status_code == 302, response.content
    assert place.resources.get(slug="salle-bleue").photo.name.endswith(".webp")


def test_another_places_host_cannot_upload(client, place, room, media):
    client.force_login(member_of(PlaceFactory(slug="lieu-b"), Role.HOST))
    for slug in ("lieu-a", "lieu-b"):
        response = client.post(edit_url(room, slug), form_data(room, photo=image(), photo_alt="x"))
        assert response.status_code == 404
    room.refresh_from_db()
    assert not room.photo and not list(media.rglob("*.*"))
