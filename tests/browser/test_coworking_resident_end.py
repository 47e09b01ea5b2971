"""A host sells a resident plan with its desk and ends a plan; the resident sees the desk and stops the renewal.

Every page is checked with axe-core.
"""

from decimal import Decimal

import pytest
from browser_helpers import assert_accessible, exact, log_in, tr
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.coworking import services
from comptoir.coworking.models import Plan, Subscription
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.tests.factories import ResourceFactory

pytestmark = pytest.mark.browser


def test_host_sells_a_resident_plan_with_a_desk_then_ends_it(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    resident = member_of(place, Role.COWORKER, display_name="Rémi Résident", email="remi@example.org")
    plan = PlanFactory(place=place, name="Résident", kind=Plan.Kind.RESIDENT, price=Decimal("250"), days=0,
                       validity_months=1)  # fmt: skip
    desk = ResourceFactory(place=place, name="Bureau fenêtre", slug="bureau-fenetre", kind=Resource.Kind.DESK)

    page = new_page()
    log_in(page, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/coworking/formules/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(page, "Coworking plans"))
    assert_accessible(page)
    page.get_by_label(tr(page, "Member's e-mail")).fill(resident.email)
    page.get_by_label(exact(tr(page, "Plan"))).select_option(label=plan.name)
    page.get_by_label(tr(page, "Resident's desk")).select_option(label=desk.name)
    page.get_by_label(tr(page, "Renews every month")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Sell")).click()
    expect(page.get_by_text(tr(page, "The plan is sold."))).to_be_visible()
    assert_accessible(page)
    subscription = Subscription.objects.get(person=resident)
    assert subscription.desk == desk and Booking.objects.filter(resource=desk, person=resident).exists()

    # From the list of running plans to the plan's page, then end it now with a reason.
    running = page.get_by_role("table", name=tr(page, "Plans sold and running"))
    with page.expect_navigation():
        running.get_by_role("link", name=resident.display_name).click()
    expect(
        page.get_by_text(tr(page, "Nothing is refunded here: to give money back, issue a credit note in billing."))
    ).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label(tr(page, "Why is the plan ended?"))).to_have_attribute("required", "")
    page.get_by_label(tr(page, "Why is the plan ended?")).fill("Départ du membre")
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "End the plan")).click()
    expect(page.get_by_text(tr(page, "The plan is ended."))).to_be_visible()
    assert_accessible(page)
    subscription.refresh_from_db()
    assert subscription.cancelled_at is not None
    assert not Booking.objects.filter(resource=desk, state=Booking.State.CONFIRMED).exists()


def test_resident_sees_the_desk_and_stops_the_renewal(new_page):
    place = PlaceFactory(name="Le Bocal", slug="le-bocal")
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")
    resident = member_of(place, Role.COWORKER, display_name="Rémi Résident", email="remi@example.org")
    plan = PlanFactory(place=place, name="Résident", kind=Plan.Kind.RESIDENT, days=0, validity_months=1)
    desk = ResourceFactory(place=place, name="Bureau fenêtre", slug="bureau-fenetre", kind=Resource.Kind.DESK)
    subscription = services.subscription_start(
        place=place, person=resident, plan=plan, actor=host, desk=desk, renews=True
    )

    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    log_in(page, email=resident.email, password=PASSWORD, next_url=f"/{place.slug}/coworking/")
    expect(page.get_by_text(tr(page, "Your desk"))).to_be_visible()
    expect(page.get_by_text(desk.name)).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=tr(page, "Stop the renewal at the end of this period")).tap()
    expect(page.get_by_role("button", name=tr(page, "Stop the renewal at the end of this period"))).to_have_count(0)
    assert_accessible(page)
    subscription.refresh_from_db()
    assert not subscription.renews and subscription.cancelled_at is None
