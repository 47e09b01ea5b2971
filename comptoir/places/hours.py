"""Opening hours: read the OSM expression with opening-hours-py, say it in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import opening_hours
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS


@dataclass(frozen=True)
class DaySchedule:
    date: dt.date
    day_name: str
    ranges: list[tuple[dt.time, dt.time]]
    comment: str = ""

    @property
    def is_closed(self) -> bool:
        return not self.ranges


def _parse(expression: str):
    try:
        return opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, ValueError):
        return None


def week_schedule(expression: str, *, start: dt.date) -> list[DaySchedule]:
    """The open ranges of the seven days from ``start`` (naive local times)."""
    parsed = _parse(expression) if expression else None
    days: list[DaySchedule] = []
    for offset in range(7):
        day = start + dt.timedelta(days=offset)
        ranges: list[tuple[dt.time, dt.time]] = []
        comments: list[str] = []
        if parsed is not None:
            begin = dt.datetime.combine(day, dt.time.min)
            end = begin + dt.timedelta(days=1)
            for range_start, range_end, state, comment in parsed.intervals(begin, end):
                if state == opening_hours.State.OPEN:
                    closing = range_end.time() if range_end < end else dt.time(23, 59)
                    ranges.append((range_start.time(), closing))
                if comment:
                    comments.append(comment)
        days.append(DaySchedule(day, str(WEEKDAYS[day.weekday()]), ranges, " ".join(comments)))
    return days


def current_week_schedule(expression: str, tz) -> list[DaySchedule]:
    today = timezone.localtime(timezone.now(), tz).date()
    monday = today - dt.timedelta(days=today.weekday())
    return week_schedule(expression, start=monday)


def format_ranges(ranges: list[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(
        f"{formats.time_format(a, 'TIME_FORMAT')} – {formats.time_format(b, 'TIME_FORMAT')}" for a, b in ranges
    )


def is_open_at(expression: str, moment: dt.datetime, tz) -> bool | None:
    """True/False from the expression, None when there is no expression."""
    parsed = _parse(expression) if expression else None
    if parsed is None:
        return None
    local = timezone.localtime(moment, tz).replace(tzinfo=None)
    return bool(parsed.is_open(local))


def open_intervals(expression: str, start: dt.datetime, end: dt.datetime, tz) -> list[tuple[dt.datetime, dt.datetime]]:
    """Open intervals between two aware datetimes, as aware datetimes in ``tz``."""
    parsed = _parse(expression) if expression else None
    if parsed is None:
        return []
    local_start = timezone.localtime(start, tz).replace(tzinfo=None)
    local_end = timezone.localtime(end, tz).replace(tzinfo=None)
    result = []
    for a, b, state, _comment in parsed.intervals(local_start, local_end):
        if state == opening_hours.State.OPEN:
            result.append((a.replace(tzinfo=tz), b.replace(tzinfo=tz)))
    return result
