import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from comptoir.billing import services
from comptoir.billing.chain import verify_entity_chain
from comptoir.billing.models import BillingProfile, Charge, Invoice, InvoiceLine, JournalLine
from comptoir.billing.services import LineIn
from comptoir.core.errors import Conflict, ServiceError


def _line(qty="2", price="15.00", rate="20", description="Journée coworking"):
    return LineIn(description=description, quantity=Decimal(qty), unit_price=Decimal(price), vat_rate=rate)


def _issued(place, scop, member, admin, lines=None):
    invoice = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=lines or [_line()])
    return services.invoice_issue(invoice=invoice, actor=admin)


def test_issue_numbers_freezes_and_chains(place, scop, member, admin):
    first = _issued(place, scop, member, admin)
    second = _issued(place, scop, member, admin, [_line("1", "10.00", "10"), _line("3", "0.33", "5.5")])
    assert (first.number, second.number) == ("COOP-F-000001", "COOP-F-000002")
    assert first.total_excl_vat == Decimal("30.00") and first.total_vat == Decimal("6.00")
    assert first.total_incl_vat == Decimal("36.00")
    assert second.vat_breakdown == [
        {"rate": "10", "base": "10.00", "vat": "1.00"},
        {"rate": "5.5", "base": "0.99", "vat": "0.05"},
    ]
    assert second.previous_hash == first.hash and len(second.hash) == 64
    assert first.due_date == first.issue_date + dt.timedelta(days=30)
    assert first.seller["siren"] == "552081317"
    assert verify_entity_chain(scop) == []
    with pytest.raises(Conflict):
        services.invoice_issue(invoice=first, actor=admin)
    with pytest.raises(Conflict):
        services.invoice_draft_delete(invoice=first, actor=admin)


def test_tampering_is_detected(place, scop, member, admin, capsys):
    invoice = _issued(place, scop, member, admin)
    _issued(place, scop, member, admin)
    call_command("billing_verify_chain")
    assert "intact" in capsys.readouterr().out
    with connection.cursor() as cursor:  # someone with database access removes the guard (rolled back after)
        cursor.execute(
            "DROP TRIGGER billing_invoiceline_frozen"
            + (" ON billing_invoiceline" if connection.vendor == "postgresql" else "")
        )
    InvoiceLine.objects.filter(invoice=invoice).update(unit_price=Decimal("1.00"))
    assert any("content" in p for p in verify_entity_chain(scop))
    with pytest.raises(SystemExit):
        call_command("billing_verify_chain")


def test_numbering_is_per_entity(place, scop, member, admin):
    from comptoir.places.tests.factories import association_of

    asso = association_of(place)
    assert _issued(place, scop, member, admin).number == "COOP-F-000001"
    fee = _issued(place, asso, member, admin, [_line("1", "20.00", "20")])
    assert fee.number == "ASSO-F-000001"
    # under the franchise no VAT is charged, whatever the line said
    assert fee.total_vat == 0 and fee.vat_breakdown == [{"rate": "exempt", "base": "20.00", "vat": "0.00"}]


def test_bad_input_writes_nothing(place, scop, member, admin):
    for bad in (_line(qty="-1"), _line(rate="19.6"), _line(price="-5")):
        with pytest.raises(ServiceError):
            services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[bad])
    assert not Invoice.objects.exists() and not InvoiceLine.objects.exists()


def test_zero_total_needs_confirmation(place, scop, member, admin):
    draft = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[_line(price="0")])
    with pytest.raises(ServiceError):
        services.invoice_issue(invoice=draft, actor=admin)
    draft.refresh_from_db()
    assert draft.is_draft and not draft.number
    assert services.invoice_issue(invoice=draft, actor=admin, allow_zero=True).number == "COOP-F-000001"


def test_organisation_buyer(place, scop, member, admin):
    BillingProfile.objects.create(
        place=place, user=member, is_organisation=True, name="Atelier Lumière SARL", siren="552081317",
        address="3 rue Neuve\n42000 Saint-Étienne",
    )  # fmt: skip
    invoice = _issued(place, scop, member, admin)
    assert invoice.buyer_name == "Atelier Lumière SARL" and invoice.buyer_siren == "552081317"


def test_full_and_partial_credit_notes(place, scop, member, admin):
    invoice = _issued(place, scop, member, admin, [_line("2", "15.00"), _line("1", "10.00", "10", "Salle")])
    first_line, second_line = invoice.lines.all()
    partial = services.credit_note_create(invoice=invoice, actor=admin, quantities={first_line.pk: Decimal("1")})
    assert partial.number == "COOP-AV-000001" and partial.credited_invoice == invoice
    assert partial.total_incl_vat == Decimal("18.00")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert services.invoice_due(invoice) == Decimal("29.00")
    with pytest.raises(ServiceError):
        services.credit_note_create(invoice=invoice, actor=admin, quantities={first_line.pk: Decimal("2")})
    rest = services.credit_note_create(invoice=invoice, actor=admin)
    assert rest.number == "COOP-AV-000002" and rest.total_incl_vat == Decimal("29.00")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED and services.invoice_due(invoice) == 0
    assert verify_entity_chain(scop) == []
    with pytest.raises(ServiceError):
        services.payment_record(place=place, user=member, method="cash", amount="5", actor=admin, invoices=[invoice])
    assert second_line.credit_lines.count() == 1


def test_accounting_entries_balance(place, scop, member, admin):
    invoice = _issued(place, scop, member, admin, [_line("2", "15.00"), _line("1", "10.00", "10")])
    services.credit_note_create(invoice=invoice, actor=admin)
    lines = JournalLine.objects.filter(entry__entity=scop)
    assert sum(line.debit for line in lines) == sum(line.credit for line in lines) == Decimal("2") * Decimal("47.00")
    accounts = {line.account for line in lines}
    assert {"411", "706", "44571"} <= accounts


def test_charges_are_invoiced_once(place, scop, member, admin, product):
    line = services.line_for_product(product=product, quantity=2, service_date=dt.date(2026, 11, 3))
    first = services.charge_sync_for_source(place=place, user=member, source_type="spaces.booking", source_id=7,
                                            lines=[line])  # fmt: skip
    assert len(first.created) == 1
    again = services.charge_sync_for_source(place=place, user=member, source_type="spaces.booking", source_id=7,
                                            lines=[line])  # fmt: skip
    assert len(again.unchanged) == 1 and Charge.objects.count() == 1
    moved = services.line_for_product(product=product, quantity=3, service_date=dt.date(2026, 11, 4))
    result = services.charge_sync_for_source(place=place, user=member, source_type="spaces.booking", source_id=7,
                                             lines=[moved])  # fmt: skip
    assert len(result.updated) == 1 and Charge.objects.get().quantity == 3
    invoice = services.invoice_create_from_charges(place=place, entity=scop, user=member, actor=admin, issue=True)
    assert invoice.total_excl_vat == Decimal("45.00")
    assert services.invoice_create_from_charges(place=place, entity=scop, user=member, actor=admin) is None
    # the booking moves again after invoicing: never billed twice, flagged for a credit note
    result = services.charge_sync_for_source(place=place, user=member, source_type="spaces.booking", source_id=7,
                                             lines=[line])  # fmt: skip
    assert len(result.invoiced_differs) == 1 and Charge.objects.count() == 1
    # cancelled before invoicing: withdrawn
    services.charge_sync_for_source(place=place, user=member, source_type="spaces.booking", source_id=8, lines=[line])
    services.charge_sync_for_source(place=place, user=member, source_type="spaces.booking", source_id=8, lines=[])
    assert Charge.objects.count() == 1


def test_charge_bad_input_writes_nothing(place, scop, member, product):
    good = services.line_for_product(product=product, quantity=1)
    bad = services.line_for_product(product=product, quantity=-1, key="other")
    with pytest.raises(ServiceError):
        services.charge_sync_for_source(place=place, user=member, source_type="x", source_id=1, lines=[good, bad])
    assert not Charge.objects.exists()


def test_database_refuses_changes_to_issued_invoices(place, scop, member, admin):
    invoice = _issued(place, scop, member, admin)
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(total_incl_vat=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceLine.objects.filter(invoice=invoice).update(quantity=Decimal("9"))
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(status="draft")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            Invoice.objects.filter(pk=invoice.pk).delete()
    invoice.refresh_from_db()
    assert invoice.total_incl_vat == Decimal("36.00")
