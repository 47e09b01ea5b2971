"""One visible rule: attendance (walk-ins included) opens when the session starts, and the page says when."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.core.errors import ServiceError
from comptoir.mediation import services
from comptoir.mediation.models import Registration
from comptoir.mediation.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _at(place, day_offset=2):
    day = timezone.localdate(timezone=place.tz) + dt.timedelta(days=day_offset)
    return dt.datetime.combine(day, dt.time(14, 0), tzinfo=place.tz)


def test_future_session_refuses_attendance_and_walk_ins_alike(place, mediator):
    session = SessionFactory(workshop__place=place, starts_at=_at(place))
    RegistrationFactory(session=session)
    with pytest.raises(ServiceError) as refused:
        services.attendance_save(session=session, absent_ids=[], actor=mediator)
    assert refused.value.code == "too_early"
    with pytest.raises(ServiceError) as refused:
        services.walk_in_add(session=session, actor=mediator, first_name="Passant")
    assert refused.value.code == "too_early"
    assert not Registration.objects.filter(is_walk_in=True).exists()
    # Ten minutes before the start it is still closed: the rule is the start, nothing earlier.
    soon = SessionFactory(workshop__place=place, starts_at=timezone.now() + dt.timedelta(minutes=10))
    with pytest.raises(ServiceError):
        services.attendance_save(session=soon, absent_ids=[], actor=mediator)


def test_started_session_takes_attendance_and_walk_ins(place, mediator):
    session = SessionFactory(workshop__place=place, starts_at=timezone.now() - dt.timedelta(minutes=1))
    services.walk_in_add(session=session, actor=mediator, first_name="Passant")
    services.attendance_save(session=session, absent_ids=[], actor=mediator)
    session.refresh_from_db()
    assert session.attendance_taken_at is not None


def test_attendance_page_of_a_future_session_says_when_it_opens_and_shows_no_form(client, place, mediator):
    client.force_login(mediator)
    session = SessionFactory(workshop__place=place, starts_at=_at(place))
    RegistrationFactory(session=session)
    page = client.get(reverse("mediation:attendance", kwargs={"place_slug": place.slug, "session_id": session.pk}))
    content = page.content.decode()
    assert 'id="attendance-not-open"' in content
    assert "14:00" in content
    assert 'id="attendance-form"' not in content and 'name="walk_in"' not in content
    detail = client.get(reverse("mediation:session", kwargs={"place_slug": place.slug, "session_id": session.pk}))
    assert "attendance-opens" in detail.content.decode()
