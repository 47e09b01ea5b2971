"""The opening-hours form field: a per-day form, with the OpenStreetMap syntax as the advanced option.

The field's value is the OpenStreetMap expression the models store. Its widget shows each weekday
closed or open over one or two time ranges, and a text area for the syntax; a stored expression that
says more than a plain week (public holidays, dates, exceptions, comments) opens in the syntax, with a
note saying why (see :mod:`comptoir.places.weekhours`). Whatever the host types is checked by
opening-hours-py, like every other opening hours.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from comptoir.core.widgets import TimeInput
from comptoir.places import weekhours
from comptoir.places.validators import validate_opening_hours

#: Time ranges a day can hold in the per-day form.
RANGES_PER_DAY = 2

_DAY_KEYS = tuple(code.lower() for code in weekhours.DAY_CODES)
_RANGE_KEYS = ("start1", "end1", "start2", "end2")


def _fits_the_form(week: weekhours.Week | None) -> bool:
    return week is not None and all(len(ranges) <= RANGES_PER_DAY for ranges in week)


class OpeningHoursWidget(forms.MultiWidget):
    """Seven day groups (closed, two ranges), the advanced syntax, and optionally "inherit the place's"."""

    template_name = "places/widgets/opening_hours.html"
    #: ``core/_field.html`` lets this widget render its own fieldset (with the field's legend, help, errors).
    renders_fieldset = True

    def __init__(self, *, inherit_label: str | None = None, attrs: dict[str, Any] | None = None) -> None:
        self.inherit_label = inherit_label
        widgets: dict[str, forms.Widget] = {}
        if inherit_label:
            widgets["inherit"] = forms.CheckboxInput()
        for day in _DAY_KEYS:
            widgets[f"{day}_closed"] = forms.CheckboxInput()
            for key in _RANGE_KEYS:
                widgets[f"{day}_{key}"] = TimeInput()
        widgets["advanced"] = forms.CheckboxInput()
        widgets["text"] = forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "autocapitalize": "off"})
        super().__init__(widgets, attrs)
        self.keys = list(widgets)

    def decompress(self, value: str | None) -> list[Any]:
        value = (value or "").strip()
        week = weekhours.week_from_expression(value)
        values: dict[str, Any] = {"text": value}
        if self.inherit_label:
            values["inherit"] = not value
        if _fits_the_form(week):
            assert week is not None
            for day, ranges in zip(_DAY_KEYS, week, strict=True):
                values[f"{day}_closed"] = not ranges
                for index, (start, end) in enumerate(ranges, start=1):
                    values[f"{day}_start{index}"] = start
                    values[f"{day}_end{index}"] = end
        else:
            values["advanced"] = True
        return [values.get(key) for key in self.keys]

    def value_from_datadict(self, data, files, name):
        # A client posting the expression itself, or nothing (a script, an older form), is read as the syntax;
        # a browser always sends the time inputs, even empty.
        if not any(f"{name}_{key}" in data for key in self.keys):
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # An expression the per-day form cannot show opens in the syntax, with a note saying why.
        stored = value if isinstance(value, str) else None
        if stored is not None:
            value = self.decompress(stored)
        context = super().get_context(name, value, attrs)
        subwidgets = dict(zip(self.keys, context["widget"]["subwidgets"], strict=True))
        context["widget"].update(
            days=[
                {
                    "label": capfirst(WEEKDAYS[index]),
                    "closed": subwidgets[f"{day}_closed"],
                    "ranges": [
                        (subwidgets[f"{day}_start{n}"], subwidgets[f"{day}_end{n}"])
                        for n in range(1, RANGES_PER_DAY + 1)
                    ],
                }
                for index, day in enumerate(_DAY_KEYS)
            ],
            inherit=subwidgets.get("inherit"),
            inherit_label=self.inherit_label,
            advanced=subwidgets["advanced"],
            text=subwidgets["text"],
            advanced_on=bool(subwidgets["advanced"]["attrs"].get("checked")),
            not_expressible=bool(stored) and not _fits_the_form(weekhours.week_from_expression(stored or "")),
        )
        return context


def _minutes(moment: dt.time, *, end: bool = False) -> int:
    minutes = moment.hour * 60 + moment.minute
    return 24 * 60 if end and minutes == 0 else minutes


class OpeningHoursField(forms.Field):
    """An OpenStreetMap opening-hours expression, typed day by day or in the syntax."""

    def __init__(self, *, inherit_label: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_opening_hours])
        kwargs["widget"] = OpeningHoursWidget(inherit_label=inherit_label)
        self.inherit_label = inherit_label
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        if value is None or isinstance(value, str):
            return (value or "").strip()
        data = dict(zip(self.widget.keys, value, strict=True))
        if data.get("inherit"):
            return ""
        if data.get("advanced"):
            return (data.get("text") or "").strip()
        week = self._week(data)
        if self.inherit_label and not any(week):
            raise ValidationError(
                _("Every day is closed: give the hours of at least one day, or use the place's opening hours."),
                code="all_closed",
            )
        return weekhours.week_expression(week)

    def _week(self, data: dict[str, Any]) -> weekhours.Week:
        errors: list[ValidationError] = []
        week: list[tuple[weekhours.TimeRange, ...]] = []
        time_field = forms.TimeField(required=False)
        for index, day in enumerate(_DAY_KEYS):
            label = capfirst(WEEKDAYS[index])
            if data.get(f"{day}_closed"):
                week.append(())
                continue
            ranges: list[weekhours.TimeRange] = []
            for n in range(1, RANGES_PER_DAY + 1):
                try:
                    start = time_field.clean(data.get(f"{day}_start{n}"))
                    end = time_field.clean(data.get(f"{day}_end{n}"))
                except ValidationError:
                    errors.append(
                        ValidationError(
                            _("%(day)s: enter the times as hours and minutes, e.g. 09:30."),
                            code="invalid_time",
                            params={"day": label},
                        )
                    )
                    break
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    errors.append(
                        ValidationError(
                            _("%(day)s: give both the start and the end of each range."),
                            code="incomplete_range",
                            params={"day": label},
                        )
                    )
                    continue
                if _minutes(end, end=True) <= _minutes(start):
                    errors.append(ValidationError(
                        _("%(day)s: the end (%(end)s) must come after the start (%(start)s)."),
                        code="end_before_start",
                        params={"day": label, "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
                    ))  # fmt: skip
                    continue
                ranges.append((start, end))
            ranges.sort(key=lambda pair: _minutes(pair[0]))
            if len(ranges) == 2 and _minutes(ranges[1][0]) < _minutes(ranges[0][1], end=True):
                errors.append(
                    ValidationError(_("%(day)s: the two ranges overlap."), code="overlap", params={"day": label})
                )
            if not ranges and not any(error.params and error.params.get("day") == label for error in errors):
                errors.append(
                    ValidationError(
                        _("%(day)s: give at least one time range, or tick “Closed”."),
                        code="no_range",
                        params={"day": label},
                    )
                )
            week.append(tuple(ranges))
        if errors:
            raise ValidationError(errors)
        return tuple(week)
