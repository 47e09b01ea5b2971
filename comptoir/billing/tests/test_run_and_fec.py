import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from comptoir.billing import services
from comptoir.billing.exports import FEC_COLUMNS, fec_export
from comptoir.billing.models import BillingRun, Charge, Invoice, JournalEntry, Payment
from comptoir.billing.services.run import billing_run
from comptoir.billing.tests.factories import ProductFactory
from comptoir.core.errors import ServiceError
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import association_of


@pytest.fixture
def charged(place, scop, product):
    asso = association_of(place)
    fee = ProductFactory(place=place, entity=asso, unit_price="20.00", vat_rate="exempt", kind="fee")
    members = [member_of(place) for _ in range(3)]
    for index, user in enumerate(members):
        lines = [services.line_for_product(product=product, quantity=index + 1, service_date=dt.date(2026, 11, 5))]
        services.charge_sync_for_source(place=place, user=user, source_type="spaces.booking", source_id=index,
                                        lines=lines)  # fmt: skip
        fee_line = services.line_for_product(product=fee, quantity=1, service_date=dt.date(2026, 11, 1))
        services.charge_sync_for_source(place=place, user=user, source_type="association.fee", source_id=index,
                                        lines=[fee_line])  # fmt: skip
    # a December charge is not part of the November run
    services.charge_sync_for_source(place=place, user=members[0], source_type="spaces.booking", source_id=99,
                                    lines=[services.line_for_product(product=product, quantity=1,
                                                                     service_date=dt.date(2026, 12, 2))])  # fmt: skip
    return members


def test_run_is_idempotent_and_resumable(place, admin, charged):
    # interrupted after two groups
    run = billing_run(place=place, period="2026-11", actor=admin, limit=2, confirm_past=True)
    assert Invoice.objects.count() == 2 and run.status == BillingRun.Status.RUNNING
    run = billing_run(place=place, period="2026-11", actor=admin, confirm_past=True)
    assert run.status == BillingRun.Status.DONE
    assert Invoice.objects.count() == 6 and run.invoices_created == 6
    assert run.done_groups == run.total_groups == 6
    assert run.amount_invoiced == Decimal("18.00") * 6 + Decimal("20.00") * 3
    again = billing_run(place=place, period="2026-11", actor=admin, confirm_past=True)
    assert Invoice.objects.count() == 6 and again.invoices_created == 6
    assert Charge.objects.filter(invoice_line__isnull=True).count() == 1  # December's
    assert set(Invoice.objects.values_list("billing_period", flat=True)) == {"2026-11"}
    assert BillingRun.objects.count() == 1
    with pytest.raises(ServiceError):
        billing_run(place=place, period="2026-13", actor=admin, confirm_past=True)


def test_run_command(place, charged, capsys):
    call_command("billing_run", place=place.slug, period="2026-11", confirm_past=True)
    assert "6 invoices" in capsys.readouterr().out


def test_fec_columns_encoding_balance_and_numbering(place, scop, admin, charged):
    billing_run(place=place, period="2026-11", actor=admin, confirm_past=True)
    invoice = Invoice.objects.filter(entity=scop).order_by("sequence").first()
    services.payment_record(place=place, user=invoice.user, method="cash", amount="10.00", actor=admin,
                            invoices=[invoice])  # fmt: skip
    services.payment_record(place=place, user=invoice.user, method="transfer", amount="50.00", actor=admin,
                            invoices=[invoice])  # fmt: skip
    services.credit_note_create(invoice=invoice, actor=admin)  # paid: the credit goes to the wallet (OD)
    year = dt.date.today().year
    name, content = fec_export(place=place, entity=scop, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    assert name == f"552081317FEC{year}1231.txt"
    text = content.decode("iso-8859-15")
    rows = [row.split("\t") for row in text.splitlines()]
    assert rows[0] == FEC_COLUMNS
    assert all(len(row) == 18 for row in rows)
    body = rows[1:]
    debit = sum(Decimal(r[11].replace(",", ".")) for r in body)
    credit = sum(Decimal(r[12].replace(",", ".")) for r in body)
    assert debit == credit > 0
    assert all(len(r[3]) == 8 and r[3].isdigit() for r in body)
    assert all("," in r[11] and "." not in r[11] for r in body)
    for journal in ("VT", "CA", "BQ", "OD"):
        numbers = sorted({int(r[2][2:]) for r in body if r[0] == journal})
        assert numbers == list(range(1, len(numbers) + 1))
    assert {r[0] for r in body} >= {"VT", "CA", "BQ", "OD"}
    assert "Opérations diverses" in text  # é survives ISO-8859-15


def test_closed_period_accepts_no_entry(place, scop, member, admin):
    from comptoir.billing.services import today_in

    today = today_in(place)
    with pytest.raises(ServiceError):
        services.period_close(place=place, entity=scop, closed_until=today, actor=admin)  # not a past day
    services.period_close(place=place, entity=scop, closed_until=today - dt.timedelta(days=1), actor=admin)
    line = services.LineIn(description="x", quantity=Decimal("1"), unit_price=Decimal("5.00"), vat_rate="20")
    draft = services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[line])
    invoice = services.invoice_issue(invoice=draft, actor=admin)  # dated today: open
    with pytest.raises(ServiceError):  # a payment dated in the closed period
        services.payment_record(place=place, user=member, method="cash", amount="6.00", actor=admin,
                                invoices=[invoice], received_on=today - dt.timedelta(days=2))  # fmt: skip
    assert not Payment.objects.exists()
    assert JournalEntry.objects.count() == 1
    with pytest.raises(ServiceError):
        services.period_close(place=place, entity=scop, closed_until=today - dt.timedelta(days=3), actor=admin)


def test_staff_run_button_and_accounting_page(client, place, scop, charged):
    from django.urls import reverse

    from comptoir.people.tests.factories import PASSWORD

    host = member_of(place, "host")
    assert client.login(email=host.email, password=PASSWORD)
    url = reverse("billing:run", kwargs={"place_slug": place.slug})
    assert client.get(url).status_code == 200
    assert client.post(url, {"period": "2026-11"}).status_code == 302
    assert client.post(url, {"period": "2026-11"}).status_code == 302
    assert Invoice.objects.count() == 6
    progress = client.get(url, HTTP_HX_REQUEST="true")
    assert b"6/6" in progress.content and b"<html" not in progress.content
    client.logout()
    board = member_of(place, "board")
    assert client.login(email=board.email, password=PASSWORD)
    url = reverse("billing:accounting", kwargs={"place_slug": place.slug})
    assert client.get(url).status_code == 200
    year = dt.date.today().year
    response = client.get(url, {"entity": scop.pk, "start": f"{year}-01-01", "end": f"{year}-12-31", "export": "fec"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="552081317FEC{year}1231.txt"'
    assert response.content.split(b"\r\n")[0].split(b"\t")[0] == b"JournalCode"
    response = client.get(url, {"entity": scop.pk, "start": f"{year}-01-01", "end": f"{year}-12-31",
                                "export": "invoices"})  # fmt: skip
    assert response.status_code == 200 and b"COOP-F-000001" in response.content
    assert client.post(url, {"entity": scop.pk, "closed_until": f"{year - 1}-12-31"}).status_code == 302


def test_chart_of_accounts_is_configurable(client, place, scop, member, admin):
    from django.urls import reverse

    from comptoir.billing.models import JournalLine
    from comptoir.people.tests.factories import PASSWORD

    board = member_of(place, "board")
    assert client.login(email=board.email, password=PASSWORD)
    url = reverse("billing:accounting", kwargs={"place_slug": place.slug})
    bad = client.post(url, {"action": "account", "account-entity": scop.pk, "account-role": "services",
                            "account-number": "70x"})  # fmt: skip
    assert bad.status_code == 400
    response = client.post(url, {"action": "account", "account-entity": scop.pk, "account-role": "services",
                                 "account-number": "7061", "account-label": "Coworking"})  # fmt: skip
    assert response.status_code == 302
    assert b"7061" in client.get(url).content
    line = services.LineIn(description="x", quantity=Decimal("1"), unit_price=Decimal("5.00"), vat_rate="20")
    services.invoice_issue(
        invoice=services.invoice_create(place=place, entity=scop, user=member, actor=admin, lines=[line]), actor=admin
    )
    assert JournalLine.objects.filter(account="7061", account_label="Coworking", credit=Decimal("5.00")).exists()
