"""Reads of the spaces app. Every read takes the place."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from comptoir.core import sql
from comptoir.spaces.models import Booking, CalendarToken, Closure, OpenState, Resource

if TYPE_CHECKING:
    from collections.abc import Iterable

    from comptoir.people.models import User
    from comptoir.places.models import Place


def resource_list(*, place: Place, active_only: bool = True, kind: str | None = None) -> QuerySet[Resource]:
    resources = Resource.objects.filter(place=place).select_related("place")
    if active_only:
        resources = resources.filter(is_active=True)
    if kind:
        resources = resources.filter(kind=kind)
    return resources.order_by("name", "pk")


@functools.cache
def _closure_exists_sql(outer: str) -> str:
    """Whether a closure of the resource ``outer`` (its table or alias), or of its whole place, meets the
    range; parameters: end, start."""
    return f"""
        EXISTS (SELECT 1 FROM spaces_closure c
                 WHERE c.place_id = {outer}.place_id AND c.start < %s AND c."end" > %s
                   AND (c.resource_id IS NULL OR c.resource_id = {outer}.id))
    """


def closure_meets(start: dt.datetime, end: dt.datetime) -> RawSQL:
    """For a resource queryset: whether a closure of its place (or of the resource itself) meets [start, end)
    (the same SQL as :func:`resource_get`'s ``closed_between``)."""
    params = (sql.datetime_param(end), sql.datetime_param(start))
    return RawSQL(_closure_exists_sql("spaces_resource"), params, output_field=BooleanField())


@functools.cache
def _resource_sql(*, active_only: bool, with_closure: bool) -> str:
    closure = f", {_closure_exists_sql('r')}" if with_closure else ""
    active = " AND r.is_active = %s" if active_only else ""
    return f"""
        SELECT {sql.columns(Resource, "r")}{closure}
          FROM spaces_resource r
         WHERE r.place_id = %s AND r.slug = %s{active}
         ORDER BY r.id
         LIMIT 1
    """


def resource_get(
    *, place: Place, slug: str, active_only: bool = False, closed_between: tuple[dt.datetime, dt.datetime] | None = None
) -> Resource | None:
    """``closed_between``: also say (``has_closure``) whether a closure meets that range, in the same query
    (the booking services then read the closures only when there is one). Every booking reads it: in
    hand-written SQL (:mod:`comptoir.core.sql`)."""
    params: list = []
    if closed_between is not None:
        params += [sql.datetime_param(closed_between[1]), sql.datetime_param(closed_between[0])]
    params += [place.pk, slug]
    if active_only:
        params.append(True)
    query = _resource_sql(active_only=active_only, with_closure=closed_between is not None)
    rows = sql.fetch(query, params, [Resource], extra=1 if closed_between is not None else 0)
    if not rows:
        return None
    resource = rows[0][0]
    if closed_between is not None:
        resource.has_closure = bool(rows[0][1])
    resource.place = place  # known already: no join, no second read
    return resource


def bookings_between(
    *, place: Place, start: dt.datetime, end: dt.datetime, resource: Resource | None = None
) -> QuerySet[Booking]:
    """Bookings (all states) whose blocked range meets ``[start, end)``, with resource and person."""
    bookings = Booking.objects.filter(place=place, start__lt=end, blocked_until__gt=start)
    if resource is not None:
        bookings = bookings.filter(resource=resource)
    return bookings.select_related("resource", "person").order_by("start", "pk")


@functools.cache
def _occupying_sql(*, by: str, excluding: bool) -> str:
    key = {"place": "place_id", "resource": "resource_id"}[by]
    states = ", ".join(["%s"] * len(Booking.OCCUPYING_STATES))
    exclude = " AND b.id <> %s" if excluding else ""
    return f"""
        SELECT {sql.columns(Booking, "b")}
          FROM spaces_booking b
         WHERE b.{key} = %s AND b.state IN ({states})
           AND b.start < %s AND b.blocked_until > %s{exclude}
    """


def occupying_meeting(
    *, by: str, key: int, low: dt.datetime, high: dt.datetime, exclude_id: int | None = None
) -> list[Booking]:
    """The occupying bookings of one place or one resource (``by``: ``"place"`` or ``"resource"``, ``key``:
    its id) whose blocked range meets ``[low, high)``. Every availability search and every booking reads
    them: in hand-written SQL (:mod:`comptoir.core.sql`)."""
    params = [key, *Booking.OCCUPYING_STATES, sql.datetime_param(high), sql.datetime_param(low)]
    if exclude_id is not None:
        params.append(exclude_id)
    return [row[0] for row in sql.fetch(_occupying_sql(by=by, excluding=exclude_id is not None), params, [Booking])]


def occupying_between(
    *, place: Place, start: dt.datetime, end: dt.datetime, margin: dt.timedelta = dt.timedelta(0)
) -> list[Booking]:
    """Occupying bookings that may conflict with slots in ``[start, end)`` (``margin``: the largest buffer)."""
    return occupying_meeting(by="place", key=place.pk, low=start, high=end + margin)


@functools.cache
def _closures_sql() -> str:
    return f"""
        SELECT {sql.columns(Closure, "c")}, {sql.columns(Resource, "r")}
          FROM spaces_closure c
          LEFT JOIN spaces_resource r ON r.id = c.resource_id
         WHERE c.place_id = %s AND c.start < %s AND c."end" > %s
    """


def closures_between(*, place: Place, start: dt.datetime, end: dt.datetime) -> list[Closure]:
    """The closures meeting ``[start, end)``, with their resource (every availability search reads them)."""
    params = [place.pk, sql.datetime_param(end), sql.datetime_param(start)]
    closures = []
    for closure, resource in sql.fetch(_closures_sql(), params, [Closure, Resource]):
        closure.resource = resource
        closures.append(closure)
    return closures


def resources_searchable(*, place: Place, kind: str | None = None) -> list[Resource]:
    """The place's active resources (of ``kind``), ordered as :func:`resource_list`, with ``place`` set
    without a join (the caller has it). In the ORM: hand-written SQL saved too little here to keep
    (``bench/sql_vs_orm.py``: loading 60 rows costs more than compiling the query)."""
    queryset = Resource.objects.filter(place=place, is_active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    resources = list(queryset.order_by("name", "pk"))
    for resource in resources:
        resource.place = place
    return resources


def closure_list(*, place: Place, upcoming_from: dt.datetime | None = None) -> QuerySet[Closure]:
    closures = Closure.objects.filter(place=place).select_related("resource")
    if upcoming_from is not None:
        closures = closures.filter(end__gt=upcoming_from)
    return closures.order_by("start", "pk")


def booking_get(*, place: Place, booking_id: int) -> Booking | None:
    return Booking.objects.filter(place=place, pk=booking_id).select_related("resource", "person", "place").first()


def booking_list_for_person(
    *, place: Place, person: User, since: dt.datetime | None = None, include_cancelled: bool = False
) -> QuerySet[Booking]:
    bookings = Booking.objects.filter(place=place, person=person)
    if since is not None:
        bookings = bookings.filter(end__gt=since)
    if not include_cancelled:
        bookings = bookings.exclude(state=Booking.State.CANCELLED)
    return bookings.select_related("resource", "person", "place").order_by("start", "pk")


@functools.cache
def _upcoming_sql() -> str:
    return f"""
        SELECT {sql.columns(Booking, "b")}, {sql.columns(Resource, "r")}
          FROM spaces_booking b
          JOIN spaces_resource r ON r.id = b.resource_id
         WHERE b.place_id = %s AND b.person_id = %s AND b."end" > %s AND b.state <> %s
         ORDER BY b.start, b.id
         LIMIT %s
    """


def bookings_upcoming(*, place: Place, person: User, since: dt.datetime, limit: int = 500) -> list[Booking]:
    """The person's bookings not ended at ``since`` and not cancelled, soonest first, with their resource
    (place and person set without joins: the caller has them). What a member's "my bookings" (page, API,
    home panel) reads on every visit: hand-written SQL (:mod:`comptoir.core.sql`)."""
    params = [place.pk, person.pk, sql.datetime_param(since), Booking.State.CANCELLED.value, limit]
    bookings = []
    for booking, resource in sql.fetch(_upcoming_sql(), params, [Booking, Resource]):
        resource.place = place
        booking.resource, booking.place, booking.person = resource, place, person
        bookings.append(booking)
    return bookings


def booking_list(
    *, place: Place, start: dt.datetime, end: dt.datetime, states: Iterable[str] | None = None
) -> QuerySet[Booking]:
    # blocked_until >= end, so the extra condition changes nothing but lets the index skip history.
    bookings = Booking.objects.filter(place=place, start__lt=end, end__gt=start, blocked_until__gt=start)
    if states:
        bookings = bookings.filter(state__in=states)
    return bookings.select_related("resource", "person", "place").order_by("start", "pk")


def bookings_waiting(*, place: Place) -> QuerySet[Booking]:
    return booking_list_for_state(place=place, state=Booking.State.REQUESTED)


def booking_list_for_state(*, place: Place, state: str) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(place=place, state=state)
        .select_related("resource", "person", "place")
        .order_by("start", "pk")
    )


def open_state_latest(*, place: Place) -> OpenState | None:
    return OpenState.objects.filter(place=place).select_related("changed_by").first()


def calendar_token_for(*, place: Place, person: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(place=place, person=person).first()


def calendar_token_get(*, place: Place, token: str) -> CalendarToken | None:
    return CalendarToken.objects.filter(place=place, token=token).select_related("person").first()


def resource_by_token(*, place: Place, slug: str, token: str) -> Resource | None:
    return Resource.objects.filter(place=place, slug=slug, ical_token=token).select_related("place").first()


def largest_buffer(resources: Iterable[Resource]) -> dt.timedelta:
    return max((r.buffer for r in resources), default=dt.timedelta(0))
