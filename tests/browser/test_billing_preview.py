"""A host invoices a member now on a 360 px phone: the preview lists what will be invoiced, a charge that
appears before the confirmation is refused with a fresh preview, and the confirmation issues exactly that.
Then a desk sale goes through its preview, keyboard only."""

import datetime as dt
from decimal import Decimal

import pytest
from browser_helpers import assert_accessible, log_in, tr
from playwright.sync_api import expect

from comptoir.billing.models import Charge, Invoice, Payment
from comptoir.billing.services import today_in
from comptoir.billing.tests.factories import ProductFactory
from comptoir.core.permissions import Role
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import LegalEntityFactory, PlaceFactory

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def _charge(place, entity, user, source_id, description, price, day):
    return Charge.objects.create(
        place=place, entity=entity, user=user, source_type="test", source_id=source_id, description=description,
        quantity=1, unit_price=Decimal(price), vat_rate="20", service_date=day,
    )  # fmt: skip


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_invoice_now_previews_refuses_a_late_charge_then_issues_what_was_shown(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    scop = LegalEntityFactory(place=place, is_primary=True, name="Scop du Bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")
    today = today_in(place)
    _charge(place, scop, member, "1", "Salle Ardoise – réunion", "40.00", today)
    _charge(place, scop, member, "2", "Atelier à venir", "10.00", today + dt.timedelta(days=3))

    staff = new_page(**PHONE)
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/facturation/a-facturer/")
    assert_accessible(staff)
    invoice_now = tr(staff, "Invoice %(name)s now") % {"name": member.display_name}
    with staff.expect_navigation():
        staff.get_by_role("button", name=invoice_now).first.click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(tr(staff, "Check the invoice before issuing it"))
    lines = staff.get_by_role("table", name=tr(staff, "Lines"))
    expect(lines).to_contain_text("Salle Ardoise – réunion")
    expect(lines).not_to_contain_text("Atelier à venir")  # still to come: not on this invoice
    expect(staff.get_by_role("table", name=tr(staff, "Totals per VAT rate"))).to_contain_text("8,00")
    expect(staff.locator("main")).to_contain_text("48,00")
    expect(staff.locator("main")).to_contain_text(scop.name)
    assert_accessible(staff)
    _fits(staff)
    assert not Invoice.objects.exists()

    # A plan sold meanwhile: the confirmation is refused, the new preview shows it.
    _charge(place, scop, member, "3", "Formule Nomade", "82.50", today)
    with staff.expect_navigation():
        staff.get_by_role("button", name=tr(staff, "Confirm and issue the invoice")).click()
    stale = (
        "Something changed since the preview (a line added or removed, a price, a total or the buyer): nothing was "
        "invoiced. Check the new preview, then confirm again."
    )
    expect(staff.get_by_role("alert")).to_have_text(tr(staff, stale))
    expect(staff.get_by_role("table", name=tr(staff, "Lines"))).to_contain_text("Formule Nomade")
    assert_accessible(staff)
    _fits(staff)
    assert not Invoice.objects.exists()

    with staff.expect_navigation():
        staff.get_by_role("button", name=tr(staff, "Confirm and issue the invoice")).click()
    invoice = Invoice.objects.get()
    assert [line.description for line in invoice.lines.order_by("position")] == [
        "Salle Ardoise – réunion", "Formule Nomade"
    ]  # fmt: skip
    assert invoice.total_incl_vat == Decimal("147.00")
    expect(staff.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    assert_accessible(staff)


def test_desk_sale_preview_with_the_keyboard_and_cancel(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    scop = LegalEntityFactory(place=place, is_primary=True)
    product = ProductFactory(place=place, entity=scop, name="Café", unit_price="1.50", vat_rate="10")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    member = member_of(place, Role.COWORKER, display_name="Dominique Dupont", email="dominique@example.org")

    staff = new_page()
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/facturation/vente/")
    staff.get_by_label(tr(staff, "Member"), exact=True).select_option(label=member.display_name)
    staff.get_by_label(tr(staff, "Product"), exact=True).select_option(value=str(product.pk))
    staff.get_by_label(tr(staff, "Quantity"), exact=True).fill("4")
    staff.get_by_label(tr(staff, "Paid now by")).select_option(value="cash")
    with staff.expect_navigation():
        staff.get_by_label(tr(staff, "Quantity"), exact=True).press("Enter")
    expect(staff.get_by_role("heading", level=1)).to_have_text(tr(staff, "Check the invoice before issuing it"))
    expect(staff.locator("main")).to_contain_text("6,60")  # 4 × 1,50 + 10 %
    expect(staff.locator("main")).to_contain_text(tr(staff, "Cash"))
    assert_accessible(staff)

    # Cancel writes nothing.
    with staff.expect_navigation():
        staff.get_by_role("link", name=tr(staff, "Cancel")).click()
    assert staff.url.endswith("/gestion/facturation/vente/") and not Invoice.objects.exists()

    staff.get_by_label(tr(staff, "Member"), exact=True).select_option(label=member.display_name)
    staff.get_by_label(tr(staff, "Product"), exact=True).select_option(value=str(product.pk))
    staff.get_by_label(tr(staff, "Quantity"), exact=True).fill("4")
    staff.get_by_label(tr(staff, "Paid now by")).select_option(value="cash")
    with staff.expect_navigation():
        staff.get_by_role("button", name=tr(staff, "Check the invoice")).click()
    confirm = staff.get_by_role("button", name=tr(staff, "Confirm and issue the invoice"))
    confirm.focus()
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    invoice = Invoice.objects.get()
    assert invoice.total_incl_vat == Decimal("6.60") and Payment.objects.get().amount == Decimal("6.60")
    expect(staff.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    assert_accessible(staff)
