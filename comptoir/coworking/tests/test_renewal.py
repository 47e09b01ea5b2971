"""The daily renewal job: idempotent, never renews a month twice, reports what it could not renew."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.coworking import services
from comptoir.coworking.models import CoworkingCharge, Plan, Subscription
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription():
    place = PlaceFactory(slug="lieu-a")
    member = member_of(place, Role.COWORKER)
    plan = PlanFactory(place=place, kind=Plan.Kind.UNLIMITED, price=Decimal("190.00"), days=0, validity_months=1)
    subscription = services.subscription_start(place=place, person=member, plan=plan, actor=member, renews=True)
    Subscription.objects.filter(pk=subscription.pk).update(ends_on=timezone.localdate())
    subscription.refresh_from_db()
    return subscription


def test_the_job_renews_once_and_a_rerun_does_nothing(subscription, capsys):
    call_command("coworking_renew")
    call_command("coworking_renew")
    assert CoworkingCharge.objects.filter(subscription=subscription).count() == 2
    subscription.refresh_from_db()
    assert subscription.ends_on > timezone.localdate()


def test_a_stale_copy_is_not_renewed_twice(subscription):
    today = timezone.localdate()
    services.subscription_renew(subscription=subscription, actor=None, due_on=today)
    with pytest.raises(ServiceError) as error:  # the same (stale) object, as a second job run would hold it
        services.subscription_renew(subscription=subscription, actor=None, due_on=today)
    assert error.value.code == "not_due"
    assert CoworkingCharge.objects.filter(subscription=subscription).count() == 2
