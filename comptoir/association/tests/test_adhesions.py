import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from comptoir.association import selectors, services
from comptoir.association.models import Adhesion, FeeScheme
from comptoir.association.tests.factories import FeeSchemeFactory
from comptoir.billing.models import Invoice, JournalLine
from comptoir.billing.services import invoice_due
from comptoir.core.errors import ServiceError
from comptoir.people.tests.factories import member_of


@pytest.fixture
def scheme(place):
    return FeeSchemeFactory(place=place)


def test_join_at_desk_paid_invoice_and_up_to_date(place, scheme, django_capture_on_commit_callbacks):
    host = member_of(place, "host")
    member = member_of(place)
    with django_capture_on_commit_callbacks(execute=True):
        adhesion = services.adhesion_join(
            place=place, user=member, scheme=scheme, actor=host, on=dt.date(2026, 3, 10), payment_method="cash"
        )
    assert (adhesion.starts_on, adhesion.ends_on) == (dt.date(2026, 3, 10), dt.date(2026, 12, 31))
    assert adhesion.status == Adhesion.Status.PAID
    invoice = adhesion.invoice
    assert invoice.status == Invoice.Status.ISSUED and invoice.total_incl_vat == Decimal("20.00")
    assert invoice.total_vat == 0 and invoice_due(invoice) == 0
    assert invoice.entity.kind == "association"
    assert JournalLine.objects.filter(entry__invoice=invoice, account="756", credit=Decimal("20.00")).exists()
    assert selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 6, 1))
    assert not selectors.is_up_to_date(place=place, user=member, on=dt.date(2027, 1, 1))
    assert not selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 3, 9))
    assert selectors.up_to_date_user_ids(place=place, on=dt.date(2026, 6, 1)) == {member.pk}
    assert len(mail.outbox) == 1


def test_portal_join_awaits_payment_then_renewal_follows(place, scheme):
    member = member_of(place)
    adhesion = services.adhesion_join(place=place, user=member, scheme=scheme, actor=member, on=dt.date(2026, 11, 2))
    assert adhesion.status == Adhesion.Status.AWAITING_PAYMENT
    assert not selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 11, 2))
    services.adhesion_record_payment(adhesion=adhesion, method="card", actor=member)
    assert selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 11, 2))
    renewal = services.adhesion_join(place=place, user=member, scheme=scheme, actor=member, on=dt.date(2026, 12, 1))
    assert (renewal.starts_on, renewal.ends_on) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    with pytest.raises(ServiceError):
        services.adhesion_join(place=place, user=member, scheme=scheme, actor=member, on=dt.date(2026, 12, 2))


def test_rolling_period_free_amount_and_free_scheme(place):
    member = member_of(place)
    rolling = FeeSchemeFactory(place=place, period=FeeScheme.Period.ROLLING, free_amount=True, amount=Decimal("10"))
    with pytest.raises(ServiceError):
        services.adhesion_join(place=place, user=member, scheme=rolling, actor=member, amount="5")
    adhesion = services.adhesion_join(
        place=place, user=member, scheme=rolling, actor=member, amount="25.00", on=dt.date(2026, 2, 15)
    )
    assert adhesion.ends_on == dt.date(2027, 2, 14) and adhesion.invoice.total_incl_vat == Decimal("25.00")
    free = FeeSchemeFactory(place=place, category=FeeScheme.Category.FREE, amount=Decimal("0"))
    other = member_of(place)
    adhesion = services.adhesion_join(place=place, user=other, scheme=free, actor=other, on=dt.date(2026, 2, 15))
    assert adhesion.status == Adhesion.Status.PAID and adhesion.invoice is None


def test_fee_scheme_must_belong_to_the_association(place):
    from comptoir.places.tests.factories import LegalEntityFactory

    scop = LegalEntityFactory(place=place)
    admin = member_of(place, "admin")
    with pytest.raises(ServiceError):
        services.fee_scheme_save(place=place, actor=admin, entity=scop, name="X", category="individual",
                                 amount="10", period="civil_year")  # fmt: skip


def test_reminders_sent_once(place, scheme, django_capture_on_commit_callbacks):
    member = member_of(place)
    services.adhesion_join(
        place=place, user=member, scheme=scheme, actor=member, on=dt.date(2026, 1, 5), payment_method="cash"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.adhesion_send_reminders(place=place, on=dt.date(2026, 12, 10)) == 1
        assert services.adhesion_send_reminders(place=place, on=dt.date(2026, 12, 11)) == 0
    assert len(mail.outbox) == 1


def test_reminder_command(place, scheme, capsys):
    from django.core.management import call_command

    call_command("association_reminders", days=30)
    assert f"{place.slug}: 0 reminder(s)" in capsys.readouterr().out


def test_paid_through_billing_or_refunded(place, scheme):
    from comptoir.billing import services as billing

    member = member_of(place)
    host = member_of(place, "host")
    adhesion = services.adhesion_join(place=place, user=member, scheme=scheme, actor=member, on=dt.date(2026, 4, 1))
    assert not selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 4, 2))
    billing.payment_record(place=place, user=member, method="transfer", amount="20.00", actor=host,
                           invoices=[adhesion.invoice])  # fmt: skip
    assert selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 4, 2))
    assert selectors.adhesion_covers(adhesion=adhesion, on=dt.date(2026, 4, 2))
    billing.credit_note_create(invoice=adhesion.invoice, actor=host, reason="Remboursement")
    assert not selectors.is_up_to_date(place=place, user=member, on=dt.date(2026, 4, 2))
