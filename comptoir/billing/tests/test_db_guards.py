"""The database itself freezes issued invoices, their lines and their stored PDFs (migrations 0002,
0004, 0005). A later migration that rebuilds one of these tables (SQLite remakes a table for many
ALTERs) silently drops its triggers: these tests then fail, on SQLite and on PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from comptoir.billing import services
from comptoir.billing.models import Invoice, InvoiceDocument, InvoiceLine
from comptoir.billing.services import LineIn
from comptoir.billing.services.documents import invoice_pdf_store
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import association_of

TRIGGERS = {
    "billing_invoice": "billing_invoice_frozen",
    "billing_invoiceline": "billing_invoiceline_frozen",
    "billing_invoicedocument": "billing_invoicedocument_frozen",
}


def _triggers() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
    return found


@pytest.mark.django_db
def test_freeze_triggers_exist_after_migrations():
    found = _triggers()
    for table, trigger in TRIGGERS.items():
        assert trigger in found.get(table, set()), f"{trigger} is missing on {table}: recreate it in the migration"


def _issued(place, scop, member, admin):
    lines = [LineIn(description="Journée", quantity=Decimal("2"), unit_price=Decimal("15.00"), vat_rate="20")]
    draft = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=lines)
    return services.invoice_issue(invoice=draft, actor=admin)


def _refused(queryset, **changes) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        queryset.update(**changes)
    return str(error.value)


def test_every_frozen_column_of_an_issued_invoice_is_refused_by_the_database(place, scop, member, admin):
    invoice = _issued(place, scop, member, admin)
    other_entity = association_of(place)
    other_user = member_of(place)
    changes = {
        "entity_id": other_entity.pk, "kind": "credit_note", "user_id": other_user.pk,
        "credited_invoice_id": invoice.pk, "buyer_name": "X", "buyer_siren": "552081317",
        "buyer_vat_number": "FR03552081317", "buyer_address": "ailleurs", "buyer_street": "ailleurs",
        "buyer_postal_code": "75001", "buyer_city": "Paris", "buyer_country": "BE", "number": "F-999999",
        "sequence": 999, "issue_date": invoice.issue_date + dt.timedelta(days=1),
        "due_date": invoice.due_date + dt.timedelta(days=1), "total_excl_vat": Decimal("1.00"),
        "total_vat": Decimal("1.00"), "total_incl_vat": Decimal("1.00"), "chain_index": 999,
        "previous_hash": "0" * 64, "hash": "1" * 64, "status": "draft",
    }  # fmt: skip
    rows = Invoice.objects.filter(pk=invoice.pk)
    for field, value in changes.items():
        assert "cannot be changed" in _refused(rows, **{field: value}), field
    line = InvoiceLine.objects.filter(invoice=invoice)
    line_changes = {"description": "X", "quantity": Decimal("9"), "unit_price": Decimal("9.00"), "vat_rate": "10",
                    "total_excl_vat": Decimal("9.00")}  # fmt: skip
    for field, value in line_changes.items():
        assert "cannot be changed" in _refused(line, **{field: value}), field
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            rows.delete()
    # What may still move: the reminder date, and the status towards "cancelled" (a full credit note).
    rows.update(last_reminder_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    rows.update(status=Invoice.Status.CANCELLED)
    invoice.refresh_from_db()
    assert invoice.total_incl_vat == Decimal("36.00") and invoice.status == Invoice.Status.CANCELLED


def test_drafts_stay_free(place, scop, member, admin):
    line = LineIn(description="A", quantity=Decimal("1"), unit_price=Decimal("1.00"), vat_rate="20")
    draft = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[line])
    Invoice.objects.filter(pk=draft.pk).update(buyer_city="Lyon", note="libre")
    InvoiceLine.objects.filter(invoice=draft).update(description="B")
    draft.refresh_from_db()
    assert draft.buyer_city == "Lyon"


def test_a_stored_pdf_row_is_refused_any_change(place, scop, member, admin):
    document = invoice_pdf_store(invoice_id=_issued(place, scop, member, admin).pk)
    rows = InvoiceDocument.objects.filter(pk=document.pk)
    for field, value in {"sha256": "0" * 64, "file": "ailleurs.pdf", "size": 1}.items():
        assert "cannot be changed" in _refused(rows, **{field: value}), field
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            rows.delete()
