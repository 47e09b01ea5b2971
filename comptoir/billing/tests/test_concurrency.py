import threading
from decimal import Decimal

import pytest
from django.db import connection

from comptoir.billing import services
from comptoir.billing.chain import verify_entity_chain
from comptoir.billing.models import Allocation, Invoice, JournalEntry
from comptoir.billing.services import LineIn
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

COUNT = 20


@pytest.fixture(autouse=True)
def _no_pdf_after_issue(settings):
    settings.BILLING_PDF_ON_ISSUE = False  # these tests measure numbering, not PDF making


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers():
    place = PlaceFactory()
    entity = LegalEntityFactory(place=place)
    admin = member_of(place, "admin")
    line = LineIn(description="Journée", quantity=Decimal("1"), unit_price=Decimal("10.00"), vat_rate="20")
    drafts = [
        services.invoice_create(place=place, entity=entity, user=admin, actor=admin, lines=[line]) for _ in range(COUNT)
    ]
    barrier = threading.Barrier(COUNT)
    errors: list[BaseException] = []

    def issue(draft):
        try:
            barrier.wait(timeout=30)
            services.invoice_issue(invoice=draft, actor=admin)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    numbers = sorted(Invoice.objects.filter(entity=entity).values_list("sequence", flat=True))
    assert numbers == list(range(1, COUNT + 1))
    assert verify_entity_chain(entity) == []
    entries = sorted(JournalEntry.objects.filter(entity=entity, journal="VT").values_list("number", flat=True))
    assert entries == list(range(1, COUNT + 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_over_allocate():
    place = PlaceFactory()
    entity = LegalEntityFactory(place=place)
    admin = member_of(place, "admin")
    member = member_of(place)
    line = LineIn(description="Forfait", quantity=Decimal("1"), unit_price=Decimal("100.00"), vat_rate="20")
    invoice = services.invoice_issue(
        invoice=services.invoice_create(place=place, entity=entity, user=member, actor=admin, lines=[line]),
        actor=admin,
    )
    threads_count = 5
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def pay():
        try:
            barrier.wait(timeout=30)
            services.payment_record(place=place, user=member, method="card", amount="50.00", actor=admin,
                                    invoices=[invoice])  # fmt: skip
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert services.invoice_due(invoice) == 0
    assert sum(a.amount for a in Allocation.objects.filter(invoice=invoice)) == Decimal("120.00")
    assert services.wallet_balance(place=place, user=member, entity=entity) == Decimal("130.00")
