"""Ending a plan: the member stops the renewal, staff end it now with a reason."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.coworking import selectors, services
from comptoir.coworking.models import CoworkingCharge, Plan, Subscription
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.services import booking_create
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-a")]


@pytest.fixture
def monthly(place):
    return PlanFactory(place=place, kind=Plan.Kind.UNLIMITED, price=Decimal("190.00"), days=0, validity_months=1)


def _renew_due(subscription):
    """Pretend the plan reaches its end today, then run the daily renewal job."""
    Subscription.objects.filter(pk=subscription.pk).update(ends_on=timezone.localdate())
    call_command("coworking_renew")


def test_member_stops_the_renewal_from_the_portal(client, place, member, monthly):
    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=member, renews=True)
    client.force_login(member)
    home_url = reverse("coworking:home", kwargs={"place_slug": place.slug})
    assert "Arrêter le renouvellement" in client.get(home_url).content.decode()
    url = reverse("coworking:renewal_stop", kwargs={"place_slug": place.slug, "subscription_id": subscription.pk})
    response = client.post(url, follow=True)
    assert "ne sera pas renouvelée" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.renews and subscription.cancelled_at is None
    assert AuditEntry.objects.filter(action="coworking_subscription.renewal_stopped").count() == 1
    # Still valid until its end, then the renewal job leaves it (and bills nothing more).
    assert services.check_in(place=place, person=member, actor=member).subscription == subscription
    _renew_due(subscription)
    assert CoworkingCharge.objects.filter(subscription=subscription).count() == 1
    # Again: a clear error, not a 500.
    response = client.post(url, follow=True)
    assert response.status_code == 200 and "ne se renouvelle pas" in response.content.decode()


def test_a_member_cannot_stop_someone_elses_plan(client, place, member, monthly):
    other = member_of(place, Role.COWORKER)
    subscription = services.subscription_start(place=place, person=other, plan=monthly, actor=other, renews=True)
    client.force_login(member)
    url = reverse("coworking:renewal_stop", kwargs={"place_slug": place.slug, "subscription_id": subscription.pk})
    assert client.post(url).status_code == 404
    subscription.refresh_from_db()
    assert subscription.renews


def test_staff_end_a_plan_now_with_a_reason(place, host, member, monthly):
    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=host, renews=True)
    with pytest.raises(ServiceError):
        services.subscription_end(subscription=subscription, actor=host, reason="  ")
    ended = services.subscription_end(subscription=subscription, actor=host, reason="Départ du membre")
    assert ended.cancelled_at is not None and not ended.renews and ended.ends_on == timezone.localdate()
    assert ended.end_reason == "Départ du membre"
    entry = AuditEntry.objects.get(action="coworking_subscription.ended")
    assert entry.after["end_reason"] == "Départ du membre"
    # Check-in no longer uses it, the meeting-room hours and the renewal job no longer count it.
    checkin = services.check_in(place=place, person=member, actor=host)
    assert checkin.subscription is None
    assert selectors.plan_status(place=place, person=member) == []
    _renew_due(ended)
    assert CoworkingCharge.objects.filter(subscription=ended).count() == 1
    with pytest.raises(ServiceError):
        services.subscription_end(subscription=ended, actor=host, reason="Encore")


def test_ending_a_residents_plan_releases_the_desk(place, host, member):
    desk = ResourceFactory(place=place, kind=Resource.Kind.DESK, capacity=1)
    resident = PlanFactory(place=place, kind=Plan.Kind.RESIDENT, days=0, validity_months=1)
    starts_on = next_weekday(0, hour=0).date()
    subscription = services.subscription_start(
        place=place, person=member, plan=resident, actor=host, starts_on=starts_on, desk=desk
    )
    assert Booking.objects.filter(resource=desk, state=Booking.State.CONFIRMED).exists()
    services.subscription_end(subscription=subscription, actor=host, reason="Départ")
    assert not Booking.objects.filter(resource=desk, state=Booking.State.CONFIRMED).exists()
    # Someone else can now book the desk.
    other = member_of(place, Role.COWORKER)
    start = dt.datetime.combine(starts_on + dt.timedelta(days=1), dt.time(10), tzinfo=place.tz)
    booking_create(resource=desk, person=other, start=start, end=start + dt.timedelta(hours=1), actor=other)


def test_staff_screen_ends_a_plan_and_says_nothing_is_refunded(client, place, host, member, monthly):
    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=host, renews=True)
    client.force_login(host)
    plans = client.get(reverse("coworking:plans", kwargs={"place_slug": place.slug})).content.decode()
    url = reverse("coworking:subscription", kwargs={"place_slug": place.slug, "subscription_id": subscription.pk})
    assert url in plans
    page = client.get(url).content.decode()
    assert "avoir" in page
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.cancelled_at is None
    response = client.post(url, {"reason": "Départ du membre"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.cancelled_at is not None


def test_staff_of_another_place_cannot_end_a_plan(client, place, member, monthly):
    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=member)
    other_host = member_of(PlaceFactory(slug="lieu-b"), Role.HOST)
    client.force_login(other_host)
    for slug in ("lieu-a", "lieu-b"):
        url = reverse("coworking:subscription", kwargs={"place_slug": slug, "subscription_id": subscription.pk})
        assert client.post(url, {"reason": "x"}).status_code == 404
    subscription.refresh_from_db()
    assert subscription.cancelled_at is None


def test_members_cannot_open_the_staff_screen(client, place, member, monthly):
    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=member)
    client.force_login(member)
    url = reverse("coworking:subscription", kwargs={"place_slug": place.slug, "subscription_id": subscription.pk})
    assert client.get(url).status_code == 403


def test_running_plans_list_costs_constant_queries(client, place, host, monthly):
    client.force_login(host)
    url = reverse("coworking:plans", kwargs={"place_slug": place.slug})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.subscription_start(place=place, person=member_of(place, Role.COWORKER), plan=monthly, actor=host)
    few = count()
    for _ in range(4):
        services.subscription_start(place=place, person=member_of(place, Role.COWORKER), plan=monthly, actor=host)
    assert count() == few


def test_api_stop_renewal_and_end(client, place, host, member, monthly):
    from comptoir.people.services import api_token_create

    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=host, renews=True)
    base = f"/api/v1/places/{place.slug}/coworking/plans/{subscription.pk}"
    _t, member_secret = api_token_create(user=member, name="t")
    _t, host_secret = api_token_create(user=host, name="t")
    as_member = {"HTTP_AUTHORIZATION": f"Bearer {member_secret}"}
    as_host = {"HTTP_AUTHORIZATION": f"Bearer {host_secret}"}
    me = client.get(f"/api/v1/places/{place.slug}/coworking/me", **as_member).json()
    assert me["plans"][0]["subscription_id"] == subscription.pk and me["plans"][0]["desk"] is None
    response = client.post(f"{base}/stop-renewal", **as_member)
    assert response.status_code == 200 and response.json()["renews"] is False
    response = client.post(f"{base}/stop-renewal", **as_member)
    assert response.status_code == 400 and response.json()["detail"]
    # Members cannot end a plan; staff must give a reason.
    assert client.post(f"{base}/end", {"reason": "x"}, content_type="application/json", **as_member).status_code == 403
    response = client.post(f"{base}/end", {"reason": " "}, content_type="application/json", **as_host)
    assert response.status_code == 400 and response.json()["detail"]
    response = client.post(f"{base}/end", {"reason": "Départ"}, content_type="application/json", **as_host)
    assert response.status_code == 200
    assert response.json()["end_reason"] == "Départ" and response.json()["ended_early_at"]
    # Another place's staff: 404.
    other_host = member_of(PlaceFactory(slug="lieu-b"), Role.HOST)
    _t, other_secret = api_token_create(user=other_host, name="t")
    response = client.post(
        f"/api/v1/places/lieu-b/coworking/plans/{subscription.pk}/end", {"reason": "x"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {other_secret}",
    )  # fmt: skip
    assert response.status_code == 404


def test_api_staff_list_the_running_plans_with_the_ids_the_writes_take(client, place, host, member, monthly):
    subscription = services.subscription_start(place=place, person=member, plan=monthly, actor=host, renews=True)
    client.force_login(host)
    url = f"/api/v1/places/{place.slug}/coworking/plans"
    listed = client.get(url, {"user_id": member.pk}).json()
    assert [(s["subscription_id"], s["user_id"]) for s in listed] == [(subscription.pk, member.pk)]
    assert client.get(url, {"user_id": host.pk}).json() == []
    client.force_login(member)
    assert client.get(url).status_code == 403
