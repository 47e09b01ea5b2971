from decimal import Decimal

import pytest

from comptoir.billing import services
from comptoir.billing.models import Allocation, JournalLine, Payment, WalletEntry
from comptoir.billing.services import LineIn
from comptoir.core.errors import ServiceError


@pytest.fixture
def invoice(place, scop, member, admin):
    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal("100.00"), vat_rate="20")
    draft = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[line])
    return services.invoice_issue(invoice=draft, actor=admin)


def test_partial_then_over_payment_goes_to_wallet(place, scop, member, admin, invoice):
    services.payment_record(place=place, user=member, method="cheque", amount="50.00", actor=admin,
                            invoices=[invoice], reference="CHQ 1234567")  # fmt: skip
    assert services.invoice_due(invoice) == Decimal("70.00")
    services.payment_record(place=place, user=member, method="cash", amount="100.00", actor=admin, invoices=[invoice])
    assert services.invoice_due(invoice) == 0
    assert services.wallet_balance(place=place, user=member, entity=scop) == Decimal("30.00")
    lines = JournalLine.objects.filter(entry__entity=scop)
    assert sum(x.debit for x in lines) == sum(x.credit for x in lines)
    cash = lines.filter(account="530")
    assert sum(x.debit for x in cash) == Decimal("100.00")


def test_wallet_top_up_spend_and_refund(place, scop, member, admin, invoice):
    services.wallet_top_up(place=place, user=member, method="card", amount="150.00", actor=admin, entity=scop)
    payment = services.wallet_pay_invoice(invoice=invoice, actor=member)
    assert payment.amount == Decimal("120.00") and services.invoice_due(invoice) == 0
    assert services.wallet_balance(place=place, user=member, entity=scop) == Decimal("30.00")
    with pytest.raises(ServiceError):
        services.wallet_refund(place=place, user=member, entity=scop, method="cash", amount="31", actor=admin)
    services.wallet_refund(place=place, user=member, entity=scop, method="cash", amount="30", actor=admin)
    assert services.wallet_balance(place=place, user=member, entity=scop) == 0
    assert list(WalletEntry.objects.order_by("pk").values_list("kind", flat=True)) == ["top_up", "spend", "refund"]
    lines = JournalLine.objects.filter(entry__entity=scop)
    assert sum(x.debit for x in lines) == sum(x.credit for x in lines)


def test_default_allocation_settles_oldest_first(place, scop, member, admin, invoice):
    line = LineIn(description="Salle", quantity=Decimal("1"), unit_price=Decimal("10.00"), vat_rate="20")
    second = services.invoice_issue(
        invoice=services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[line]), actor=admin
    )
    services.payment_record(place=place, user=member, method="transfer", amount="125.00", actor=admin, entity=scop)
    assert services.invoice_due(invoice) == 0 and services.invoice_due(second) == Decimal("7.00")


def test_sepa_and_pass_numerique_need_their_references(place, scop, member, admin, invoice):
    for method, extra in (("sepa", {}), ("pass_numerique", {}), ("bitcoin", {})):
        with pytest.raises(ServiceError):
            services.payment_record(place=place, user=member, method=method, amount="10", actor=admin,
                                    invoices=[invoice], **extra)  # fmt: skip
    services.payment_record(place=place, user=member, method="sepa", amount="10", actor=admin, invoices=[invoice],
                            mandate_reference="RUM-2026-0042")  # fmt: skip
    services.payment_record(place=place, user=member, method="pass_numerique", amount="10", actor=admin,
                            invoices=[invoice], voucher_code="APTIC-123456")  # fmt: skip
    assert Payment.objects.count() == 2


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "1.234"])
def test_bad_amounts_write_nothing(place, member, admin, invoice, amount):
    with pytest.raises(ServiceError):
        services.payment_record(place=place, user=member, method="cash", amount=amount, actor=admin,
                                invoices=[invoice])  # fmt: skip
    assert not Payment.objects.exists() and not Allocation.objects.exists()


def test_paying_cancelled_invoice_is_refused(place, member, admin, invoice):
    services.credit_note_create(invoice=invoice, actor=admin)
    with pytest.raises(ServiceError) as error:
        services.payment_record(place=place, user=member, method="cash", amount="10", actor=admin, invoices=[invoice])
    assert error.value.status_code == 409 and invoice.number in str(error.value.message)
    assert not Payment.objects.exists()


def test_credit_note_after_payment_becomes_wallet_credit(place, scop, member, admin, invoice):
    services.payment_record(place=place, user=member, method="card", amount="120.00", actor=admin, invoices=[invoice])
    services.credit_note_create(invoice=invoice, actor=admin)
    assert services.wallet_balance(place=place, user=member, entity=scop) == Decimal("120.00")
    lines = JournalLine.objects.filter(entry__entity=scop)
    assert sum(x.debit for x in lines) == sum(x.credit for x in lines)


def test_wallet_cannot_go_negative(place, scop, member, admin, invoice):
    with pytest.raises(ServiceError):
        services.payment_record(place=place, user=member, method="wallet", amount="5", actor=admin, invoices=[invoice])
    assert not WalletEntry.objects.exists()


def test_manual_provider_gives_instructions(invoice):
    from comptoir.billing.providers import get_provider

    intent = get_provider().start(place=invoice.place, user=invoice.user, invoices=[invoice],
                                  amount=Decimal("120.00"), return_url="/")  # fmt: skip
    assert intent.redirect_url == "" and invoice.number in intent.instructions


def test_overdue_reminders_once_a_week(place, scop, member, admin, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.core import mail
    from django.db import transaction

    from comptoir.billing.selectors import overdue_list
    from comptoir.billing.services import today_in

    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal("50.00"), vat_rate="20")
    draft = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[line])
    with transaction.atomic():
        late = today_in(place) - dt.timedelta(days=40)
        services.invoice_issue.in_transaction(invoice=draft, actor=admin, issue_date=late)
    assert [inv.pk for inv in overdue_list(place=place, on=today_in(place))] == [draft.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_reminders_send(place=place, actor=admin) == 1
        assert services.overdue_reminders_send(place=place, actor=admin) == 0
    assert len(mail.outbox) == 1 and draft.number in mail.outbox[0].body
