"""Opening hours as a plain week: each weekday closed or open over a few time ranges.

The per-day form edits this week; the stored value stays the OpenStreetMap expression, which
opening-hours-py reads everywhere else. :func:`week_expression` writes a week as an expression (normalised
by the library, so "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-13:00"); :func:`week_from_expression` reads
one back when it says no more than a plain week (no public holidays, dates, exceptions, comments, nights
across midnight), else ``None``: the form then keeps it in the syntax.

A range ending at midnight is written with the end ``00:00`` (a time input cannot say "24:00").
"""

from __future__ import annotations

import datetime as dt

import opening_hours

#: The OpenStreetMap names of the days, Monday first (``date.weekday()`` order).
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")

MIDNIGHT = dt.time(0, 0)

TimeRange = tuple[dt.time, dt.time]
#: Seven days from Monday, each a tuple of its open ranges (empty: closed).
Week = tuple[tuple[TimeRange, ...], ...]

CLOSED_WEEK: Week = ((),) * 7

# A week with no public or school holiday in France, to read an expression day by day.
_REFERENCE_MONDAY = dt.datetime(2024, 1, 8)


def _hhmm(moment: dt.time, *, end: bool = False) -> str:
    if end and moment == MIDNIGHT:
        return "24:00"
    return moment.strftime("%H:%M")


def _normalise(expression: str) -> str | None:
    try:
        return str(opening_hours.OpeningHours(expression).normalize())
    except (opening_hours.ParserError, ValueError):
        return None


def week_expression(week: Week) -> str:
    """The OpenStreetMap expression of a week ("" when every day is closed)."""
    rules = [
        f"{code} " + ",".join(f"{_hhmm(start)}-{_hhmm(end, end=True)}" for start, end in ranges)
        for code, ranges in zip(DAY_CODES, week, strict=True)
        if ranges
    ]
    if not rules:
        return ""
    expression = "; ".join(rules)
    return _normalise(expression) or expression


def _week_of(parsed: opening_hours.OpeningHours) -> Week | None:
    days: list[list[TimeRange]] = [[] for _ in range(7)]
    week_end = _REFERENCE_MONDAY + dt.timedelta(days=7)
    for start, end, state, comment in parsed.intervals(_REFERENCE_MONDAY, week_end):
        if comment or state == opening_hours.State.UNKNOWN:
            return None
        if state != opening_hours.State.OPEN:
            continue
        # Cut an open interval at each midnight it crosses: each day holds its own part.
        while start < end:
            day_end = dt.datetime.combine(start.date() + dt.timedelta(days=1), MIDNIGHT)
            part_end = min(end, day_end)
            days[(start.date() - _REFERENCE_MONDAY.date()).days].append((start.time(), part_end.time()))
            start = part_end
    return tuple(tuple(ranges) for ranges in days)


def week_from_expression(expression: str) -> Week | None:
    """The week an expression describes, or ``None`` when it says more than a plain week can."""
    if not expression.strip():
        return CLOSED_WEEK
    normalised = _normalise(expression)
    if normalised is None:
        return None
    week = _week_of(opening_hours.OpeningHours(expression))
    # The week is the whole expression only if writing it back gives the same rules.
    if week is None or week_expression(week) != normalised:
        return None
    return week
