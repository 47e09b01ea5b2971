"""Weekly availability rules of the mediators (the free slots are computed from them when read)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record
from comptoir.core.errors import Conflict, ServiceError
from comptoir.mediation.models import AvailabilityRule
from comptoir.mediation.services._common import clean_text

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place
    from comptoir.spaces.models import Resource


def availability_rule_create(
    *,
    place: Place,
    mediator: User,
    actor: User,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    slot_minutes: int = 30,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    resource: Resource | None = None,
    room: str = "",
) -> AvailabilityRule:
    """Add a mediator's weekly availability; refused (409) when it overlaps another rule of the mediator."""
    from comptoir.mediation.selectors import mediators_of

    today = timezone.localdate(timezone=place.tz)
    valid_from = valid_from or today
    if mediator.pk not in {m.pk for m in mediators_of(place=place)}:
        raise ServiceError(_("Choose a mediator of the place."), field="mediator")
    try:
        weekday = int(weekday)
        slot_minutes = int(slot_minutes)
    except (TypeError, ValueError):
        raise ServiceError(_("This value is not in the list."), field="weekday")
    if weekday not in AvailabilityRule.Weekday.values:
        raise ServiceError(_("This value is not in the list."), field="weekday")
    if not isinstance(start_time, dt.time) or not isinstance(end_time, dt.time) or end_time <= start_time:
        raise ServiceError(_("The end must be after the start."), field="end_time")
    if not 5 <= slot_minutes <= 240:
        raise ServiceError(_("Give a duration between 5 minutes and 4 hours."), field="slot_minutes")
    span = dt.datetime.combine(today, end_time) - dt.datetime.combine(today, start_time)
    if span < dt.timedelta(minutes=slot_minutes):
        raise ServiceError(_("The time range is shorter than one slot."), field="slot_minutes")
    if valid_until is not None and valid_until < valid_from:
        raise ServiceError(_("The last day must be after the first one."), field="valid_until")
    if valid_until is not None and valid_until < today:
        raise ServiceError(_("The last day is already past."), field="valid_until")
    if resource is not None and resource.place_id != place.pk:
        raise ServiceError(_("This room is not one of the place's rooms."), field="resource")
    with transaction.atomic(durable=True):
        others = AvailabilityRule.objects.select_for_update().filter(
            place=place, mediator=mediator, weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
        )
        for other in others:
            if (other.valid_until is None or other.valid_until >= valid_from) and (
                valid_until is None or valid_until >= other.valid_from
            ):
                raise Conflict(
                    _("The mediator is already available then (%(day)s %(start)s–%(end)s).")
                    % {"day": other.get_weekday_display(), "start": f"{other.start_time:%H:%M}",
                       "end": f"{other.end_time:%H:%M}"},
                    code="overlap", field="start_time",
                )  # fmt: skip
        rule = AvailabilityRule.objects.create(
            place=place, mediator=mediator, weekday=weekday, start_time=start_time, end_time=end_time,
            slot_minutes=slot_minutes, valid_from=valid_from, valid_until=valid_until, resource=resource,
            room="" if resource is not None else clean_text(room, max_length=100), created_by=actor,
        )  # fmt: skip
        audit_record(
            place=place, actor=actor, action="mediation.availability.created", obj=rule, object_repr=f"#{rule.pk}",
            after={"mediator": mediator.pk, "weekday": weekday, "start": f"{start_time:%H:%M}",
                   "end": f"{end_time:%H:%M}", "slot_minutes": slot_minutes, "resource": getattr(resource, "pk", None)},
        )  # fmt: skip
    return rule


def availability_rule_delete(*, rule: AvailabilityRule, actor: User | None) -> None:
    """Remove a weekly availability: its free slots disappear; appointments already taken stay."""
    with transaction.atomic(durable=True):
        audit_record(
            place=rule.place, actor=actor, action="mediation.availability.deleted", obj=rule,
            object_repr=f"#{rule.pk}", before={"mediator": rule.mediator_id, "weekday": rule.weekday},
        )  # fmt: skip
        rule.delete()
