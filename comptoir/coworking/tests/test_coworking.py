import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.core.errors import NotAllowed, ServiceError
from comptoir.core.permissions import Role
from comptoir.coworking import selectors, services
from comptoir.coworking.models import CheckIn, CoworkingCharge, Plan
from comptoir.coworking.periods import add_months
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.services import api_token_create
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services as space_services
from comptoir.spaces.tests.factories import PoolFactory, ResourceFactory, next_weekday

pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-a")]
SPACEAPI_SCHEMA = Path(__file__).resolve().parents[3] / "../shared/standards/spaceapi/15.json"


def test_add_months_clamps():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 15), 3) == dt.date(2028, 2, 15)


def test_carnet_consumes_one_day_per_day(place, member, host):
    carnet = PlanFactory(place=place, kind=Plan.Kind.CARNET, days=2)
    subscription = services.subscription_start(place=place, person=member, plan=carnet, actor=host)
    assert subscription.ends_on == add_months(subscription.starts_on, 6) - dt.timedelta(days=1)
    assert CoworkingCharge.objects.get(subscription=subscription).amount == Decimal("100.00")
    checkin = services.check_in(place=place, person=member, actor=host)
    assert checkin.subscription == subscription and not checkin.over_use
    # Again the same day (after leaving): no second day used.
    services.check_out(place=place, person=member, actor=host)
    again = services.check_in(place=place, person=member, actor=host)
    assert again.pk == checkin.pk and again.checked_out_at is None
    [status] = selectors.plan_status(place=place, person=member)
    assert status.days_left == 1


def test_exhausted_plan_sells_a_day_pass_and_flags_over_use(place, member, host):
    PlanFactory(place=place, kind=Plan.Kind.DAY_PASS, price=Decimal("15"), days=0)
    carnet = PlanFactory(place=place, kind=Plan.Kind.CARNET, days=1)
    subscription = services.subscription_start(place=place, person=member, plan=carnet, actor=host)
    CheckIn.objects.create(
        place=place, person=member, day=timezone.localdate() - dt.timedelta(days=1), checked_in_at=timezone.now(),
        method="desk", subscription=subscription,
    )  # fmt: skip
    checkin = services.check_in(place=place, person=member, actor=host)
    assert checkin.subscription is None and checkin.day_pass and checkin.over_use
    assert CoworkingCharge.objects.get(checkin=checkin).amount == Decimal("15.00")


def test_nothing_valid_sells_a_day_pass_without_flag(place, member, host):
    PlanFactory(place=place, kind=Plan.Kind.DAY_PASS, price=Decimal("15"), days=0)
    checkin = services.check_in(place=place, person=member, actor=member, method=CheckIn.Method.SELF)
    assert checkin.day_pass and not checkin.over_use


def test_no_day_pass_on_sale_flags_over_use(place, member, host):
    checkin = services.check_in(place=place, person=member, actor=host)
    assert checkin.over_use and not checkin.day_pass
    assert not CoworkingCharge.objects.exists()


def test_unlimited_plan_before_carnet(place, member, host):
    carnet = PlanFactory(place=place, kind=Plan.Kind.CARNET, days=5)
    unlimited = PlanFactory(place=place, kind=Plan.Kind.UNLIMITED, days=0, validity_months=1)
    services.subscription_start(place=place, person=member, plan=carnet, actor=host)
    sub = services.subscription_start(place=place, person=member, plan=unlimited, actor=host, renews=True)
    assert services.check_in(place=place, person=member, actor=host).subscription == sub
    renewed = services.subscription_renew(subscription=sub, actor=host)
    assert renewed.ends_on > sub.ends_on
    assert CoworkingCharge.objects.filter(subscription=sub).count() == 2


def test_non_member_cannot_check_in(place, host):
    with pytest.raises(NotAllowed):
        services.check_in(place=place, person=UserFactory(), actor=host)
    with pytest.raises(ServiceError):
        services.check_out(place=place, person=host, actor=host)


def test_meeting_room_hours_come_from_the_plan_first(place, member, host):
    nomad = PlanFactory(place=place, kind=Plan.Kind.NOMAD, days=8, validity_months=3, meeting_hours_per_month=2)
    services.subscription_start(place=place, person=member, plan=nomad, actor=host)
    room = ResourceFactory(place=place, uses_allowance=True, price_hour_member=Decimal("10"))
    start = next_weekday(1, hour=10)
    first = space_services.booking_create(resource=room, person=member, start=start, end=start + dt.timedelta(hours=1),
                                          actor=member)  # fmt: skip
    assert [(c.amount, c.allowance_minutes) for c in first.charges.all()] == [(Decimal("0.00"), 60)]
    second = space_services.booking_create(
        resource=room, person=member, start=start + dt.timedelta(hours=2), end=start + dt.timedelta(hours=4),
        actor=member,
    )  # fmt: skip
    # One hour left from the plan, one hour paid.
    assert [(c.amount, c.allowance_minutes) for c in second.charges.all()] == [(Decimal("10.00"), 60)]


def test_host_desk_search_and_one_click(client, place, member, host):
    member.display_name = "Camille Dupont"
    member.save()
    client.force_login(host)
    url = reverse("coworking:desk", kwargs={"place_slug": "lieu-a"})
    response = client.get(url, {"q": "dupo", "partial": "results"}, headers={"HX-Request": "true"})
    assert "Camille Dupont" in response.content.decode()
    membership = response.context["results"][0]
    client.post(reverse("coworking:desk_check", kwargs={"place_slug": "lieu-a"}), {"membership": membership.pk})
    assert CheckIn.objects.get().person == member
    page = client.get(url)
    assert page.status_code == 200 and "Camille Dupont" in page.content.decode()
    assert client.get(reverse("coworking:door_qr", kwargs={"place_slug": "lieu-a"})).content.startswith(b"<?xml")
    assert client.get(reverse("coworking:kiosk", kwargs={"place_slug": "lieu-a"})).status_code == 200


def test_self_check_in_by_door_qr(client, place, member):
    from comptoir.coworking.views import door_token

    client.force_login(member)
    assert client.get(reverse("coworking:door", kwargs={"place_slug": "lieu-a", "token": "bad"})).status_code == 404
    door = reverse("coworking:door", kwargs={"place_slug": "lieu-a", "token": door_token(place)})
    assert client.get(door).status_code == 200
    client.post(reverse("coworking:self_check", kwargs={"place_slug": "lieu-a"}), {"action": "in", "via": "qr"})
    assert CheckIn.objects.get().method == CheckIn.Method.QR
    assert client.get(reverse("coworking:home", kwargs={"place_slug": "lieu-a"})).status_code == 200


def test_staff_of_a_cannot_check_in_people_of_b(client, place, host):
    other = PlaceFactory(slug="lieu-b")
    b_member = member_of(other)
    client.force_login(host)
    from comptoir.people.models import Membership

    b_membership = Membership.objects.get(place=other, user=b_member)
    response = client.post(
        reverse("coworking:desk_check", kwargs={"place_slug": "lieu-a"}), {"membership": b_membership.pk}
    )
    assert response.status_code == 404
    assert client.get(reverse("coworking:desk", kwargs={"place_slug": "lieu-b"})).status_code == 404
    assert not CheckIn.objects.exists()


def test_plain_member_cannot_open_the_desk(client, place, member):
    client.force_login(member)
    assert client.get(reverse("coworking:desk", kwargs={"place_slug": "lieu-a"})).status_code == 403


def test_api_my_plan_checkin_occupancy(client, place, member, host):
    PoolFactory(place=place, seats=10)
    carnet = PlanFactory(place=place, kind=Plan.Kind.CARNET, days=3)
    services.subscription_start(place=place, person=member, plan=carnet, actor=host)
    services.presence_set(place=place, person=member, visible=True)
    _t, secret = api_token_create(user=member, name="t")
    h = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/places/lieu-a/coworking/me", headers=h).json()
    assert me["plans"][0]["days_left"] == 3
    response = client.post("/api/v1/places/lieu-a/coworking/check-in", {}, content_type="application/json", headers=h)
    assert response.status_code == 200 and response.json()["plan"] == carnet.name
    occupancy = client.get("/api/v1/places/lieu-a/coworking/occupancy", headers=h).json()
    assert occupancy == {"present": 1, "seats": 10, "names": [member.display_name]}
    # A member cannot check someone else in.
    response = client.post("/api/v1/places/lieu-a/coworking/check-in", {"member_email": host.email},
                           content_type="application/json", headers=h)  # fmt: skip
    assert response.status_code == 403
    response = client.post("/api/v1/places/lieu-a/coworking/check-out", {}, content_type="application/json", headers=h)
    assert response.json()["checked_out_at"]
    response = client.post("/api/v1/places/lieu-a/coworking/check-out", {}, content_type="application/json", headers=h)
    assert response.status_code == 400


def test_spaceapi_shows_people_present_and_plans(client, place, member, host):
    PlanFactory(place=place, kind=Plan.Kind.DAY_PASS, price=Decimal("15"), days=0, name="Pass journée")
    services.check_in(place=place, person=member, actor=host)
    document = client.get("/lieu-a/spaceapi.json").json()
    jsonschema.Draft201909Validator(json.loads(SPACEAPI_SCHEMA.read_text())).validate(document)
    assert document["sensors"]["people_now_present"][0]["value"] == 1
    assert "names" not in document["sensors"]["people_now_present"][0]  # not opted in
    assert document["membership_plans"][0]["name"] == "Pass journée"


def test_host_creates_and_sells_a_plan(client, place, member, host):
    client.force_login(host)
    url = reverse("coworking:plans", kwargs={"place_slug": "lieu-a"})
    response = client.post(url, {"form": "plan", "name": "Carnet 5", "kind": "carnet", "price": "60",
                                 "days": 5, "validity_months": 3, "meeting_hours_per_month": 0})  # fmt: skip
    assert response.status_code == 302
    plan = Plan.objects.get(name="Carnet 5")
    # A carnet without days is refused with a message on the form.
    response = client.post(url, {"form": "plan", "name": "Vide", "kind": "carnet", "price": "10", "days": 0,
                                 "validity_months": 1, "meeting_hours_per_month": 0})  # fmt: skip
    assert response.status_code == 200 and not Plan.objects.filter(name="Vide").exists()
    response = client.post(url, {"form": "sell", "email": member.email, "plan": plan.pk,
                                 "starts_on": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 302
    [status] = selectors.plan_status(place=place, person=member)
    assert status.days_left == 5
    response = client.post(url, {"form": "sell", "email": "nobody@example.org", "plan": plan.pk,
                                 "starts_on": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 200
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_renew_command_and_billing_boundary(place, member, host):
    from django.core.management import call_command

    unlimited = PlanFactory(place=place, kind=Plan.Kind.UNLIMITED, days=0, validity_months=1, price=Decimal("190"))
    start = timezone.localdate() - dt.timedelta(days=70)
    sub = services.subscription_start(place=place, person=member, plan=unlimited, actor=host, starts_on=start,
                                      renews=True)  # fmt: skip
    call_command("coworking_renew")
    sub.refresh_from_db()
    assert sub.ends_on >= timezone.localdate()
    lines = list(selectors.unbilled_charges(place=place))
    assert len(lines) == 3 and all(line.amount == Decimal("190.00") for line in lines)
    assert services.charges_mark_billed(place=place, charge_ids=[c.pk for c in lines], reference="F-2",
                                        at=timezone.now()) == 3  # fmt: skip
    assert not selectors.unbilled_charges(place=place).exists()


def test_openapi_lists_the_coworking_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("me", "check-in", "check-out", "occupancy", "plans/{subscription_id}/stop-renewal",
                 "plans/{subscription_id}/end"):  # fmt: skip
        assert f"/api/v1/places/{{slug}}/coworking/{path}" in paths


def test_desk_day_log_is_constant_in_rows_and_shows_each_case(client, place, host):
    """The day's check-in page: one query for the log whatever its length; every case of a row shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = PlanFactory(place=place, name="Carnet dix jours")
    day = dt.date(2031, 3, 4)
    url = reverse("coworking:desk", kwargs={"place_slug": "lieu-a"}) + f"?jour={day.isoformat()}"
    client.force_login(host)

    def add(count, **fields):
        for _ in range(count):
            person = member_of(place, Role.COWORKER)
            arrived = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
            subscription = None
            if fields.get("covered"):
                subscription = services.subscription_start(
                    place=place, person=person, plan=plan, actor=host, starts_on=day
                )
            CheckIn.objects.create(
                place=place, person=person, day=day, checked_in_at=arrived, method=CheckIn.Method.DESK,
                checked_out_at=arrived + dt.timedelta(hours=2) if fields.get("left") else None,
                subscription=subscription, day_pass=bool(fields.get("day_pass")),
                over_use=bool(fields.get("over_use")), recorded_by=host,
            )  # fmt: skip

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    add(1, covered=True)
    add(1, day_pass=True, left=True)
    add(1, over_use=True)
    few, page = queries()
    assert page.count("Carnet dix jours") == 1 and page.count('class="badge badge-warn"') == 1
    add(10, covered=True)
    add(10, day_pass=True)
    add(10, over_use=True, left=True)
    many, page = queries()
    assert few == many, f"{few} queries with 3 check-ins, {many} with 33"
    assert page.count("Carnet dix jours") == 11 and page.count('class="badge badge-warn"') == 11
    assert page.count('data-label="') == 33 * 5


def test_the_kiosk_leads_nowhere_and_closes_plainly_when_the_session_ends(client, place, member, host):
    """The entrance tablet shows no menu and no link into the staff pages or the host's account; once the
    session that opened it is gone, it says it is closed (no login redirect), and its htmx requests reload it."""
    import re

    url = reverse("coworking:kiosk", kwargs={"place_slug": "lieu-a"})
    client.force_login(host)
    html = client.get(url).content.decode()
    links = re.findall(r'<a [^>]*href="([^"]*)"', html)
    assert not [link for link in links if "/gestion/" in link or "/compte/" in link], links
    assert 'class="main-nav"' not in html and "/api/v1/docs" not in html
    assert 'hx-trigger="every 300s"' in html
    assert client.get(url, {"etat": 1}, headers={"HX-Request": "true"}).status_code == 204
    client.post(reverse("coworking:desk_check", kwargs={"place_slug": "lieu-a"}),
                {"membership": member.memberships.get().pk, "via": "kiosk"})  # fmt: skip
    after = client.get(url).content.decode()
    assert 'hx-trigger="load delay:20s"' in after  # the confirmation goes away by itself
    assert client.get(url, {"effacer": 1}, headers={"HX-Request": "true"}).content == b""

    client.logout()
    closed = client.get(url)
    assert closed.status_code == 200
    assert "La borne d’accueil est fermée" in closed.content.decode()
    check = client.get(url, {"etat": 1}, headers={"HX-Request": "true"})
    assert check.status_code == 204 and check.headers["HX-Refresh"] == "true"
    search = client.get(url, {"q": "Cam"}, headers={"HX-Request": "true"})
    assert search.headers["HX-Refresh"] == "true" and member.display_name not in search.content.decode()
    client.force_login(member)  # a member without the right: as on every staff page
    assert client.get(url).status_code == 403
