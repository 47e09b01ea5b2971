"""Billing's pages, e-mails, invoice PDFs and messages write "1 234,50 €" in French, "€1,234.50" in English."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from comptoir.billing import services
from comptoir.billing.einvoice import invoice_html, legal_notes
from comptoir.billing.services import LineIn
from comptoir.core.errors import ServiceError
from comptoir.core.tests.test_money import plain
from comptoir.people.tests.factories import PASSWORD

# 1 000.00 excl. VAT + 20 % = 1 200.00 incl. VAT; 2.50 a line keeps a small amount on the page.
LINES = [
    LineIn(description="Bureau fermé", quantity=Decimal("1"), unit_price=Decimal("1000.00"), vat_rate="20"),
    LineIn(description="Café", quantity=Decimal("2"), unit_price=Decimal("2.50"), vat_rate="20"),
]


def _issue(place, entity, user, actor, issue_date=None):
    draft = services.invoice_create(place=place, entity=entity, user=user, actor=actor, lines=LINES)
    with transaction.atomic():
        return services.invoice_issue.in_transaction(invoice=draft, actor=actor, issue_date=issue_date)


def _page(client, user, url, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    assert client.login(email=user.email, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    return plain(response.content.decode())


def test_member_invoices_page_in_french_and_english(client, place, scop, member, admin):
    _issue(place, scop, member, admin)
    url = reverse("billing:mine", kwargs={"place_slug": place.slug})
    french = _page(client, member, url, "fr")
    assert "1 206,00 €" in french and "1206.00" not in french and "1206,00" not in french
    english = _page(client, member, url, "en")
    assert "€1,206.00" in english and "1 206,00" not in english


def test_staff_invoice_page_in_french(client, place, scop, member, admin):
    invoice = _issue(place, scop, member, admin)
    url = reverse("billing:invoice", kwargs={"place_slug": place.slug, "invoice_id": invoice.pk})
    page = _page(client, admin, url, "fr")
    assert "1 005,00 €" in page and "2,50 €" in page and "201,00 €" in page and "1 206,00 €" in page


def test_overdue_reminder_email_in_french(place, scop, member, admin, django_capture_on_commit_callbacks):
    _issue(place, scop, member, admin, issue_date=dt.date.today() - dt.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_reminders_send(place=place, actor=admin) == 1
    body = plain(mail.outbox[0].body)
    assert "1 206,00 € restent à payer" in body and "Total : 1 206,00 €." in body and "1206" not in body


def test_invoice_pdf_text_in_french(place, scop, member, admin):
    invoice = _issue(place, scop, member, admin)
    with translation.override("en"):  # the PDF is French whatever the issuer's language
        html = plain(invoice_html(invoice, list(invoice.lines.all())))
    assert "2,50 €" in html and "1 000,00 €" in html and "1 206,00 €" in html and "au capital de 15 000,00 €" in html
    assert "€" not in html.replace(" €", "")  # never "€5.00"
    assert "au capital de 15 000,00 €" in plain(dict(legal_notes(invoice))["REG"])


def test_service_messages_write_amounts_the_french_way(place, scop, member, admin):
    with translation.override("fr"):
        try:
            services.payment_record(place=place, user=member, method="wallet", amount="5", actor=admin, invoices=[])
        except ServiceError as error:
            message = plain(str(error.message))
        assert "0,00 €" in message and "0.00" not in message
    with translation.override("en"):
        try:
            services.payment_record(place=place, user=member, method="wallet", amount="5", actor=admin, invoices=[])
        except ServiceError as error:
            assert "€0.00" in str(error.message)
