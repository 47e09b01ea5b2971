"""Who may book: a resource kept for some roles or some coworking plans ("plan:<kind>")."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.coworking.models import Plan
from comptoir.coworking.services import subscription_start
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import member_of
from comptoir.spaces import services
from comptoir.spaces.availability import availability_search
from comptoir.spaces.engine import HoursCache, slot_reasons
from comptoir.spaces.forms import ResourceForm
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


@pytest.fixture
def booth(place):
    """A phone booth kept for residents, unlimited members and board members."""
    return ResourceFactory(
        place=place, slug="cabine", capacity=1,
        allowed_roles=["plan:resident", "plan:unlimited", Role.BOARD],
    )  # fmt: skip


def with_plan(place, kind):
    person = member_of(place, Role.COWORKER)
    days = 8 if kind == Plan.Kind.NOMAD else 0
    plan = PlanFactory(place=place, kind=kind, days=days, validity_months=1, price=Decimal("150.00"))
    host = member_of(place, Role.HOST)
    desk = ResourceFactory(place=place, kind="desk") if kind == Plan.Kind.RESIDENT else None
    subscription_start(place=place, person=person, plan=plan, actor=host, desk=desk)
    return person


def book(resource, person, start):
    return services.booking_create(resource=resource, person=person, start=start, end=start + H, actor=person)


def test_the_engine_asks_for_plans_only_when_no_role_opens_the_resource(booth):
    calls = []

    def plans():
        calls.append(1)
        return {"plan:nomad"}

    start = next_weekday(1, hour=10)
    kwargs = {"resource": booth, "start": start, "end": start + H, "bookings": [], "closures": [],
              "hours": HoursCache(booth.place.tz)}  # fmt: skip
    assert not slot_reasons(**kwargs, roles=[Role.BOARD], plans=plans) and calls == []
    reasons = slot_reasons(**kwargs, roles=[Role.COWORKER], plans=plans)
    assert [r.code for r in reasons] == ["role"] and calls == [1]
    assert not slot_reasons(**kwargs, roles=[Role.COWORKER], plans=lambda: {"plan:resident"})
    assert not slot_reasons(**kwargs, roles=[], plans=plans, staff=True)


def test_a_resident_books_the_booth_and_a_nomad_is_told_why_not(place, booth):
    resident = with_plan(place, Plan.Kind.RESIDENT)
    nomad = with_plan(place, Plan.Kind.NOMAD)
    start = next_weekday(1, hour=10)
    assert book(booth, resident, start).resource == booth
    with pytest.raises(ServiceError) as error:
        book(booth, nomad, start + 2 * H)
    assert error.value.code == "role"
    assert "formule" in str(error.value.message).lower() or "plan" in str(error.value.message).lower()
    # A host books it for the nomad (staff lift the member rules).
    host = member_of(place, Role.HOST)
    services.booking_create(resource=booth, person=nomad, start=start + 2 * H, end=start + 3 * H, actor=host,
                            as_staff=True)  # fmt: skip


def test_a_plan_counts_only_while_it_runs(place, booth):
    resident = with_plan(place, Plan.Kind.RESIDENT)
    far = next_weekday(1, hour=10, weeks_ahead=9)  # after the one-month plan has ended
    with pytest.raises(ServiceError) as error:
        book(booth, resident, far)
    assert error.value.code == "role"


def test_the_search_reads_the_plans_once_and_says_why(place, booth):
    for n in range(5):
        ResourceFactory(place=place, slug=f"salle-plan-{n}", allowed_roles=["plan:unlimited"])
    nomad = with_plan(place, Plan.Kind.NOMAD)
    start = next_weekday(1, hour=10)
    with CaptureQueriesContext(connection) as queries:
        results = availability_search(place=place, start=start, end=start + H, person=nomad, roles=[Role.COWORKER])
    kept = [r for r in results if r.resource.allowed_roles]
    assert len(kept) == 6 and all([x.code for x in r.reasons] == ["role"] for r in kept)
    plan_reads = [q for q in queries.captured_queries if "coworking_subscription" in q["sql"]]
    assert len(plan_reads) == 1


def test_the_staff_form_offers_roles_and_plans(place, booth):
    form = ResourceForm(instance=booth)
    values = [value for value, _label in form.fields["allowed_roles"].choices]
    assert Role.BOARD in values and "plan:resident" in values and "plan:carnet" in values
    assert set(form.fields["allowed_roles"].initial) == {"plan:resident", "plan:unlimited", Role.BOARD}
