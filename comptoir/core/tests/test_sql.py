"""The hand-written reads (comptoir.core.sql) load the same instances as the ORM, on SQLite and PostgreSQL."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.core import sql
from comptoir.people.models import ApiToken, Membership, User
from comptoir.people.selectors import api_token_by_prefix, membership_for_place_slug
from comptoir.people.services import api_token_authenticate, api_token_create, api_token_revoke
from comptoir.people.tests.factories import MembershipFactory, UserFactory
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.selectors import resource_get
from comptoir.spaces.services.claims import around_range
from comptoir.spaces.tests.factories import BookingFactory, ClosureFactory, ResourceFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def assert_same(loaded, model):
    expected = model.objects.get(pk=loaded.pk)
    assert values(loaded) == values(expected)
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_fetch_loads_every_field_type_like_the_orm():
    place = PlaceFactory(latitude=Decimal("45.439695"), longitude=Decimal("4.387178"), services=["coworking"])
    resource = ResourceFactory(
        place=place, amenities=["écran", "tableau"], allowed_roles=[], price_day_member=None, is_active=False
    )
    rows = sql.fetch(
        f"SELECT {sql.columns(Resource, 'r')}, {sql.columns(Place, 'p')} FROM {sql.table(Resource)} r"
        f" JOIN {sql.table(Place)} p ON p.id = r.place_id WHERE r.id = %s",
        [resource.pk],
        [Resource, Place],
    )
    loaded_resource, loaded_place = rows[0]
    assert_same(loaded_resource, Resource)
    assert_same(loaded_place, Place)
    assert loaded_resource.amenities == ["écran", "tableau"]
    assert loaded_resource.is_active is False and loaded_resource.price_day_member is None
    assert isinstance(loaded_resource.price_hour_member, Decimal)
    assert loaded_place.created_at.tzinfo is not None
    assert loaded_place.services == ["coworking"]


def test_an_outer_join_that_finds_nothing_gives_none():
    user = UserFactory()
    rows = sql.fetch(
        f"SELECT {sql.columns(User, 'u')}, {sql.columns(Membership, 'm')} FROM {sql.table(User)} u"
        f" LEFT JOIN {sql.table(Membership)} m ON m.user_id = u.id WHERE u.id = %s",
        [user.pk],
        [User, Membership],
        extra=0,
    )
    assert rows[0][1] is None
    assert_same(rows[0][0], User)


def test_membership_for_place_slug_reads_place_and_roles_in_one_query():
    place = PlaceFactory()
    user = UserFactory()
    MembershipFactory(place=place, user=user, roles=["mediator", "host"])
    MembershipFactory(user=user, roles=["board"])  # another place's membership is not read
    with CaptureQueriesContext(connection) as queries:
        membership = membership_for_place_slug(slug=place.slug, user=user)
        assert membership.place.slug == place.slug
        assert membership.role_codes == ["host", "mediator"]
    assert len(queries) == 1
    assert_same(membership, Membership)
    assert_same(membership.place, Place)


def test_membership_without_roles_and_unknown_place():
    place = PlaceFactory()
    user = UserFactory()
    MembershipFactory(place=place, user=user, roles=[])
    assert membership_for_place_slug(slug=place.slug, user=user).role_codes == []
    assert membership_for_place_slug(slug="nowhere", user=user) is None
    assert membership_for_place_slug(slug=place.slug, user=UserFactory()) is None


def test_api_token_by_prefix_and_revocation():
    user = UserFactory()
    token, secret = api_token_create(user=user, name="script")
    found = api_token_by_prefix(prefix=token.prefix)
    assert_same(found, ApiToken)
    assert_same(found.user, User)
    assert api_token_authenticate(secret=secret) == user
    api_token_revoke(token=token, actor=user)
    assert api_token_by_prefix(prefix=token.prefix) is None
    assert api_token_authenticate(secret=secret) is None


def test_resource_get_with_and_without_closure():
    place = PlaceFactory()
    resource = ResourceFactory(place=place)
    other = ResourceFactory(place=place)
    start = dt.datetime(2031, 3, 4, 9, tzinfo=UTC)
    ClosureFactory(place=place, resource=other, start=start, end=start + dt.timedelta(hours=2))
    found = resource_get(place=place, slug=resource.slug, closed_between=(start, start + dt.timedelta(hours=1)))
    assert_same(found, Resource)
    assert found.has_closure is False and found.place is place
    assert resource_get(place=place, slug=other.slug, closed_between=(start, start + dt.timedelta(hours=1))).has_closure
    # A closure of the whole place, ending exactly when the range starts, does not meet it.
    ClosureFactory(place=place, start=start - dt.timedelta(hours=1), end=start)
    assert not resource_get(
        place=place, slug=resource.slug, closed_between=(start, start + dt.timedelta(hours=1))
    ).has_closure
    ClosureFactory(place=place, start=start - dt.timedelta(hours=1), end=start + dt.timedelta(minutes=1))
    assert resource_get(
        place=place, slug=resource.slug, closed_between=(start, start + dt.timedelta(hours=1))
    ).has_closure
    # Another place's resource of the same slug is not found; inactive ones only when asked.
    assert resource_get(place=PlaceFactory(), slug=resource.slug) is None
    Resource.objects.filter(pk=resource.pk).update(is_active=False)
    assert resource_get(place=place, slug=resource.slug, active_only=True) is None
    assert resource_get(place=place, slug=resource.slug).is_active is False


def test_around_range_matches_the_orm():
    resource = ResourceFactory()
    start = dt.datetime(2031, 3, 4, 9, tzinfo=UTC)
    kept = [BookingFactory(resource=resource, start=start + dt.timedelta(hours=h), title=f"r{h}") for h in (0, 2, 4)]
    BookingFactory(
        resource=resource, start=start + dt.timedelta(hours=1), state=Booking.State.CANCELLED, cancelled_at=start
    )
    BookingFactory(resource=ResourceFactory(place=resource.place), start=start)
    found = around_range(resource, start + dt.timedelta(minutes=30), start + dt.timedelta(hours=4, minutes=1))
    assert sorted(b.pk for b in found) == [b.pk for b in kept]
    for booking in found:
        assert_same(booking, Booking)
    without = around_range(resource, start, start + dt.timedelta(hours=5), exclude_id=kept[1].pk)
    assert sorted(b.pk for b in without) == [kept[0].pk, kept[2].pk]
    # Ranges are half-open: a booking ending when the range starts is not around it.
    assert around_range(resource, start + dt.timedelta(hours=5), start + dt.timedelta(hours=6)) == []


def test_insert_is_save_without_the_compilation():
    from comptoir.audit.models import AuditEntry
    from comptoir.audit.services import audit_record

    place = PlaceFactory()
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        entry = audit_record(
            place=place, actor=user, action="test.done", obj=place, before=None, after={"prix": Decimal("12.50")}
        )
    assert len(queries) == 1
    assert entry.pk is not None and entry._state.adding is False
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.after == {"prix": "12.50"} and stored.before is None
    assert stored.created_at == entry.created_at and stored.created_at.tzinfo is not None
    assert stored.place_id == place.pk and stored.actor_id == user.pk
    assert_same(entry, AuditEntry)
    assert audit_record(place=None, actor=None, action="test.again").pk > entry.pk
    # An explicit primary key is kept.
    explicit = sql.insert(AuditEntry(pk=10**12 + entry.pk, place=place, action="test.explicit"))
    assert AuditEntry.objects.get(pk=explicit.pk).action == "test.explicit"


def test_bookings_upcoming_matches_the_orm_list():
    from comptoir.spaces.selectors import booking_list_for_person, bookings_upcoming

    resource = ResourceFactory()
    place = resource.place
    person = UserFactory()
    now = dt.datetime(2031, 3, 4, 12, tzinfo=UTC)
    for hours in (-3, -0.5, 2, 5, 1):  # one ended, one still running, three to come
        BookingFactory(resource=resource, person=person, start=now + dt.timedelta(hours=hours))
    BookingFactory(
        resource=resource,
        person=person,
        start=now + dt.timedelta(hours=7),
        state=Booking.State.CANCELLED,
        cancelled_at=now,
    )
    BookingFactory(resource=resource, start=now + dt.timedelta(hours=3))  # someone else's
    BookingFactory(resource=ResourceFactory(), person=person, start=now + dt.timedelta(hours=4))  # another place
    expected = list(booking_list_for_person(place=place, person=person, since=now))
    with CaptureQueriesContext(connection) as queries:
        found = bookings_upcoming(place=place, person=person, since=now)
        assert [b.resource.name for b in found] == [b.resource.name for b in expected]
        assert all(b.place is place and b.person is person for b in found)
    assert len(queries) == 1
    assert [b.pk for b in found] == [b.pk for b in expected] and len(found) == 4
    for booking in found:
        assert_same(booking, Booking)
    assert [b.pk for b in bookings_upcoming(place=place, person=person, since=now, limit=2)] == [
        b.pk for b in expected[:2]
    ]


def test_insert_refuses_an_unsaved_related_object_like_save():
    from comptoir.audit.models import AuditEntry

    with pytest.raises(ValueError, match="unsaved related object"):
        sql.insert(AuditEntry(place=Place(name="Pas encore", slug="pas-encore"), action="test.unsaved"))
    assert not AuditEntry.objects.filter(action="test.unsaved").exists()


def _models_written_by_sql_insert() -> set[type]:
    """The models that reach sql.insert while booking and auditing (recorded, not listed by hand)."""
    from comptoir.spaces.services import booking_create

    written: set[type] = set()
    original = sql.insert

    def recording(instance):
        written.add(type(instance))
        return original(instance)

    resource = ResourceFactory()
    member = MembershipFactory(place=resource.place).user
    start = dt.datetime(2031, 3, 4, 10, tzinfo=UTC)

    with mock.patch.object(sql, "insert", recording):
        end = start + dt.timedelta(hours=1)
        booking_create(resource=resource, person=member, start=start, end=end, actor=member, as_staff=True)
    return written


def test_models_written_by_insert_have_no_save_override_and_no_signal_receiver():
    """sql.insert bypasses save(): the models it writes (the booking, the audit entry) must have nothing
    there to bypass. Were a receiver or an override added, sql.insert would take the save() path."""
    from django.db.models import Model
    from django.db.models.signals import post_save, pre_save

    from comptoir.audit.models import AuditEntry

    written = _models_written_by_sql_insert()
    assert written == {Booking, AuditEntry}
    for model in written:
        assert model.save is Model.save, f"{model.__name__} overrides save()"
        assert model.save_base is Model.save_base, f"{model.__name__} overrides save_base()"
        assert not pre_save.has_listeners(model), f"a pre_save receiver listens to {model.__name__}"
        assert not post_save.has_listeners(model), f"a post_save receiver listens to {model.__name__}"
        assert sql.skips_nothing(model)


def test_insert_takes_the_save_path_when_a_receiver_listens():
    from django.db.models.signals import post_save

    from comptoir.audit.models import AuditEntry

    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.action, created))

    post_save.connect(receiver, sender=AuditEntry)
    try:
        assert not sql.skips_nothing(AuditEntry)
        entry = sql.insert(AuditEntry(place=None, action="test.received"))
    finally:
        post_save.disconnect(receiver, sender=AuditEntry)
    assert seen == [("test.received", True)] and entry.pk is not None
    assert sql.skips_nothing(AuditEntry)
