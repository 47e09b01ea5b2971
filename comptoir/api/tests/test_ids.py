"""Ids are named for what they are, and every id a write takes is given by some read: a client that lists
the members and bills one of them bills that person, never the one whose user id happens to equal the
membership's id."""

import pytest

from comptoir.billing.models import Invoice, Payment
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

# Each id a write (or a read by id) takes -> the response schemas and fields that give it.
ID_SOURCES = {
    "user_id": [("MemberOut", "user_id")],
    "mediator_id": [("MemberOut", "user_id"), ("StaffAppointmentOut", "mediator_id")],  # a mediator is a member
    "mediator_ids": [("MemberOut", "user_id")],
    "entity_id": [("LegalEntityOut", "entity_id"), ("InvoiceOut", "entity_id")],
    "invoice_id": [("InvoiceOut", "id")],
    "invoice_ids": [("InvoiceOut", "id")],
    "booking_id": [("BookingOut", "id")],
    "resource_id": [("ResourceOut", "resource_id")],
    "subscription_id": [("SubscriptionOut", "subscription_id"), ("PlanStatusOut", "subscription_id")],
    "workshop_id": [("WorkshopOut", "id")],
    "session_id": [("SessionOut", "id")],
    "registration_id": [("StaffRegistrationOut", "id")],
    "appointment_id": [("StaffAppointmentOut", "id")],
    "accompaniment_id": [("AccompanimentOut", "id")],
    "beneficiary_id": [("AccompanimentOut", "beneficiary_id")],  # no list of beneficiaries: personal data
}


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").json()


def _id_inputs(document):
    """(operation, name) of every id a path, query or JSON body takes."""
    schemas = document["components"]["schemas"]
    found = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref") or body.get("items", {}).get("$ref")
            if ref:
                names += list(schemas[ref.rsplit("/", 1)[-1]].get("properties", {}))
            found |= {(f"{method.upper()} {path}", name) for name in names if name.endswith(("_id", "_ids"))}
    return found


def _read_schemas(document):
    """Names of the schemas a GET answers with, nested ones included."""
    schemas = document["components"]["schemas"]
    seen, todo = set(), []
    for operations in document["paths"].values():
        if "get" in operations:
            todo += _refs(operations["get"].get("responses", {}))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += _refs(schemas[name])
    return seen


def _refs(node):
    if isinstance(node, dict):
        return [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_id_a_write_takes_is_given_by_a_read(openapi):
    readable = _read_schemas(openapi)
    schemas = openapi["components"]["schemas"]
    unknown = sorted({name for _operation, name in _id_inputs(openapi)} - set(ID_SOURCES))
    assert not unknown, f"ids taken with no known source (add each to ID_SOURCES with the read giving it): {unknown}"
    for name, sources in ID_SOURCES.items():
        for schema, field in sources:
            assert schema in readable, f"{name}: {schema} is answered by no GET"
            assert field in schemas[schema]["properties"], f"{name}: {schema} has no {field}"
    # A partial credit note names invoice lines: the invoice detail gives their ids.
    assert "line_id" in schemas["LineOut"]["properties"] and "LineOut" in readable


def test_members_are_listed_with_both_ids_named(openapi):
    member = openapi["components"]["schemas"]["MemberOut"]["properties"]
    assert {"membership_id", "user_id"} <= set(member) and "id" not in member
    for schema in ("DraftIn", "PaymentIn"):
        assert "user_id" in openapi["components"]["schemas"][schema]["properties"]
    assert "/api/v1/places/{slug}/members/{user_id}" in openapi["paths"]
    assert "/api/v1/places/{slug}/legal-entities" in openapi["paths"]


def test_billing_the_listed_user_id_bills_that_person(client, place, scop, admin):
    # Accounts in another place first, so that a membership's id and its user's id differ.
    elsewhere = PlaceFactory()
    for _ in range(3):
        member_of(elsewhere, Role.COWORKER)
    UserFactory()
    camille = member_of(place, Role.COWORKER, display_name="Camille Martin")
    client.force_login(admin)
    base = f"/api/v1/places/{place.slug}"

    listed = client.get(f"{base}/members", {"q": "Camille"}).json()["items"]
    assert len(listed) == 1
    row = listed[0]
    assert row["user_id"] == camille.pk and row["membership_id"] == camille.memberships.get().pk
    assert row["user_id"] != row["membership_id"]
    assert client.get(f"{base}/members/{row['user_id']}").json() == row

    entity_id = next(e["entity_id"] for e in client.get(f"{base}/legal-entities").json() if e["is_primary"])
    line = {"description": "Conseil", "quantity": "1", "unit_price": "50.00", "vat_rate": "20"}
    draft = client.post(f"{base}/invoices", {"user_id": row["user_id"], "entity_id": entity_id, "lines": [line]},
                        content_type="application/json")  # fmt: skip
    assert draft.status_code == 201, draft.content
    assert draft.json()["user_id"] == camille.pk and draft.json()["entity_id"] == scop.pk
    assert Invoice.objects.get(pk=draft.json()["id"]).user == camille
    issued = client.post(f"{base}/invoices/{draft.json()['id']}/issue", {}, content_type="application/json").json()

    paid = {"user_id": row["user_id"], "method": "cash", "amount": "60.00", "invoice_ids": [issued["id"]]}
    payment = client.post(f"{base}/payments", paid, content_type="application/json")
    assert payment.status_code == 201, payment.content
    assert Payment.objects.get(pk=payment.json()["id"]).user == camille
    assert client.get(f"{base}/balances/{row['user_id']}").json()["owed"] == "0.00"
    line_ids = [line["line_id"] for line in client.get(f"{base}/invoices/{issued['id']}").json()["lines"]]
    assert len(line_ids) == 1
