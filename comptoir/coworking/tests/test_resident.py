"""A resident plan's fixed desk: held through the booking engine while the subscription runs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comptoir.core.errors import Conflict, ServiceError
from comptoir.core.permissions import Role
from comptoir.coworking import services
from comptoir.coworking.models import CoworkingCharge, DeskBooking, Plan, Subscription
from comptoir.coworking.tests.factories import PlanFactory
from comptoir.people.tests.factories import member_of
from comptoir.spaces.models import Booking, BookingCharge, Resource
from comptoir.spaces.services import booking_create
from comptoir.spaces.tests.factories import ClosureFactory, ResourceFactory, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(place):
    return member_of(place, Role.COWORKER)


@pytest.fixture
def desk(place):
    return ResourceFactory(place=place, kind=Resource.Kind.DESK, name="Bureau 3", slug="bureau-3", capacity=1)


@pytest.fixture
def plan(place):
    return PlanFactory(place=place, kind=Plan.Kind.RESIDENT, price=Decimal("250.00"), days=0, validity_months=1)


def _start(place):
    """The Monday after next: the whole period is in the future."""
    return next_weekday(0, hour=0).date()


def test_selling_a_resident_plan_books_the_desk_over_the_period(place, host, resident, desk, plan):
    starts_on = _start(place)
    subscription = services.subscription_start(
        place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk
    )
    bookings = list(Booking.objects.filter(resource=desk).order_by("start"))
    # One booking per open day (Mo-Fr 09:00-19:00; Sa 10:00-17:00), each the resident's, never charged.
    days = [starts_on + dt.timedelta(days=i) for i in range((subscription.ends_on - starts_on).days + 1)]
    assert len(bookings) == sum(1 for d in days if d.weekday() < 6)
    first = bookings[0]
    assert timezone.localtime(first.start, place.tz).time() == dt.time(9, 0)
    assert timezone.localtime(first.end, place.tz).time() == dt.time(19, 0)
    assert all(b.person == resident and b.internal_use and b.state == Booking.State.CONFIRMED for b in bookings)
    assert DeskBooking.objects.filter(subscription=subscription).count() == len(bookings)
    assert not BookingCharge.objects.filter(booking__resource=desk).exclude(amount=0).exists()
    # Only the plan is charged.
    assert [c.amount for c in CoworkingCharge.objects.filter(person=resident)] == [Decimal("250.00")]


def test_someone_else_cannot_book_the_residents_desk(place, host, resident, desk, plan):
    starts_on = _start(place)
    services.subscription_start(place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk)
    other = member_of(place, Role.COWORKER)
    start = dt.datetime.combine(starts_on + dt.timedelta(days=1), dt.time(10), tzinfo=place.tz)
    with pytest.raises(Conflict):
        booking_create(resource=desk, person=other, start=start, end=start + dt.timedelta(hours=2), actor=other)
    with pytest.raises(Conflict):  # not even a host
        booking_create(
            resource=desk, person=other, start=start, end=start + dt.timedelta(hours=1), actor=host, as_staff=True
        )


def test_a_desk_already_taken_is_refused_with_the_day(place, host, resident, desk, plan):
    starts_on = _start(place)
    other = member_of(place, Role.COWORKER)
    start = dt.datetime.combine(starts_on + dt.timedelta(days=2), dt.time(14), tzinfo=place.tz)
    booking_create(resource=desk, person=other, start=start, end=start + dt.timedelta(hours=1), actor=other)
    with pytest.raises(Conflict) as error:
        services.subscription_start(place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk)
    assert "Bureau 3" in str(error.value.message) and f"{start:%d/%m/%Y}" in str(error.value.message)
    # Nothing half-written.
    assert not Subscription.objects.filter(person=resident).exists()
    assert Booking.objects.filter(resource=desk).count() == 1
    assert not CoworkingCharge.objects.filter(person=resident).exists()


def test_the_desk_must_be_a_desk_of_the_place(place, host, resident, desk, plan):
    with pytest.raises(ServiceError) as error:
        services.subscription_start(place=place, person=resident, plan=plan, actor=host)
    assert error.value.field == "desk"
    other_place_desk = ResourceFactory(kind=Resource.Kind.DESK)
    room = ResourceFactory(place=place)
    for wrong in (other_place_desk, room):
        with pytest.raises(ServiceError):
            services.subscription_start(place=place, person=resident, plan=plan, actor=host, desk=wrong)
    nomad = PlanFactory(place=place, kind=Plan.Kind.NOMAD, days=8, validity_months=1)
    with pytest.raises(ServiceError):
        services.subscription_start(place=place, person=resident, plan=nomad, actor=host, desk=desk)
    assert not Subscription.objects.exists() and not Booking.objects.exists()


def test_closures_are_left_out(place, host, resident, desk, plan):
    starts_on = _start(place)
    closed_day = starts_on + dt.timedelta(days=1)
    ClosureFactory(
        place=place, start=dt.datetime.combine(closed_day, dt.time.min, tzinfo=place.tz),
        end=dt.datetime.combine(closed_day + dt.timedelta(days=1), dt.time.min, tzinfo=place.tz),
    )  # fmt: skip
    services.subscription_start(place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk)
    days = {timezone.localtime(b.start, place.tz).date() for b in Booking.objects.filter(resource=desk)}
    assert starts_on in days and closed_day not in days


def test_a_plan_starting_today_books_from_now_on(place, host, resident, desk, plan):
    subscription = services.subscription_start(place=place, person=resident, plan=plan, actor=host, desk=desk)
    assert subscription.desk_bookings.exists()
    assert not Booking.objects.filter(resource=desk, start__lt=timezone.now()).exists()


def test_renewal_extends_the_reservation(place, host, resident, desk, plan):
    starts_on = _start(place)
    subscription = services.subscription_start(
        place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk, renews=True
    )
    before = Booking.objects.filter(resource=desk).count()
    old_end = subscription.ends_on
    subscription = services.subscription_renew(subscription=subscription, actor=None)
    last = Booking.objects.filter(resource=desk).order_by("-start").first()
    assert Booking.objects.filter(resource=desk).count() > before
    assert old_end < timezone.localtime(last.start, place.tz).date() <= subscription.ends_on


def test_renewal_is_refused_when_the_desk_is_taken_next_month(place, host, resident, desk, plan):
    starts_on = _start(place)
    subscription = services.subscription_start(
        place=place, person=resident, plan=plan, actor=host, starts_on=starts_on, desk=desk, renews=True
    )
    day = subscription.ends_on + dt.timedelta(days=3)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    other = member_of(place, Role.COWORKER)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=place.tz)
    booking_create(
        resource=desk, person=other, start=start, end=start + dt.timedelta(hours=1), actor=host, as_staff=True
    )
    with pytest.raises(Conflict):
        services.subscription_renew(subscription=subscription, actor=None)
    subscription.refresh_from_db()
    assert subscription.ends_on < day
    assert CoworkingCharge.objects.filter(subscription=subscription).count() == 1


def test_renew_command_reports_a_refused_renewal(place, host, resident, desk, plan, capsys):
    subscription = services.subscription_start(
        place=place, person=resident, plan=plan, actor=host, desk=desk, renews=True
    )
    Subscription.objects.filter(pk=subscription.pk).update(ends_on=timezone.localdate())
    day = timezone.localdate() + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    # Someone else holds the desk in the coming month (as if booked while the plan was ending).
    tomorrow = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time.min, tzinfo=place.tz)
    Booking.objects.filter(resource=desk, start__gte=tomorrow).delete()
    other = member_of(place, Role.COWORKER)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=place.tz)
    booking_create(
        resource=desk, person=other, start=start, end=start + dt.timedelta(hours=1), actor=host, as_staff=True
    )
    call_command("coworking_renew")
    assert "not renewed" in capsys.readouterr().err


def test_staff_sells_a_resident_plan_with_a_desk_and_the_member_sees_it(client, place, host, resident, desk, plan):
    client.force_login(host)
    url = reverse("coworking:plans", kwargs={"place_slug": place.slug})
    page = client.get(url)
    assert "Bureau 3" in page.content.decode()
    data = {"form": "sell", "email": resident.email, "plan": plan.pk, "starts_on": timezone.localdate().isoformat()}
    response = client.post(url, data)  # no desk: refused on the form
    assert response.status_code == 200 and not Subscription.objects.exists()
    response = client.post(url, {**data, "desk": desk.pk})
    assert response.status_code == 302
    assert Subscription.objects.get(person=resident).desk == desk
    client.force_login(resident)
    home = client.get(reverse("coworking:home", kwargs={"place_slug": place.slug})).content.decode()
    assert "Votre bureau" in home and "Bureau 3" in home
    # The week view shows it as the resident's.
    client.force_login(host)
    next_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    week = client.get(reverse("spaces:week", kwargs={"place_slug": place.slug}) + f"?debut={next_week}")
    week = week.content.decode()
    assert resident.display_name in week and "Resident" in week or "résident" in week


def test_another_places_desk_cannot_be_picked(client, place, host, resident, plan):
    other_desk = ResourceFactory(kind=Resource.Kind.DESK)
    client.force_login(host)
    url = reverse("coworking:plans", kwargs={"place_slug": place.slug})
    response = client.post(
        url,
        {"form": "sell", "email": resident.email, "plan": plan.pk, "starts_on": timezone.localdate().isoformat(),
         "desk": other_desk.pk},
    )  # fmt: skip
    assert response.status_code == 200 and not Subscription.objects.exists()


def test_the_desk_days_are_booked_and_released_without_an_e_mail_each(
    place, host, resident, desk, plan, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscription_start(
            place=place, person=resident, plan=plan, actor=host, starts_on=_start(place), desk=desk
        )
    assert Booking.objects.filter(resource=desk).count() > 20
    assert not [m for m in mail.outbox if "réservation" in m.subject.lower() or "booking" in m.subject.lower()]
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_end(subscription=subscription, actor=host, reason="Départ")
    assert not [m for m in mail.outbox if "annul" in m.subject.lower() or "cancel" in m.subject.lower()]
