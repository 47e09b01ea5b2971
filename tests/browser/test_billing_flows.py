"""A member pays their membership (adhésion) at the desk, then downloads the invoice PDF from their space."""

from pathlib import Path

import pytest
from browser_helpers import assert_accessible, exact, log_in, tr
from playwright.sync_api import expect

from comptoir.association.models import Adhesion
from comptoir.association.tests.factories import FeeSchemeFactory
from comptoir.billing.models import Invoice
from comptoir.billing.selectors import member_balance
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser


def test_member_pays_the_membership_at_the_desk_and_downloads_the_invoice(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    scheme = FeeSchemeFactory(place=place, name="Adhésion individuelle")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")

    # At the desk, the host registers the membership and records the card payment in one form.
    staff = new_page()
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/adhesions/")
    assert staff.url.endswith(f"/{place.slug}/gestion/adhesions/")
    expect(staff.get_by_role("heading", level=1)).to_have_text(tr(staff, "Adhésions"))
    assert_accessible(staff)
    desk = staff.get_by_role("form", name=tr(staff, "Register a membership at the desk"))
    desk.get_by_label(tr(staff, "Member"), exact=True).select_option(label=member.display_name)
    desk.get_by_label(tr(staff, "Membership fee"), exact=True).select_option(value=str(scheme.pk))
    desk.get_by_label(tr(staff, "Paid by"), exact=True).select_option(label=tr(staff, "Card terminal"))
    with staff.expect_navigation():
        desk.get_by_role("button", name=tr(staff, "Register and record the payment")).click()
    assert staff.url.endswith(f"/{place.slug}/gestion/adhesions/")
    adhesion = Adhesion.objects.select_related("invoice").get()
    done = tr(staff, "%(name)s is a member until %(date)s.")
    done %= {"name": member.display_name, "date": adhesion.ends_on.strftime("%d/%m/%Y")}
    expect(staff.get_by_text(done)).to_be_visible()
    assert_accessible(staff)

    assert adhesion.user == member and adhesion.status == Adhesion.Status.PAID
    invoice = adhesion.invoice
    assert invoice is not None and invoice.number and invoice.status == Invoice.Status.ISSUED
    assert member_balance(place=place, user=member)["owed"] == 0  # paid in full

    # The staff opens the invoice from the memberships list.
    with staff.expect_navigation():
        staff.get_by_role("link", name=exact(invoice.number)).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    assert_accessible(staff)

    # The member sees the paid membership and downloads the invoice from "My invoices".
    page = new_page()
    log_in(page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/adhesion/")
    assert page.url.endswith(f"/{place.slug}/adhesion/")
    assert_accessible(page)
    expect(
        page.get_by_role("link", name=tr(page, "Invoice %(number)s (PDF)") % {"number": invoice.number})
    ).to_be_visible()

    page.goto(f"/{place.slug}/mes-factures/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "My invoices"))
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=invoice.number)
    expect(row).to_contain_text(tr(page, "paid"))
    with page.expect_download() as download_info:
        row.get_by_role("link", name=tr(page, "Download %(number)s (PDF)") % {"number": invoice.number}).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"{invoice.number}.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-"), content[:20]
    assert content.rstrip().endswith(b"%%EOF")

    import facturx

    filename, xml = facturx.get_xml_from_pdf(content, check_xsd=False)
    assert filename == "factur-x.xml" and invoice.number.encode() in xml


def test_member_joins_online_pays_at_the_desk_and_downloads_the_invoice(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    scheme = FeeSchemeFactory(place=place, name="Adhésion individuelle")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")

    # The member asks to join from their space: the invoice is issued, to pay at the desk.
    page = new_page()
    log_in(page, email=member.email, password=PASSWORD, next_url=f"/{place.slug}/adhesion/")
    assert_accessible(page)
    page.get_by_label(tr(page, "Membership fee"), exact=True).select_option(value=str(scheme.pk))
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Join the association")).click()
    expect(page.get_by_text(tr(page, "Thank you! Your membership is registered; pay it at the desk."))).to_be_visible()
    assert_accessible(page)
    adhesion = Adhesion.objects.select_related("invoice").get()
    assert adhesion.status == Adhesion.Status.AWAITING_PAYMENT and adhesion.invoice.number
    assert member_balance(place=place, user=member)["owed"] == scheme.amount

    # At the desk, the host records the cash payment on the membership's row.
    staff = new_page()
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/adhesions/")
    assert_accessible(staff)
    pay = staff.get_by_role("button", name=tr(staff, "Record %(name)s's payment") % {"name": member.display_name})
    row = staff.get_by_role("row").filter(has=pay)
    row.get_by_label(tr(staff, "Paid by")).select_option(label=tr(staff, "Cash"))
    with staff.expect_navigation():
        pay.click()
    expect(staff.get_by_text(tr(staff, "The membership fee is paid."))).to_be_visible()
    expect(pay).to_have_count(0)
    assert_accessible(staff)
    adhesion.refresh_from_db()
    assert adhesion.status == Adhesion.Status.PAID
    assert member_balance(place=place, user=member)["owed"] == 0

    # The member downloads the invoice from their membership page.
    page.reload()
    assert_accessible(page)
    link = page.get_by_role("link", name=tr(page, "Invoice %(number)s (PDF)") % {"number": adhesion.invoice.number})
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.failure() is None and download.suggested_filename == f"{adhesion.invoice.number}.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
