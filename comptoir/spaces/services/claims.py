"""How the booking services hold what they are about to take, on PostgreSQL: the days of a resource
(:func:`claim`), and a pool's seats dealt again when they are fragmented (:func:`repack_pool`).

Both run inside the booking service's transaction; see :mod:`comptoir.spaces.services.bookings`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from comptoir.audit.services import audit_record
from comptoir.spaces.engine import repack
from comptoir.spaces.models import Booking, Resource
from comptoir.spaces.selectors import occupying_meeting

if TYPE_CHECKING:
    from comptoir.people.models import User

# A range longer than this claims the whole resource instead of one lock per day (a resident's desk for
# months would otherwise take hundreds of locks).
CLAIM_DAYS_MAX = 14


def claim(resource: Resource, start: dt.datetime, blocked_until: dt.datetime) -> None:
    """PostgreSQL: hold, until the transaction ends, the days of ``resource`` that ``[start, blocked_until)``
    touches (UTC days). Each day is an exclusive advisory lock ``(resource id, day number)`` taken under the
    resource's shared lock ``(resource id, 0)``; a range of more than :data:`CLAIM_DAYS_MAX` days takes that
    one exclusively, which waits for every day's writer. Locks are taken in one statement, in ascending
    order, so writers never wait for each other in a circle. SQLite serializes writers already."""
    if transaction.get_connection().vendor != "postgresql":
        return
    first = start.astimezone(dt.UTC).date().toordinal()
    last = (blocked_until.astimezone(dt.UTC) - dt.timedelta(microseconds=1)).date().toordinal()
    if last - first >= CLAIM_DAYS_MAX:
        sql, params = "SELECT pg_advisory_xact_lock(%s, 0)", [resource.pk]
    else:
        days = range(first, max(first, last) + 1)
        sql = "SELECT pg_advisory_xact_lock_shared(%s, 0)" + ", pg_advisory_xact_lock(%s, %s)" * len(days)
        params = [resource.pk]
        for day in days:
            params += [resource.pk, day]
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql, params)


# A pool's re-dealing of seats follows bookings that touch each other at most this many times.
REPACK_ROUNDS_MAX = 8


def repack_pool(
    resource: Resource, *, start: dt.datetime, blocked_until: dt.datetime, exclude_id: int | None, actor: User | None
) -> int | None:
    """Deal a pool's seats again so that the new range gets one (see :func:`engine.repack`).

    The bookings whose seats may move are those that meet the new range directly or through each other;
    their days are claimed too, then they are read again. Seats of bookings already started stay. The
    changed seats go through temporary numbers above the pool's size first, so that the exclusion
    constraint never sees two overlapping bookings on one seat between the two updates.
    """
    low, high = start, blocked_until
    for _round in range(REPACK_ROUNDS_MAX):
        rows = around_range(resource, low, high, exclude_id)
        wider = (min([low, *(b.start for b in rows)]), max([high, *(b.blocked_until for b in rows)]))
        if wider == (low, high):
            break
        low, high = wider
    else:
        return None
    claim(resource, low, high)
    rows = around_range(resource, low, high, exclude_id)
    now = timezone.now()
    dealt = repack(
        resource, rows, start=start, blocked_until=blocked_until, fixed={b.pk for b in rows if b.start <= now}
    )
    if dealt is None:
        return None
    changes, seat = dealt
    if changes:
        Booking.objects.filter(pk__in=changes).update(seat=F("seat") + resource.seats)
        Booking.objects.filter(pk__in=changes).update(
            seat=Case(*(When(pk=pk, then=Value(new)) for pk, new in changes.items()))
        )
        before = {b.pk: b.seat for b in rows}
        audit_record(
            place=resource.place, actor=actor, action="resource.seats_repacked", obj=resource,
            before={str(pk): before[pk] for pk in changes}, after={str(pk): new for pk, new in changes.items()},
        )  # fmt: skip
    return seat


def around_range(
    resource: Resource, low: dt.datetime, high: dt.datetime, exclude_id: int | None = None
) -> list[Booking]:
    """The occupying bookings of ``resource`` whose blocked range meets ``[low, high)`` (read under the claim)."""
    return occupying_meeting(by="resource", key=resource.pk, low=low, high=high, exclude_id=exclude_id)
