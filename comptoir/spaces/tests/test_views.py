import datetime as dt
import json
from pathlib import Path

import icalendar
import jsonschema
import pytest
from django.urls import reverse

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import UserFactory, member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.models import Booking, CalendarToken
from comptoir.spaces.tests.factories import BookingFactory, ResourceFactory, next_weekday

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.place(slug="lieu-a", email="bonjour@example.org", latitude="45.4", longitude="4.38"),
]
H = dt.timedelta(hours=1)
REPO = Path(__file__).resolve().parents[3]
SPACEAPI_SCHEMA = REPO / "../shared/standards/spaceapi/15.json"


@pytest.fixture
def room(place):
    return ResourceFactory(place=place, slug="ardoise", name="Ardoise")


def test_member_searches_and_books_from_the_picker(client, place, room):
    member = member_of(place)
    client.force_login(member)
    day = next_weekday(1, hour=0).date()
    response = client.get(
        reverse("spaces:index", kwargs={"place_slug": "lieu-a"}),
        {"date": day.isoformat(), "start": "14:00", "end": "16:00", "attendees": 6, "kind": ""},
    )
    assert response.status_code == 200
    assert "Ardoise" in response.content.decode()
    url = reverse("spaces:resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"})
    response = client.get(url, {"jour": day.isoformat(), "duree": 60})
    assert response.status_code == 200
    slot = response.context["slots"][0]
    assert slot.is_bookable
    # htmx asks only for the slots.
    partial = client.get(url, {"jour": day.isoformat(), "duree": 60}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"slots" in partial.content
    response = client.post(
        reverse("spaces:book", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"}),
        {"start": slot.start.isoformat(), "end": slot.end.isoformat()},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.person == member and booking.start == slot.start
    page = client.get(reverse("spaces:my_bookings", kwargs={"place_slug": "lieu-a"}))
    assert "Ardoise" in page.content.decode()
    # Booking it again shows why not, without an error page.
    response = client.post(
        reverse("spaces:book", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"}),
        {"start": slot.start.isoformat(), "end": slot.end.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    assert Booking.objects.count() == 1


def test_bad_input_never_500(client, place, room):
    client.force_login(member_of(place))
    base = reverse("spaces:resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"})
    assert client.get(base, {"jour": "nope", "duree": "x"}).status_code == 200
    assert client.post(base + "reserver/", {"start": "garbage"}).status_code == 302
    assert client.get(reverse("spaces:index", kwargs={"place_slug": "lieu-a"}), {"date": "x"}).status_code == 200
    assert client.get(reverse("spaces:week", kwargs={"place_slug": "lieu-a"}), {"debut": "x"}).status_code in (
        403,
        404,
    )


def test_member_cancels_own_booking(client, place, room):
    member = member_of(place)
    booking = services.booking_create(
        resource=room, person=member, start=next_weekday(1, hour=10), end=next_weekday(1, hour=11), actor=member
    )
    client.force_login(member)
    client.post(reverse("spaces:cancel", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk}))
    assert Booking.objects.get().state == Booking.State.CANCELLED


def test_staff_week_view_and_actions(client, place, room, django_assert_max_num_queries):
    host = member_of(place, Role.HOST)
    client.force_login(host)
    start = next_weekday(1, hour=10)
    booking = BookingFactory(resource=room, start=start, state=Booking.State.REQUESTED)
    url = reverse("spaces:week", kwargs={"place_slug": "lieu-a"})
    response = client.get(url, {"debut": start.date().isoformat()})
    assert response.status_code == 200
    assert booking.person.display_name in response.content.decode()
    other = ResourceFactory(place=place, name="Autre salle")
    one = client.get(url, {"debut": start.date().isoformat(), "ressource": "ardoise"})
    assert [row["resource"] for row in one.context["rows"]] == [room]
    assert other.name not in one.content.decode()
    manage = reverse("spaces:booking_manage", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk})
    client.post(manage, {"action": "confirm"})
    assert Booking.objects.get().state == Booking.State.CONFIRMED
    client.post(
        reverse("spaces:cancel", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk}), {"reason": "Fuite"}
    )
    assert Booking.objects.get().cancel_reason == "Fuite"


def test_week_view_shows_closed_days_and_pending_end_times(client, place, room):
    """Sunday (no opening hours) and a day closed for the whole day read as closed, not free; a booking
    waiting for approval shows its end as well as its start."""
    from comptoir.spaces.tests.factories import ClosureFactory

    client.force_login(member_of(place, Role.HOST))
    monday = next_weekday(0, hour=0)
    wednesday = monday + dt.timedelta(days=2)
    ClosureFactory(place=place, start=wednesday, end=wednesday + dt.timedelta(days=1), reason="Inventaire")
    BookingFactory(resource=room, start=monday + dt.timedelta(days=1, hours=10), state=Booking.State.REQUESTED)
    response = client.get(reverse("spaces:week", kwargs={"place_slug": "lieu-a"}), {"debut": monday.date()})
    cells = response.context["rows"][0]["cells"]
    assert [cell["closed"] for cell in cells] == [False, False, True, False, False, False, True]
    assert cells[2]["closure"] == "Inventaire"
    assert cells[6]["closure"] == ""
    html = response.content.decode()
    assert "Inventaire" in html
    assert "10:00–11:00" in html.split('id="waiting-title"')[1].split("</section>")[0]


def _week_queries(client, start):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("spaces:week", kwargs={"place_slug": "lieu-a"}), {"debut": start}).status_code == 200
    return len(ctx.captured_queries)


def test_week_view_query_count_is_constant(client, place):
    client.force_login(member_of(place, Role.HOST))
    monday = next_weekday(0, hour=9)
    resources = ResourceFactory.create_batch(5, place=place)
    for i, r in enumerate(resources):
        BookingFactory(resource=r, start=monday + i * H)
    few = _week_queries(client, monday.date().isoformat())
    resources = ResourceFactory.create_batch(20, place=place)
    for r in resources:
        for day in range(7):
            for hour in (0, 2, 4, 6, 8):
                BookingFactory(resource=r, start=monday + dt.timedelta(days=day) + hour * H)
    assert _week_queries(client, monday.date().isoformat()) == few


def test_member_and_staff_of_place_a_see_nothing_of_place_b(client, place, room):
    other = PlaceFactory(slug="lieu-b")
    b_room = ResourceFactory(place=other, slug="b-room")
    b_booking = BookingFactory(resource=b_room, start=next_weekday(1, hour=10))
    client.force_login(member_of(place, Role.HOST, Role.ADMIN))
    assert client.get(reverse("spaces:week", kwargs={"place_slug": "lieu-b"})).status_code == 404
    assert client.get(reverse("spaces:index", kwargs={"place_slug": "lieu-b"})).status_code == 404
    assert client.get(f"/lieu-a/gestion/espaces/reservations/{b_booking.pk}/").status_code == 404
    assert client.post(f"/lieu-a/espaces/reservations/{b_booking.pk}/annuler/", {"reason": "x"}).status_code == 404
    assert client.get("/lieu-a/espaces/b-room/").status_code == 404


def test_plain_member_cannot_open_the_week_view(client, place):
    client.force_login(member_of(place, Role.COWORKER))
    assert client.get(reverse("spaces:week", kwargs={"place_slug": "lieu-a"})).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("spaces:index", kwargs={"place_slug": "lieu-a"})).status_code == 404


def test_member_ical_feed_is_valid_and_resettable(client, place, room):
    member = member_of(place)
    services.booking_create(
        resource=room, person=member, start=next_weekday(1, hour=10), end=next_weekday(1, hour=12), actor=member
    )
    client.force_login(member)
    client.post(reverse("spaces:calendar_reset", kwargs={"place_slug": "lieu-a"}))
    token = CalendarToken.objects.get(person=member).token
    client.logout()
    response = client.get(reverse("spaces:ical_member", kwargs={"place_slug": "lieu-a", "token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    [tz] = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Paris"
    [event] = cal.walk("VEVENT")
    assert event["UID"] and event["DTSTAMP"]
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == next_weekday(1, hour=10)
    # Reset: the old address stops working.
    services.calendar_token_reset(place=place, person=member)
    assert client.get(reverse("spaces:ical_member", kwargs={"place_slug": "lieu-a", "token": token})).status_code == 404


def test_resource_ical_feed_needs_its_token(client, place, room):
    BookingFactory(resource=room, start=next_weekday(1, hour=10))
    good = reverse(
        "spaces:ical_resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise", "token": room.ical_token}
    )
    bad = reverse("spaces:ical_resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise", "token": "nope"})
    assert client.get(bad).status_code == 404
    cal = icalendar.Calendar.from_ical(client.get(good).content)
    assert len(cal.walk("VEVENT")) == 1


def _validate_spaceapi(document):
    schema = json.loads(SPACEAPI_SCHEMA.read_text())
    jsonschema.Draft201909Validator(schema).validate(document)


def test_spaceapi_validates_and_follows_the_toggle(client, place):
    response = client.get("/lieu-a/spaceapi.json")
    assert response.status_code == 200
    document = response.json()
    _validate_spaceapi(document)
    assert document["api_compatibility"] == ["15"]
    assert document["location"]["lat"] == 45.4
    host = member_of(place, Role.HOST)
    client.force_login(host)
    client.post(reverse("spaces:open_state", kwargs={"place_slug": "lieu-a"}), {"open": "1"})
    client.logout()
    document = client.get("/lieu-a/spaceapi.json").json()
    _validate_spaceapi(document)
    assert document["state"]["open"] is True
    assert document["state"]["trigger_person"] == host.display_name


def test_root_spaceapi_only_for_a_single_place(client, place):
    _validate_spaceapi(client.get("/spaceapi.json").json())
    PlaceFactory(slug="lieu-b")
    assert client.get("/spaceapi.json").status_code == 404
    _validate_spaceapi(client.get("/lieu-b/spaceapi.json").json())


def test_plain_member_cannot_toggle_open_state(client, place):
    client.force_login(member_of(place))
    assert client.post(reverse("spaces:open_state", kwargs={"place_slug": "lieu-a"}), {"open": "1"}).status_code == 403


def test_host_creates_edits_a_resource_and_a_closure(client, place):
    client.force_login(member_of(place, Role.HOST))
    data = {
        "name": "Salle Verte", "slug": "salle-verte", "kind": "room", "capacity": 6, "seats": 1,
        "amenities_text": "écran, tableau", "allowed_roles": ["coworker"], "min_minutes": 30, "max_minutes": 240,
        "granularity_minutes": 30, "horizon_days": 60, "buffer_minutes": 15, "cancel_hours": 24,
        "price_hour_member": "8.00", "price_hour_public": "16.00", "is_active": "on",
        "opening_hours": "Mo-Fr 08:00-20:00",
    }  # fmt: skip
    response = client.post(reverse("spaces:resource_create", kwargs={"place_slug": "lieu-a"}), data)
    assert response.status_code == 302, response.content
    resource = place.resources.get(slug="salle-verte")
    assert resource.amenities == ["écran", "tableau"] and resource.allowed_roles == ["coworker"]
    data.update(name="Salle Verte 2", opening_hours="not hours at all")
    edit = reverse("spaces:resource_edit", kwargs={"place_slug": "lieu-a", "resource_slug": "salle-verte"})
    response = client.post(edit, data)
    assert response.status_code == 200  # the form shows the error
    resource.refresh_from_db()
    assert resource.name == "Salle Verte"
    data.update(opening_hours="", slug="agenda")
    assert client.post(edit, data).status_code == 200
    data.update(slug="salle-verte")
    assert client.post(edit, data).status_code == 302
    resource.refresh_from_db()
    assert resource.name == "Salle Verte 2"
    start = next_weekday(1, hour=8)
    client.post(
        reverse("spaces:closure_add", kwargs={"place_slug": "lieu-a"}),
        {"start": start.strftime("%Y-%m-%dT%H:%M"), "end": (start + 10 * H).strftime("%Y-%m-%dT%H:%M"),
         "reason": "Ménage", "resource": resource.pk},
    )  # fmt: skip
    [closure] = resource.closures.all()
    assert closure.start == start
    page = client.get(reverse("spaces:resources_manage", kwargs={"place_slug": "lieu-a"}))
    assert "Ménage" in page.content.decode()
    client.post(reverse("spaces:closure_remove", kwargs={"place_slug": "lieu-a", "closure_id": closure.pk}))
    assert not resource.closures.exists()


def test_member_cannot_manage_resources(client, place, room):
    client.force_login(member_of(place))
    assert client.get(reverse("spaces:resources_manage", kwargs={"place_slug": "lieu-a"})).status_code == 403
    other = PlaceFactory(slug="lieu-b")
    client.force_login(member_of(other, Role.HOST))
    edit = reverse("spaces:resource_edit", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"})
    assert client.get(edit).status_code == 404


def test_member_moves_a_booking_from_the_picker(client, place, room):
    member = member_of(place)
    start = next_weekday(1, hour=10)
    booking = services.booking_create(resource=room, person=member, start=start, end=start + H, actor=member)
    client.force_login(member)
    url = reverse("spaces:resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"})
    response = client.get(url, {"jour": start.date().isoformat(), "duree": 60, "deplacer": booking.pk})
    assert response.context["moving"] == booking
    # Its own time shows as bookable (it is the booking being moved).
    own = next(s for s in response.context["slots"] if s.start == start)
    assert own.is_bookable
    client.post(
        reverse("spaces:move", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk}),
        {"start": (start + 3 * H).isoformat(), "end": (start + 4 * H).isoformat()},
    )
    booking.refresh_from_db()
    assert booking.start == start + 3 * H
    # Someone else's booking cannot be moved.
    client.force_login(member_of(place))
    response = client.post(
        reverse("spaces:move", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk}),
        {"start": start.isoformat(), "end": (start + H).isoformat()},
    )
    assert response.status_code == 404


def test_member_repeats_a_booking_weekly(client, place, room):
    member = member_of(place)
    start = next_weekday(1, hour=10)
    booking = services.booking_create(resource=room, person=member, start=start, end=start + H, actor=member)
    BookingFactory(resource=room, start=start + dt.timedelta(weeks=2))
    client.force_login(member)
    url = reverse("spaces:repeat", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk})
    until = (start + dt.timedelta(weeks=3)).date().isoformat()
    response = client.get(url, {"every_weeks": 1, "until": until})
    assert [o.is_bookable for o in response.context["preview"]] == [True, False, True]
    response = client.post(url, {"every_weeks": 1, "until": until})
    assert response.status_code == 302
    assert Booking.objects.filter(person=member).count() == 3


def _count_queries(client, url, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_my_bookings_query_count_constant_from_5_to_200(client, place, room):
    member = member_of(place)
    client.force_login(member)
    rooms = [room, *ResourceFactory.create_batch(4, place=place)]
    start = next_weekday(1, hour=9)
    for i in range(5):
        BookingFactory(resource=rooms[i % 5], person=member, start=start + dt.timedelta(days=i))
    page = reverse("spaces:my_bookings", kwargs={"place_slug": "lieu-a"})
    api = "/api/v1/places/lieu-a/bookings"
    few_page, few_api = _count_queries(client, page), _count_queries(client, api)
    for i in range(5, 200):
        BookingFactory(resource=rooms[i % 5], person=member, start=start + dt.timedelta(days=i // 5, hours=i % 5))
    assert _count_queries(client, page) == few_page
    assert _count_queries(client, api) == few_api


def test_demo_loader_is_idempotent(place):
    from comptoir.coworking.demo import load as load_coworking
    from comptoir.spaces.demo import load
    from comptoir.spaces.models import Resource

    people = {
        "accueil@demo.comptoir.example": member_of(place, Role.HOST, email="accueil@demo.comptoir.example"),
        "membre@demo.comptoir.example": member_of(place, Role.COWORKER, email="membre@demo.comptoir.example"),
    }
    for _ in range(2):
        load(place=place, people=people)
        load_coworking(place=place, people=people)
    assert Resource.objects.filter(place=place).count() == 4
    counts = Booking.objects.count()
    load(place=place, people=people)
    assert Booking.objects.count() == counts


def test_home_panels_and_navigation_render(client, place, room):
    from comptoir.coworking.tests.factories import PlanFactory

    host = member_of(place, Role.HOST)
    member = member_of(place, Role.COWORKER)
    start = next_weekday(1, hour=10)
    services.booking_create(resource=room, person=member, start=start, end=start + H, actor=member)
    PlanFactory(place=place)
    client.force_login(host)
    staff_home = client.get(reverse("places:staff_home", kwargs={"place_slug": "lieu-a"}))
    assert staff_home.status_code == 200
    content = staff_home.content.decode()
    assert reverse("spaces:week", kwargs={"place_slug": "lieu-a"}) in content
    client.force_login(member)
    member_home = client.get(reverse("places:member_home", kwargs={"place_slug": "lieu-a"}))
    assert member_home.status_code == 200
    assert "Ardoise" in member_home.content.decode()
    assert reverse("spaces:index", kwargs={"place_slug": "lieu-a"}) in member_home.content.decode()


def test_extreme_dates_are_refused_not_500(client, place, room):
    client.force_login(member_of(place, Role.HOST))
    base = reverse("spaces:resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"})
    assert client.get(base, {"jour": "9999-12-31", "duree": 60}).status_code == 200
    assert (
        client.get(reverse("spaces:week", kwargs={"place_slug": "lieu-a"}), {"debut": "9999-12-31"}).status_code == 200
    )
    search = {"date": "9999-12-31", "start": "10:00", "end": "11:00", "attendees": 1}
    assert client.get(reverse("spaces:index", kwargs={"place_slug": "lieu-a"}), search).status_code == 200
    response = client.post(
        base + "reserver/", {"start": "9999-12-31T23:00:00+00:00", "end": "9999-12-31T23:30:00+00:00"}
    )
    assert response.status_code == 302
    api = "/api/v1/places/lieu-a"
    far = {"start": "9999-12-31T22:00:00+00:00", "end": "9999-12-31T23:00:00+00:00"}
    assert client.get(f"{api}/availability", far).status_code == 400
    assert client.get(f"{api}/free", far).status_code == 400
    body = {"resource": "ardoise", **far}
    assert client.post(f"{api}/bookings", body, content_type="application/json").status_code == 400
    series = {**body, "every_weeks": 1, "until": "9999-12-31"}
    assert client.post(f"{api}/bookings/series/preview", series, content_type="application/json").status_code == 400


def test_host_resets_a_resource_feed(client, place, room):
    old = room.ical_token
    client.force_login(member_of(place, Role.HOST))
    client.post(reverse("spaces:resource_feed_reset", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise"}))
    room.refresh_from_db()
    assert room.ical_token != old
    old_url = reverse("spaces:ical_resource", kwargs={"place_slug": "lieu-a", "resource_slug": "ardoise", "token": old})
    assert client.get(old_url).status_code == 404


def test_host_books_for_someone_and_moves_it(client, place, room):
    member = member_of(place, email="camille@example.org")
    client.force_login(member_of(place, Role.HOST))
    start = next_weekday(1, hour=10)
    fmt = "%Y-%m-%dT%H:%M"
    url = reverse("spaces:staff_book", kwargs={"place_slug": "lieu-a"})
    response = client.post(url, {"email": "camille@example.org", "resource": room.pk, "start": start.strftime(fmt),
                                 "end": (start + 5 * H).strftime(fmt)})  # fmt: skip
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.person == member and booking.end - booking.start == 5 * H
    response = client.post(url, {"email": "nobody@example.org", "resource": room.pk, "start": start.strftime(fmt),
                                 "end": (start + H).strftime(fmt)})  # fmt: skip
    assert response.status_code == 200 and Booking.objects.count() == 1
    manage = reverse("spaces:booking_manage", kwargs={"place_slug": "lieu-a", "booking_id": booking.pk})
    assert client.get(manage).status_code == 200
    client.post(manage, {"action": "move", "start": (start + 24 * H).strftime(fmt),
                         "end": (start + 26 * H).strftime(fmt)})  # fmt: skip
    booking.refresh_from_db()
    assert booking.start == start + 24 * H
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_what_the_place_holds_for_a_member_is_summed_up_not_listed_with_actions(client, place, room):
    """A resident's desk day by day: one line per space and title, the days folded, no member actions."""
    member = member_of(place)
    client.force_login(member)
    desk = ResourceFactory(place=place, name="Bureau 3", kind="desk")
    start = next_weekday(0, hour=9)
    for day in range(10):
        BookingFactory(resource=desk, person=member, start=start + dt.timedelta(days=day), internal_use=True,
                       title="Bureau de résident", end=start + dt.timedelta(days=day, hours=10))  # fmt: skip
    BookingFactory(resource=room, person=member, start=start + dt.timedelta(hours=2))
    page = client.get(reverse("spaces:my_bookings", kwargs={"place_slug": "lieu-a"})).content.decode()
    held = page[page.index('id="held-title"') :]
    assert "Bureau 3" in held and "Bureau de résident" in held and "10 créneaux" in held
    mine = page[: page.index('id="held-title"')]
    assert "Bureau 3" not in mine and room.name in mine
    assert mine.count("/annuler/") == 1  # the room booking only
