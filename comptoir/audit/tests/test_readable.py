"""The audit log reads as words for hosts and place admins: labels, objects named, local French values."""

import ast
import datetime as dt
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from comptoir.audit.models import AuditEntry
from comptoir.audit.readable import readable, vocabulary
from comptoir.audit.services import audit_record, snapshot
from comptoir.core import registry
from comptoir.core.audit_vocabulary import AuditVocabulary
from comptoir.spaces.models import Booking
from comptoir.spaces.services.bookings import BOOKING_FIELDS, booking_cancel, booking_create
from comptoir.spaces.tests.factories import BookingFactory, ResourceFactory

ROOT = Path(__file__).resolve().parents[2]
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def _codes_in(value: ast.expr) -> list[str]:
    """The action codes a keyword's value can take: a literal, or either branch of ``a if c else b``."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value] if CODE.match(value.value) else []
    if isinstance(value, ast.IfExp):
        return _codes_in(value.body) + _codes_in(value.orelse)
    return []


def recorded_action_codes() -> dict[str, str]:
    """Every action code written in the code base (``action="..."`` of any call outside tests, which
    covers ``audit_record`` and the helpers that pass the code on to it), with where it is."""
    found: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        for code in _codes_in(keyword.value):
                            found.setdefault(code, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_finds_the_action_codes_in_every_form():
    codes = recorded_action_codes()
    assert codes["booking.created"].startswith("spaces/")  # a literal
    assert "booking.no_show" in codes  # passed on by a helper (_set_state)
    assert {"billing.credit_note_issued", "billing.invoice_issued"} <= set(codes)  # both branches
    assert len(codes) > 80


def test_every_action_code_recorded_anywhere_has_a_label():
    labels = vocabulary().actions
    missing = {code: where for code, where in recorded_action_codes().items() if code not in labels}
    assert not missing, f"action codes without a label in any app's audit_vocabulary: {missing}"


def test_every_label_is_translated_to_french():
    with translation.override("fr"):
        english = {code: str(label) for code, label in vocabulary().actions.items()}
    with translation.override("en"):
        same = [code for code, label in vocabulary().actions.items() if str(label) == english[code]]
    # "Adhésion" words are French in both languages; nothing else may stay in English in French.
    assert [code for code in same if "adh" not in english[code].lower()] == []


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, name="Salle Ardoise", price_hour_member=Decimal("1234.50"))


def book(room, member, admin, day=7, hour=10):
    start = dt.datetime(2026, 12, day, hour, tzinfo=PARIS)
    return booking_create(
        resource=room, person=member, start=start, end=start + dt.timedelta(hours=1), actor=admin, as_staff=True
    )


@pytest.mark.django_db
def test_a_booking_is_named_by_its_room_and_local_time(place, room, member, admin):
    book(room, member, admin)
    entry = AuditEntry.objects.get(action="booking.created")
    with translation.override("fr"):
        (row,) = readable([entry], place=place)
        assert row.summary == "Réservation Salle Ardoise, lundi 7 décembre 10:00–11:00"
        assert row.action_label == "Réservation faite"
        changes = {c.label: c.after for c in row.changes}
        assert changes["début"] == "7 décembre 2026 10:00"  # the place's time, not UTC (09:00)
        assert changes["état"] == "Confirmée"
        assert changes["pour"] == str(member)  # a person by name, not "#12"
        assert "titre" not in changes  # a creation's empty fields say nothing
    with translation.override("en"):
        (row,) = readable([entry], place=place)
        assert row.summary == "Booking Salle Ardoise, Monday 7 December 10:00–11:00"
        assert row.action_label == "Booking made"


@pytest.mark.django_db
@pytest.mark.place(timezone="America/Montreal")
def test_times_are_in_the_places_time_zone(place, room, member, admin):
    start = dt.datetime(2026, 12, 7, 10, tzinfo=zoneinfo.ZoneInfo("America/Montreal"))
    booking_create(
        resource=room, person=member, start=start, end=start + dt.timedelta(hours=1), actor=admin, as_staff=True
    )
    with translation.override("fr"):
        (row,) = readable(AuditEntry.objects.filter(action="booking.created"), place=place)
    assert row.summary.endswith("lundi 7 décembre 10:00–11:00")
    assert row.when.tzinfo.key == "America/Montreal"


@pytest.mark.django_db
def test_changes_show_before_and_after_with_labels_and_french_values(place, room, member, admin):
    booking = book(room, member, admin)
    booking_cancel(booking=booking, actor=admin, reason="Imprévu", as_staff=True)
    audit_record(
        place=place, actor=admin, action="resource.updated", obj=room,
        before={"price_hour_member": "10.00", "requires_approval": False},
        after={"price_hour_member": "1234.50", "requires_approval": True},
    )  # fmt: skip
    entries = AuditEntry.objects.filter(place=place).order_by("pk")
    with translation.override("fr"):
        rows = {row.entry.action: row for row in readable(entries, place=place)}
    cancelled = {c.label: (c.before, c.after) for c in rows["booking.cancelled"].changes}
    assert cancelled["état"] == ("Confirmée", "Annulée")
    updated = {c.label: (c.before, c.after) for c in rows["resource.updated"].changes}
    assert updated["prix membre à l’heure"] == ("10,00\u00a0€", "1\u202f234,50\u00a0€")
    assert updated["un·e hôte valide chaque réservation"] == ("Non", "Oui")
    with translation.override("en"):
        rows = {row.entry.action: row for row in readable(entries, place=place)}
    updated = {c.label: (c.before, c.after) for c in rows["resource.updated"].changes}
    assert updated["member price per hour"] == ("€10.00", "€1,234.50")


@pytest.mark.django_db
def test_an_unknown_action_or_key_stays_readable(place, admin):
    audit_record(place=place, actor=admin, action="elsewhere.done", after={"thing": "x"}, object_repr="Quelque chose")
    with registry.override_hook("audit_vocabulary", lambda: AuditVocabulary()):
        (row,) = readable(AuditEntry.objects.filter(place=place), place=place)
    assert (row.action_label, row.summary, row.changes[0].label, row.changes[0].after) == (
        "elsewhere.done", "Quelque chose", "thing", "x",
    )  # fmt: skip


@pytest.mark.django_db
def test_a_person_accompanied_is_never_named(place, mediator):
    from comptoir.mediation.services.beneficiaries import beneficiary_create

    beneficiary_create(place=place, actor=mediator, first_name="Ginette", consent=True)
    with translation.override("fr"):
        (row,) = readable(AuditEntry.objects.filter(place=place), place=place)
    assert row.action_label == "Fiche de la personne créée"
    assert "Ginette" not in row.summary and row.summary.startswith("Personne accompagnée n°")


def _page(client, place, **params):
    response = client.get(f"/{place.slug}/gestion/journal/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_page_in_french(client, place, room, member, admin):
    book(room, member, admin)
    client.force_login(admin)
    page = _page(client, place)
    assert "Réservation faite" in page
    assert "Réservation Salle Ardoise, lundi 7 décembre 10:00–11:00" in page
    assert "<strong>Début\u00a0:</strong> 7 décembre 2026 10:00" in page
    assert 'data-label="Quand"' in page and 'class="responsive' in page
    assert 'style="white-space: nowrap"' in page  # the date never wraps
    assert "booking.created</" not in page  # no code shown as text (only as the filter's value)
    assert '<option value="booking.created" selected>' in _page(client, place, action="booking.created")


@pytest.mark.django_db
def test_the_page_in_english(client, place, room, member, admin):
    book(room, member, admin)
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    page = _page(client, place)
    assert "Booking made" in page
    assert "Booking Salle Ardoise, Monday 7 December 10:00–11:00" in page
    assert "<strong>Start:</strong>" in page and 'data-label="When"' in page


def _fill(place, room, admin, count, *, first=0):
    """``count`` bookings of different people, each with its entries (raw rows: only the log is read)."""
    for n in range(count):
        start = dt.datetime(2027, 1, 4, 8, tzinfo=PARIS) + dt.timedelta(days=first + n)
        booking = BookingFactory(resource=room, start=start)
        audit_record(place=place, actor=admin, action="booking.created", obj=booking,
                     after=snapshot(booking, BOOKING_FIELDS))  # fmt: skip
        audit_record(place=place, actor=booking.person, action="booking.cancelled", obj=booking,
                     before={"state": "confirmed"}, after={"state": "cancelled"})  # fmt: skip
        audit_record(place=place, actor=admin, action="resource.updated", obj=room, before={}, after={})


@pytest.mark.django_db
def test_the_page_reads_objects_in_bulk(client, place, room, member, admin):
    client.force_login(admin)
    _fill(place, room, admin, 2)
    url = f"/{place.slug}/gestion/journal/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill(place, room, admin, 14, first=2)  # 48 entries: every row of the page names its object
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("Réservation Salle Ardoise") >= 30
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.django_db
def test_the_api_gives_the_label_and_summary_beside_the_raw_data(client, place, room, member, admin):
    from comptoir.people.services import api_token_create

    book(room, member, admin)
    _token, secret = api_token_create(user=admin, name="t")
    body = client.get(f"/api/v1/places/{place.slug}/audit", headers={"Authorization": f"Bearer {secret}"}).json()
    item = next(i for i in body["items"] if i["action"] == "booking.created")
    assert item["action_label"] == "Réservation faite"
    assert item["summary"] == "Réservation Salle Ardoise, lundi 7 décembre 10:00–11:00"
    assert item["after"]["start"].startswith("2026-12-07T")  # raw data kept, ISO
    assert item["object_type"] == "spaces.Booking" and Booking.objects.filter(pk=item["object_id"]).exists()


def test_every_object_type_named_is_a_model():
    from django.apps import apps

    for object_type in vocabulary().objects:
        assert apps.get_model(object_type), object_type


@pytest.mark.django_db
def test_every_describer_reads_its_objects(place):
    """Each app's describer runs its query for every object type it names (a wrong field fails here)."""
    objects = {object_type: {"999998", "999999"} for object_type in vocabulary().objects}
    with CaptureQueriesContext(connection) as queries:
        for describe in registry.hooks("audit_describe"):
            assert describe(place=place, objects=objects) == {}  # no object has these ids
    assert len(queries.captured_queries) == len(objects) - 1  # the place itself is not read again
