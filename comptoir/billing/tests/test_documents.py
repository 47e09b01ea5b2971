"""Stored invoice PDFs: made once at issue (or on first download), then always served as stored."""

import hashlib
import os
import threading
from decimal import Decimal
from unittest import mock

import facturx
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from comptoir.billing import services
from comptoir.billing.models import Charge, Invoice, InvoiceDocument
from comptoir.billing.services import LineIn, documents
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

LINE = LineIn(description="Forfait coworking", quantity=Decimal("1"), unit_price=Decimal("100.00"), vat_rate="20")


def _draft(place, entity, user, actor):
    return services.invoice_create(place=place, entity=entity, user=user, actor=actor, lines=[LINE])


def _pdf_url(place, invoice):
    return reverse("billing:invoice_pdf", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})


def test_issue_stores_the_pdf_once_after_commit(place, scop, member, admin, django_capture_on_commit_callbacks):
    draft = _draft(place, scop, member, admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invoice = services.invoice_issue(invoice=draft, actor=admin)
    assert len(callbacks) == 1
    document = InvoiceDocument.objects.get(invoice=invoice)
    assert document.file.name.startswith(f"billing/{place.pk}/{scop.pk}/")
    assert invoice.hash[:20] in document.file.name
    with documents.invoice_storage().open(document.file.name, "rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == document.sha256 and len(data) == document.size
    # Storing again changes nothing.
    assert documents.invoice_pdf_store(invoice_id=invoice.pk) == document
    assert InvoiceDocument.objects.count() == 1


def test_downloads_serve_identical_stored_bytes(client, place, scop, member, admin):
    invoice = services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin)
    assert not InvoiceDocument.objects.exists()  # callbacks do not run inside the test transaction
    assert client.login(email=member.email, password=PASSWORD)
    with mock.patch.object(documents, "build_facturx_pdf", wraps=documents.build_facturx_pdf) as build:
        first = client.get(_pdf_url(place, invoice))
        second = client.get(_pdf_url(place, invoice))
        api = client.get(f"/api/v1/places/{place.slug}/invoices/{invoice.pk}/pdf")
    assert build.call_count == 1
    assert first.status_code == second.status_code == api.status_code == 200
    assert first.content == second.content == api.content
    document = InvoiceDocument.objects.get(invoice=invoice)
    assert hashlib.sha256(first.content).hexdigest() == document.sha256
    filename, xml = facturx.get_xml_from_pdf(first.content, check_xsd=True)
    assert filename == "factur-x.xml" and invoice.number.encode() in xml


def test_later_change_of_the_entity_does_not_change_an_issued_pdf(client, place, scop, member, admin):
    invoice = services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin)
    before = documents.invoice_pdf_read(invoice=invoice)
    old_name = scop.name
    scop.name = "Tout autre nom SCOP"
    scop.save()
    assert client.login(email=admin.email, password=PASSWORD)
    after = client.get(_pdf_url(place, invoice)).content
    assert after == before
    xml = facturx.get_xml_from_pdf(after, check_xsd=False)[1].decode()
    assert old_name in xml and "Tout autre nom" not in xml


def test_run_invoices_get_their_pdf_on_first_download_or_by_command(place, scop, member, admin):
    for n in range(2):
        Charge.objects.create(place=place, entity=scop, user=member_of(place), source_type="test", source_id=str(n),
                              description="Journée", quantity=1, unit_price=Decimal("10.00"), vat_rate="20",
                              service_date="2026-10-05")  # fmt: skip
    run = services.billing_run(place=place, period="2026-10", actor=admin, confirm_past=True)
    assert run.invoices_created == 2 and not InvoiceDocument.objects.exists()
    first = Invoice.objects.filter(place=place).order_by("sequence").first()
    documents.invoice_pdf_read(invoice=first)
    assert list(documents.invoices_without_pdf(place=place)) == [Invoice.objects.get(place=place, sequence=2)]
    call_command("billing_store_pdfs", "--place", place.slug, stdout=mock.MagicMock())
    assert InvoiceDocument.objects.count() == 2 and not documents.invoices_without_pdf().exists()


def test_altered_or_missing_file_is_never_served_nor_replaced(client, place, scop, member, admin):
    invoice = services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin)
    document = documents.invoice_pdf_store(invoice_id=invoice.pk)
    path = documents.invoice_storage().path(document.file.name)
    with open(path, "ab") as handle:
        handle.write(b"tampered")
    assert client.login(email=member.email, password=PASSWORD)
    response = client.get(_pdf_url(place, invoice))
    assert response.status_code == 409 and response.content
    api = client.get(f"/api/v1/places/{place.slug}/invoices/{invoice.pk}/pdf")
    assert api.status_code == 409 and api.json()["detail"]
    documents.invoice_storage().delete(document.file.name)
    assert client.get(_pdf_url(place, invoice)).status_code == 409
    assert InvoiceDocument.objects.get() == document  # nothing was regenerated behind the stored fingerprint


def test_drafts_have_no_pdf(place, scop, member, admin):
    draft = _draft(place, scop, member, admin)
    with pytest.raises(services.invoices.ServiceError):
        documents.invoice_pdf_store(invoice_id=draft.pk)
    assert not InvoiceDocument.objects.exists()


def test_database_refuses_changing_a_stored_document(place, scop, member, admin):
    invoice = services.invoice_issue(invoice=_draft(place, scop, member, admin), actor=admin)
    document = documents.invoice_pdf_store(invoice_id=invoice.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            InvoiceDocument.objects.filter(pk=document.pk).delete()
    assert InvoiceDocument.objects.get().sha256 == document.sha256


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_downloads_store_one_file(settings):
    settings.BILLING_PDF_ON_ISSUE = False
    place = PlaceFactory()
    entity = LegalEntityFactory(place=place)
    admin = member_of(place, "admin")
    invoice = services.invoice_issue(invoice=_draft(place, entity, admin, admin), actor=admin)
    barrier = threading.Barrier(3)
    results: list[bytes] = []
    errors: list[BaseException] = []

    def download():
        try:
            barrier.wait(timeout=30)
            results.append(documents.invoice_pdf_read(invoice=invoice))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(results) == 3 and len(set(results)) == 1
    document = InvoiceDocument.objects.get()
    folder = os.path.dirname(documents.invoice_storage().path(document.file.name))
    assert os.listdir(folder) == [os.path.basename(document.file.name)]
