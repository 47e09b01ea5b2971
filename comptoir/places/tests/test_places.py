import datetime as dt
import zoneinfo

import pytest

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places import hours, services
from comptoir.places.models import LegalEntity
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def settings_data(**overrides):
    data = {
        "name": "Le Lieu", "summary": "", "description": "", "street_address": "", "postal_code": "", "city": "",
        "latitude": "", "longitude": "", "timezone": "Europe/Paris", "email": "", "phone": "", "website": "",
        "opening_hours": "Mo-Fr 09:00-18:00", "services": ["coworking"],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_week_schedule_in_words():
    week = hours.week_schedule("Mo-Fr 09:00-12:00,14:00-18:30; Sa 10:00-12:00", start=dt.date(2026, 11, 30))
    assert week[0].day_name.lower() in ("monday", "lundi") and week[0].ranges == [
        (dt.time(9), dt.time(12)),
        (dt.time(14), dt.time(18, 30)),
    ]
    assert week[5].ranges == [(dt.time(10), dt.time(12))]
    assert week[6].is_closed


def test_is_open_at_uses_the_place_timezone():
    expression = "Mo-Fr 09:00-18:00"
    # 08:30 UTC on a Monday in winter is 09:30 in Paris.
    assert hours.is_open_at(expression, dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.UTC), PARIS) is True
    assert hours.is_open_at(expression, dt.datetime(2026, 11, 30, 7, 30, tzinfo=dt.UTC), PARIS) is False
    assert hours.is_open_at("", dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.UTC), PARIS) is None


def test_public_page_shows_hours_and_map(client):
    PlaceFactory(slug="lieu", latitude="45.4", longitude="4.38", opening_hours="Mo-Fr 09:00-18:00")
    response = client.get("/lieu/")
    assert response.status_code == 200
    assert b"openstreetmap.org" in response.content
    assert "Lundi".lower() in response.content.decode().lower()


def test_single_place_instance_opens_on_its_place(client):
    PlaceFactory(slug="seul")
    assert client.get("/")["Location"] == "/seul/"
    PlaceFactory(slug="autre")
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"opening_hours": "Lu-Ve 9h-18h"}, "opening_hours"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"latitude": "123"}, "latitude"),
        ({"services": ["pirate"]}, "services"),
        ({"website": "pas une url"}, "website"),
    ],
)
def test_settings_bad_input(client, overrides, field):
    place = PlaceFactory(slug="lieu", name="Ancien")
    client.force_login(member_of(place, Role.ADMIN))
    response = client.post("/lieu/gestion/lieu/", settings_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    place.refresh_from_db()
    assert place.name == "Ancien"


def test_settings_update_is_audited(client):
    place = PlaceFactory(slug="lieu", name="Ancien")
    admin = member_of(place, Role.ADMIN)
    client.force_login(admin)
    response = client.post("/lieu/gestion/lieu/", settings_data())
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="place.updated")
    assert entry.before["name"] == "Ancien" and entry.after["name"] == "Le Lieu" and entry.actor == admin


def test_host_cannot_change_settings(client):
    place = PlaceFactory(slug="lieu")
    client.force_login(member_of(place, Role.HOST))
    assert client.post("/lieu/gestion/lieu/", settings_data()).status_code == 403


def test_legal_entities_validation():
    place = PlaceFactory()
    admin = member_of(place, Role.ADMIN)
    with pytest.raises(ServiceError):
        services.legal_entity_save(place=place, actor=admin, kind="association", name="A", legal_form="Loi 1901",
                                   siret="12345678901234")  # fmt: skip
    with pytest.raises(ServiceError):
        services.legal_entity_save(place=place, actor=admin, kind="association", name="A", legal_form="Loi 1901")
    asso = services.legal_entity_save(
        place=place, actor=admin, kind="association", name="Asso", legal_form="Loi 1901", rna="W423000000",
        vat_exempt=True, is_primary=True,
    )  # fmt: skip
    scop = services.legal_entity_save(
        place=place, actor=admin, kind="cooperative", name="Scop", legal_form="SCOP SARL",
        siret="552 081 317 66522", vat_number="fr 03552081317", is_primary=True,
    )  # fmt: skip
    asso.refresh_from_db()
    assert not asso.is_primary and scop.is_primary and scop.siren == "552081317"
    with pytest.raises(ServiceError):
        services.legal_entity_save(place=place, actor=admin, kind="cooperative", name="Scop 2", legal_form="SA",
                                   siret="55208131766522")  # fmt: skip
    assert LegalEntity.objects.filter(place=place).count() == 2


def test_reserved_slug_refused():
    with pytest.raises(ServiceError):
        services.place_create(actor=None, name="Admin", slug="admin")
    with pytest.raises(ServiceError):
        services.place_create(actor=None, name="Api", slug="api")


def test_demo_is_idempotent():
    from comptoir.demo.loader import load_demo
    from comptoir.people.models import Membership, User

    load_demo()
    counts = (User.objects.count(), Membership.objects.count(), LegalEntity.objects.count())
    load_demo()
    assert (User.objects.count(), Membership.objects.count(), LegalEntity.objects.count()) == counts
    assert User.objects.get(email="admin@demo.comptoir.example").is_superuser
    assert User.objects.get(email="accueil@demo.comptoir.example").check_password("comptoir-demo")


def test_logo_upload(client, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    place = PlaceFactory(slug="lieu")
    client.force_login(member_of(place, Role.ADMIN))
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, format="PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = client.post("/lieu/gestion/lieu/", {**settings_data(), "logo": logo})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.logo.name.startswith("places/logos/")
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post("/lieu/gestion/lieu/", {**settings_data(), "logo": bad})
    assert "logo" in response.context["form"].errors


def test_entity_form_gives_the_kind_prefix_and_refuses_one_taken(client):
    from comptoir.places.tests.factories import LegalEntityFactory

    place = PlaceFactory(slug="lieu")
    scop = LegalEntityFactory(place=place)
    client.force_login(member_of(place, Role.ADMIN))
    data = {"kind": "association", "name": "Asso", "legal_form": "Loi 1901", "rna": "W423000000", "siret": "",
            "vat_number": "", "share_capital": "", "registry": "", "address": "", "invoice_prefix": ""}  # fmt: skip
    assert client.post("/lieu/gestion/lieu/entites/nouvelle/", data).status_code == 302
    asso = LegalEntity.objects.get(place=place, kind="association")
    assert asso.invoice_prefix == "ASSO"
    assert "factures numérotées COOP-F-" in client.get("/lieu/gestion/lieu/").content.decode()
    response = client.post(f"/lieu/gestion/lieu/entites/{asso.pk}/", {**data, "invoice_prefix": scop.invoice_prefix})
    assert "numérote déjà ses factures avec ce préfixe" in response.content.decode()
    response = client.post(f"/lieu/gestion/lieu/entites/{asso.pk}/", {**data, "invoice_prefix": "asso-1"})
    assert "lettres capitales ou chiffres" in response.content.decode()
    assert LegalEntity.objects.get(pk=asso.pk).invoice_prefix == "ASSO"
