"""Stored invoice PDFs: each issued invoice or credit note gets its Factur-X PDF/A-3 made once, then
always served as stored.

- Interactive issues schedule :func:`invoice_pdf_store` with ``transaction.on_commit`` (the issue's
  transaction stays short; a failure there is logged and the next download makes the file).
- The monthly run does not (it stays fast): its PDFs are made on first download, or ahead of time by
  ``manage.py billing_store_pdfs``.
- :func:`invoice_pdf_store` locks the invoice row (``SELECT … FOR UPDATE``; SQLite's IMMEDIATE
  transactions serialise writers), so two simultaneous first downloads make one file, not two.
- The file lives in the private storage (:func:`invoice_storage`, never MEDIA, which the web server
  publishes) under ``billing/<place>/<entity>/<year>/``; its name carries part of the invoice's chain
  hash; its SHA-256 and size are in :class:`~comptoir.billing.models.InvoiceDocument`, an insert-only
  row. A stored file whose bytes no longer match is never silently replaced: :func:`invoice_pdf_read`
  raises ``Conflict``.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.billing.einvoice import build_facturx_pdf
from comptoir.billing.models import Invoice, InvoiceDocument
from comptoir.core.errors import Conflict, ServiceError

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from comptoir.people.models import User
    from comptoir.places.models import Place

logger = logging.getLogger(__name__)


def pdf_on_issue_enabled() -> bool:
    """``BILLING_PDF_ON_ISSUE`` (default True): make the PDF right after an interactive issue commits."""
    return bool(getattr(settings, "BILLING_PDF_ON_ISSUE", True))


def invoice_storage() -> FileSystemStorage:
    """Where issued invoices' PDFs are kept: a private folder beside MEDIA (``COMPTOIR_PRIVATE_ROOT``, by
    default ``<var>/private``), never served by the web server; only Comptoir's views read it, after
    checking who asks."""
    root = getattr(settings, "COMPTOIR_PRIVATE_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private"
    return FileSystemStorage(location=root, base_url=None)


def document_path(invoice: Invoice) -> str:
    return (
        f"billing/{invoice.place_id}/{invoice.entity_id}/{invoice.issue_date:%Y}/"
        f"{invoice.number}-{invoice.hash[:20]}.pdf"
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def invoice_pdf_store(*, invoice_id: int, actor: User | None = None) -> InvoiceDocument:
    """Make and store the PDF of an issued invoice once; return the stored document (idempotent)."""
    with transaction.atomic(durable=True):
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("entity", "credited_invoice")
            .get(pk=invoice_id)
        )
        if invoice.is_draft:
            raise ServiceError(_("A draft has no PDF yet; issue it first."), code="draft")
        existing = InvoiceDocument.objects.filter(invoice=invoice).first()
        if existing is not None:
            return existing
        pdf = build_facturx_pdf(invoice, list(invoice.lines.all()))
        name = invoice_storage().save(document_path(invoice), ContentFile(pdf))
        try:
            document = InvoiceDocument.objects.create(
                place_id=invoice.place_id, invoice=invoice, file=name, sha256=_digest(pdf), size=len(pdf)
            )
            audit_record(
                place=invoice.place, actor=actor, action="billing.pdf_stored", obj=invoice,
                after={"file": name, "sha256": document.sha256},
            )  # fmt: skip
        except BaseException:
            invoice_storage().delete(name)  # the row was not written: no orphan file
            raise
    return document


def invoice_pdf_read(*, invoice: Invoice) -> bytes:
    """The stored PDF of an issued invoice (made and stored first if it has none yet)."""
    document = InvoiceDocument.objects.filter(invoice_id=invoice.pk).first()
    if document is None:
        document = invoice_pdf_store(invoice_id=invoice.pk)
    assert document.file.name is not None  # always written with its file
    try:
        with invoice_storage().open(document.file.name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        data = None
    if data is None or _digest(data) != document.sha256:
        logger.error("Stored PDF of invoice %s is missing or altered (%s)", invoice.pk, document.file.name)
        raise Conflict(
            _("The stored PDF of this invoice is missing or was altered; it is not served. Contact the administrator."),
            code="pdf_integrity",
        )
    return data


def _store_quietly(invoice_id: int) -> None:
    try:
        invoice_pdf_store(invoice_id=invoice_id)
    except Exception:  # the next download makes it
        logger.exception("Could not store the PDF of invoice %s after issue", invoice_id)


def schedule_pdf_store(invoice: Invoice) -> None:
    """After the issuing transaction commits, make and store the PDF (interactive issues only)."""
    if pdf_on_issue_enabled():
        transaction.on_commit(lambda: _store_quietly(invoice.pk))


def invoices_without_pdf(*, place: Place | None = None) -> QuerySet[Invoice]:
    queryset = Invoice.objects.exclude(status=Invoice.Status.DRAFT).filter(document__isnull=True)
    if place is not None:
        queryset = queryset.filter(place=place)
    return queryset.order_by("pk")
