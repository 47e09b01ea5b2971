"""Staff write a free-text invoice and issue it; the member pays it online through the sandbox provider."""

import re
from decimal import Decimal

import pytest
from browser_helpers import assert_accessible, html_lang, log_in, tr
from playwright.sync_api import expect

from comptoir.billing import services
from comptoir.billing.models import Invoice, Payment
from comptoir.core.money import format_money
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _billing_settings(settings):
    settings.BILLING_PAYMENT_PROVIDER = "sandbox"


def test_staff_issue_a_free_text_invoice_and_the_member_pays_it_online(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    scop = LegalEntityFactory(place=place, is_primary=True)
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")
    services.billing_profile_save(place=place, user=member, actor=member, is_organisation=False,
                                  address="3 rue Neuve", postal_code="42000", city="Saint-Étienne")  # fmt: skip

    # The host starts a draft for the member, adds a free line, checks the totals and issues it.
    staff = new_page()
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/facturation/factures/nouvelle/")
    expect(staff.get_by_role("heading", level=1)).to_have_text(tr(staff, "New invoice"))
    assert_accessible(staff)
    staff.get_by_label(tr(staff, "Buyer (member)"), exact=True).select_option(label=member.display_name)
    staff.get_by_label(tr(staff, "Sold by"), exact=True).select_option(label=scop.name)
    with staff.expect_navigation():
        staff.get_by_role("button", name=tr(staff, "Create the draft")).click()
    expect(staff.get_by_text(tr(staff, "The draft is created: add its lines."))).to_be_visible()
    assert_accessible(staff)
    add = staff.get_by_role("form", name=tr(staff, "Add a line"))
    add.get_by_label(tr(staff, "Description"), exact=True).fill("Accompagnement sur mesure")
    add.get_by_label(tr(staff, "Quantity"), exact=True).fill("-2")
    add.get_by_label(tr(staff, "Unit price excl. VAT (€)"), exact=True).fill("25.00")
    with staff.expect_navigation():
        add.get_by_role("button", name=tr(staff, "Add the line")).click()
    expect(staff.get_by_role("alert").first).to_be_visible()  # a negative quantity is refused
    assert_accessible(staff)
    add = staff.get_by_role("form", name=tr(staff, "Add a line"))
    add.get_by_label(tr(staff, "Quantity"), exact=True).fill("2")
    with staff.expect_navigation():
        add.get_by_role("button", name=tr(staff, "Add the line")).click()
    expect(staff.get_by_text(tr(staff, "The line is added."))).to_be_visible()
    expect(staff.locator("dl.facts")).to_contain_text("60,00")
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.get_by_role("button", name=tr(staff, "Issue the invoice")).click()
    invoice = Invoice.objects.get()
    assert invoice.number == "COOP-F-000001" and invoice.total_incl_vat == Decimal("60.00")
    assert invoice.buyer_address == "3 rue Neuve\n42000 Saint-Étienne"
    expect(staff.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    assert_accessible(staff)

    # The member pays it online: a wrong card number first, then a good one.
    page = new_page()
    log_in(page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/mes-factures/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Pay invoice %(number)s online") % {"number": invoice.number}).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Test payment"))
    assert_accessible(page)
    page.get_by_label(tr(page, "Card number")).fill("4242 4242 4242 4241")
    with page.expect_navigation():
        page.locator("button[value=pay]").click()
    expect(page.get_by_text(tr(page, "This card number is not valid: check its digits."))).to_be_visible()
    assert_accessible(page)
    assert not Payment.objects.exists()
    page.get_by_label(tr(page, "Card number")).fill("4242 4242 4242 4242")
    with page.expect_navigation():
        page.locator("button[value=pay]").click()
    expect(page.get_by_text(re.compile(re.escape(tr(page, "Your payment of %(amount)s is received, thank you.")
                                                 .split("%(amount)s")[0])))).to_be_visible()  # fmt: skip
    paid = format_money(Decimal("60.00"), language=html_lang(page) or "fr")  # "60,00 €" in French
    assert tr(page, "Your payment of %(amount)s is received, thank you.") % {"amount": paid} in (
        page.locator("body").text_content() or ""
    )
    assert_accessible(page)
    payment = Payment.objects.get()
    assert (payment.method, payment.provider, payment.amount) == ("online", "sandbox", Decimal("60.00"))
    row = page.get_by_role("row").filter(has_text=invoice.number)
    expect(row).to_contain_text(tr(page, "paid"))
