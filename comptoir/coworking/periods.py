import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of ``day``'s month and first day of the next one."""
    first = day.replace(day=1)
    return first, add_months(first, 1)
