"""Date and time inputs that every browser fills, whatever its language.

A browser's ``<input type="date">`` (and ``time``, ``datetime-local``, ``month``) takes and sends only the
ISO form: "2026-12-05", "14:30", "2026-12-05T14:30", "2026-12". Django's own widgets write the active
language's first input format ("05/12/2026" in French), which the browser drops: the field shows empty
and the form cannot be sent without retyping. Every form of every app uses these widgets for its date and
time fields (``comptoir/core/tests/test_widgets.py`` checks it). Submitted values need nothing more: Django
adds the ISO input formats to every language's own, and a ``DateTimeField`` parses the ISO "T" form.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_MONTH = "%Y-%m"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_TIME)


class DateTimeInput(forms.DateTimeInput):
    """A local date and time (the form's field turns it into an aware datetime in the current time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATETIME)


class MonthInput(forms.DateInput):
    """A month, given to a ``DateField`` with ``input_formats=[ISO_MONTH]`` (the first of the month)."""

    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_MONTH)


#: The widgets a date or time field may render as (the guard test reads it).
ISO_WIDGETS = (DateInput, TimeInput, DateTimeInput, MonthInput)
