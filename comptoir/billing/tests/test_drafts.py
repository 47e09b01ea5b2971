"""Free-text draft invoices written by staff (services, screens, API)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from comptoir.billing import services
from comptoir.billing.models import Invoice, InvoiceLine
from comptoir.billing.services import LineIn
from comptoir.billing.services.drafts import (
    invoice_draft_start,
    invoice_line_add,
    invoice_line_remove,
    invoice_line_update,
)
from comptoir.core.errors import Conflict, ServiceError
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory


def _line(description="Atelier sur mesure", quantity="2", price="45.00", rate="20"):
    return LineIn(description=description, quantity=Decimal(quantity), unit_price=Decimal(price), vat_rate=rate)


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_draft_lines_added_changed_removed_then_issued(place, scop, member, admin):
    draft = invoice_draft_start(place=place, entity=scop, user=member, actor=admin, note="Prestation")
    assert draft.is_draft and draft.total_incl_vat == 0
    first = invoice_line_add(invoice=draft, actor=admin, line=_line())
    second = invoice_line_add(invoice=draft, actor=admin, line=_line("Livre", "1", "10.00", "5.5"))
    draft.refresh_from_db()
    assert (draft.total_excl_vat, draft.total_vat, draft.total_incl_vat) == (
        Decimal("100.00"), Decimal("18.55"), Decimal("118.55"),
    )  # fmt: skip
    invoice_line_update(invoice=draft, line_id=first.pk, actor=admin, line=_line(quantity="1"))
    invoice_line_remove(invoice=draft, line_id=second.pk, actor=admin)
    draft.refresh_from_db()
    assert draft.total_incl_vat == Decimal("54.00") and draft.lines.count() == 1
    issued = services.invoice_issue(invoice=draft, actor=admin)
    assert issued.number == "COOP-F-000001" and issued.total_incl_vat == Decimal("54.00")
    assert issued.note == "Prestation"


@pytest.mark.parametrize(
    "line, field",
    [
        (_line(quantity="-1"), "quantity"),
        (_line(quantity="0"), "quantity"),
        (_line(price="-3.00"), "unit_price"),
        (_line(rate="19.6"), "vat_rate"),
        (_line(description="  "), "description"),
    ],
)
def test_bad_lines_write_nothing(place, scop, member, admin, line, field):
    draft = invoice_draft_start(place=place, entity=scop, user=member, actor=admin)
    kept = invoice_line_add(invoice=draft, actor=admin, line=_line())
    with pytest.raises(ServiceError) as error:
        invoice_line_add(invoice=draft, actor=admin, line=line)
    assert error.value.field == field
    with pytest.raises(ServiceError):
        invoice_line_update(invoice=draft, line_id=kept.pk, actor=admin, line=line)
    with pytest.raises(ServiceError):
        invoice_draft_start(place=place, entity=scop, user=member, actor=admin, lines=[_line(), line])
    assert list(InvoiceLine.objects.values_list("quantity", flat=True)) == [Decimal("2")]
    assert Invoice.objects.count() == 1


def test_empty_draft_cannot_be_issued_and_issued_invoice_cannot_be_edited(place, scop, member, admin):
    draft = invoice_draft_start(place=place, entity=scop, user=member, actor=admin)
    with pytest.raises(ServiceError) as error:
        services.invoice_issue(invoice=draft, actor=admin)
    assert error.value.code == "empty"
    line = invoice_line_add(invoice=draft, actor=admin, line=_line())
    services.invoice_issue(invoice=draft, actor=admin)
    with pytest.raises(Conflict):
        invoice_line_add(invoice=draft, actor=admin, line=_line())
    with pytest.raises(Conflict):
        invoice_line_update(invoice=draft, line_id=line.pk, actor=admin, line=_line(quantity="9"))
    with pytest.raises(Conflict):
        invoice_line_remove(invoice=draft, line_id=line.pk, actor=admin)
    assert list(InvoiceLine.objects.values_list("quantity", flat=True)) == [Decimal("2")]


def test_drafts_refuse_strangers_and_other_places(place, scop, member, admin):
    elsewhere = PlaceFactory()
    with pytest.raises(ServiceError):
        invoice_draft_start(place=place, entity=LegalEntityFactory(place=elsewhere), user=member, actor=admin)
    with pytest.raises(ServiceError):
        invoice_draft_start(place=place, entity=scop, user=member_of(elsewhere), actor=admin)
    draft = invoice_draft_start(place=place, entity=scop, user=member, actor=admin)
    other = invoice_draft_start(place=place, entity=scop, user=member, actor=admin)
    line = invoice_line_add(invoice=other, actor=admin, line=_line())
    with pytest.raises(ServiceError):
        invoice_line_remove(invoice=draft, line_id=line.pk, actor=admin)
    assert InvoiceLine.objects.count() == 1


def test_staff_screen_creates_fills_previews_and_issues(client, place, scop, member, host):
    _login(client, host)
    new_url = reverse("billing:invoice_new", kwargs={"place_slug": place.slug})
    assert client.get(new_url).status_code == 200
    response = client.post(new_url, {"member": member.pk, "entity": scop.pk, "note": ""})
    draft = Invoice.objects.get()
    assert response.status_code == 302 and draft.is_draft and draft.user == member
    add_url = reverse("billing:draft_line_add", kwargs={"place_slug": place.slug, "invoice_id": draft.pk})
    line = {"new-description": "Formation", "new-quantity": "3", "new-unit_price": "20.00", "new-vat_rate": "10"}
    assert client.post(add_url, line).status_code == 302
    page = client.get(reverse("billing:invoice", kwargs={"place_slug": place.slug, "invoice_id": draft.pk}))
    assert "66,00" in page.content.decode() and "Formation" in page.content.decode()
    # Bad input: a clear message, nothing written.
    bad = client.post(add_url, {**line, "new-quantity": "-2"})
    assert bad.status_code == 400 and "role=\"alert\"" in bad.content.decode()
    bad = client.post(add_url, {**line, "new-vat_rate": "19.6"})
    assert bad.status_code == 400
    assert InvoiceLine.objects.count() == 1
    stored = InvoiceLine.objects.get()
    edit_url = reverse(
        "billing:draft_line_edit", kwargs={"place_slug": place.slug, "invoice_id": draft.pk, "line_id": stored.pk}
    )
    prefix = f"line-{stored.pk}"
    edited = {f"{prefix}-description": "Formation", f"{prefix}-quantity": "1", f"{prefix}-unit_price": "20.00",
              f"{prefix}-vat_rate": "10"}  # fmt: skip
    assert client.post(edit_url, edited).status_code == 302
    assert client.post(edit_url, {**edited, f"{prefix}-quantity": "-1"}).status_code == 400
    draft.refresh_from_db()
    assert draft.total_incl_vat == Decimal("22.00")
    issue_url = reverse("billing:invoice_issue", kwargs={"place_slug": place.slug, "invoice_id": draft.pk})
    client.post(issue_url)
    draft.refresh_from_db()
    assert draft.number == "COOP-F-000001"
    # Issued: editing is refused with a message, nothing changes.
    refused = client.post(edit_url, {"action": "remove"})
    assert refused.status_code == 409 and "role=\"alert\"" in refused.content.decode()
    assert client.post(add_url, line).status_code == 409
    assert InvoiceLine.objects.count() == 1


def test_remove_a_line_from_the_screen(client, place, scop, member, host):
    draft = invoice_draft_start(place=place, entity=scop, user=member, actor=host, lines=[_line(), _line("B")])
    _login(client, host)
    line = draft.lines.first()
    url = reverse("billing:draft_line_edit", kwargs={"place_slug": place.slug, "invoice_id": draft.pk,
                                                     "line_id": line.pk})  # fmt: skip
    assert client.post(url, {"action": "remove"}).status_code == 302
    assert list(draft.lines.values_list("description", flat=True)) == ["B"]


def test_draft_screens_are_staff_only_and_place_scoped(client, place, scop, member, admin):
    draft = invoice_draft_start(place=place, entity=scop, user=member, actor=admin)
    _login(client, member)
    assert client.get(reverse("billing:invoice_new", kwargs={"place_slug": place.slug})).status_code in (403, 404)
    elsewhere = PlaceFactory()
    _login(client, member_of(elsewhere, "host"))
    url = reverse("billing:draft_line_add", kwargs={"place_slug": elsewhere.slug, "invoice_id": draft.pk})
    response = client.post(url, {"new-description": "X", "new-quantity": "1", "new-unit_price": "1.00",
                                 "new-vat_rate": "20"})  # fmt: skip
    assert response.status_code == 404 and not InvoiceLine.objects.exists()


def test_api_draft_lines_and_issue(client, place, scop, member, admin):
    _login(client, admin)
    base = f"/api/v1/places/{place.slug}/invoices"
    line = {"description": "Conseil", "quantity": "1.5", "unit_price": "80.00", "vat_rate": "20"}
    response = client.post(base, {"user_id": member.pk, "entity_id": scop.pk, "lines": [line]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["status"] == "draft" and draft["total_incl_vat"] == "144.00"
    bad = client.post(f"{base}/{draft['id']}/lines", {**line, "vat_rate": "7"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"]
    bad = client.post(f"{base}/{draft['id']}/lines", {**line, "quantity": "-1"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"]
    added = client.post(f"{base}/{draft['id']}/lines", {**line, "quantity": "1"}, content_type="application/json")
    assert added.status_code == 201 and len(added.json()["lines"]) == 2
    issued = client.post(f"{base}/{draft['id']}/issue", {}, content_type="application/json")
    assert issued.status_code == 200 and issued.json()["number"] == "COOP-F-000001"
    frozen = client.post(f"{base}/{draft['id']}/lines", line, content_type="application/json")
    assert frozen.status_code == 409 and frozen.json()["detail"]
    empty = client.post(base, {"user_id": member.pk}, content_type="application/json")
    assert empty.status_code == 201
    refused = client.post(f"{base}/{empty.json()['id']}/issue", {}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"]
    assert InvoiceLine.objects.count() == 2
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/places/{slug}/invoices"]
    assert "/api/v1/places/{slug}/invoices/{invoice_id}/lines" in paths
    assert "/api/v1/places/{slug}/invoices/{invoice_id}/issue" in paths


def test_api_drafts_are_staff_only(client, place, scop, member):
    _login(client, member)
    response = client.post(f"/api/v1/places/{place.slug}/invoices", {"user_id": member.pk},
                           content_type="application/json")  # fmt: skip
    assert response.status_code in (403, 404) and not Invoice.objects.exists()
