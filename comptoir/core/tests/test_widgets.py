"""Date and time inputs hold the ISO value a browser's picker needs, in every language, and take it back."""

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

from comptoir.core import widgets

DATE_AND_TIME_FIELDS = (forms.DateField, forms.TimeField, forms.DateTimeField)


def _forms_of_every_app():
    for config in apps.get_app_configs():
        if not config.name.startswith("comptoir."):
            continue
        module_name = f"{config.name}.forms"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield cls


def test_every_date_and_time_field_of_every_form_uses_an_iso_widget():
    checked, wrong = 0, []
    for form_class in _forms_of_every_app():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, DATE_AND_TIME_FIELDS) or isinstance(field.widget, forms.HiddenInput):
                continue
            checked += 1
            if not isinstance(field.widget, widgets.ISO_WIDGETS):
                wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert checked > 20  # the forms were found
    assert wrong == [], "use comptoir.core.widgets for these fields"


class _Form(forms.Form):
    day = forms.DateField(widget=widgets.DateInput())
    hour = forms.TimeField(widget=widgets.TimeInput())
    moment = forms.DateTimeField(widget=widgets.DateTimeInput())
    month = forms.DateField(widget=widgets.MonthInput(), input_formats=[widgets.ISO_MONTH])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_initial_values_render_in_iso_and_come_back_unchanged(language, settings):
    settings.TIME_ZONE = "Europe/Paris"
    initial = {
        "day": dt.date(2026, 12, 5),
        "hour": dt.time(14, 30),
        "moment": dt.datetime(2026, 12, 5, 14, 30),
        "month": dt.date(2026, 12, 1),
    }
    with translation.override(language):
        html = str(_Form(initial=initial))
        assert 'type="date" name="day" value="2026-12-05"' in html
        assert 'type="time" name="hour" value="14:30"' in html
        assert 'type="datetime-local" name="moment" value="2026-12-05T14:30"' in html
        assert 'type="month" name="month" value="2026-12"' in html
        # What the browser sends back: the same ISO values.
        form = _Form(data={"day": "2026-12-05", "hour": "14:30", "moment": "2026-12-05T14:30", "month": "2026-12"})
        assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["day"] == initial["day"] and data["hour"] == initial["hour"] and data["month"] == initial["month"]
    assert data["moment"].replace(tzinfo=None) == initial["moment"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_redisplayed_form_keeps_the_submitted_iso_value(language):
    with translation.override(language):
        form = _Form(data={"day": "2026-12-05", "hour": "9:05", "moment": "2026-12-05T09:05", "month": "bad"})
        assert not form.is_valid()
        html = str(form)
    assert 'value="2026-12-05"' in html and 'value="2026-12-05T09:05"' in html
