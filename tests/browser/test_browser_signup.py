"""A visitor signs up to a place, a host approves the request, the new member reaches their space."""

import pytest
from browser_helpers import assert_accessible, exact, log_in, tr
from playwright.sync_api import expect

from comptoir.core.permissions import Role
from comptoir.people.models import Membership
from comptoir.people.tests.factories import PASSWORD, member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Une-longue-phrase-de-passe-42"


def test_sign_up_approval_and_member_space(new_page):
    place = PlaceFactory(name="La Fabrique du Coin", slug="fabrique-du-coin", auto_approve_members=False)
    host = member_of(place, Role.HOST, display_name="Camille Hôte", email="hote@example.org")

    # A visitor finds the place and asks to join.
    visitor = new_page()
    visitor.goto(f"/{place.slug}/")
    assert_accessible(visitor)
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=exact(tr(visitor, "Join the place"))).click()
    assert visitor.url.endswith(f"/{place.slug}/rejoindre/")
    assert_accessible(visitor)
    visitor.locator("#id_display_name").fill("Dominique Nouvelle")
    visitor.locator("#id_email").fill("dominique@example.org")
    visitor.locator("#id_password").fill(NEW_PASSWORD)
    visitor.locator("#id_password_confirm").fill(NEW_PASSWORD)
    with visitor.expect_navigation():
        visitor.get_by_role("button", name=tr(visitor, "Create my account and join")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(tr(visitor, "Your request is sent"))
    assert_accessible(visitor)
    membership = Membership.objects.get(place=place, user__email="dominique@example.org")
    assert membership.status == Membership.Status.PENDING

    # A host logs in and approves the request from the pending members list (htmx, no page load).
    staff = new_page()
    members_url = f"/{place.slug}/gestion/membres/?statut=pending"
    log_in(staff, email=host.email, password=PASSWORD, next_url=f"/{place.slug}/gestion/membres/")
    assert_accessible(staff)
    staff.goto(members_url)
    assert_accessible(staff)
    row = staff.locator(f"#membership-{membership.pk}")
    expect(row).to_contain_text("Dominique Nouvelle")
    approve = row.get_by_role("button", name=f"{tr(staff, 'Approve')} Dominique Nouvelle")
    with staff.expect_response(lambda response: "/approuver/" in response.url) as response_info:
        approve.click()
    assert response_info.value.status == 200
    expect(staff.locator(f"#membership-{membership.pk}")).to_contain_text(tr(staff, "Active"))
    expect(staff.get_by_role("button", name=f"{tr(staff, 'Approve')} Dominique Nouvelle")).to_have_count(0)
    assert staff.url.endswith(members_url)  # swapped in place
    assert_accessible(staff)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE

    # The new member logs in (another browser) and sees their space.
    member = new_page()
    log_in(member, email="dominique@example.org", password=NEW_PASSWORD, next_url=f"/{place.slug}/moi/")
    assert member.url.endswith(f"/{place.slug}/moi/")
    expect(member.get_by_role("heading", level=1)).to_contain_text("Dominique Nouvelle")
    expect(member.locator("main")).to_contain_text(place.french_after_de)  # "membre de la Fabrique du Coin"
    assert_accessible(member)
