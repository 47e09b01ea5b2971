"""Opening hours typed day by day, the OpenStreetMap syntax kept as the advanced option."""

import datetime as dt
import re

import opening_hours
import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from comptoir.core.permissions import Role
from comptoir.people.tests.factories import member_of
from comptoir.places import weekhours
from comptoir.places.fields import OpeningHoursField
from comptoir.places.tests.factories import PlaceFactory

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


# --- the pure functions --------------------------------------------------------------------------------


def test_a_week_is_written_in_the_grouped_syntax():
    t = dt.time
    office = ((t(9), t(12)), (t(14), t(18)))
    week = (office,) * 5 + (((t(10), t(13)),), ())
    assert weekhours.week_expression(week) == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-13:00"
    assert weekhours.week_expression(weekhours.CLOSED_WEEK) == ""
    assert weekhours.week_expression(((),) * 5 + (((t(18), t(0)),), ())) == "Sa 18:00-24:00"


@pytest.mark.parametrize(
    "expression", ["Mo-Fr 09:00-18:00; PH off", "Fr 22:00-02:00", 'Mo-Fr 09:00-18:00 "sur rendez-vous"',
                   "Mo-Fr 10:00-18:00; Dec 25 off", "week 01 Mo 09:00-12:00", "Mo-Fr 09:00-18:00 unknown", "n'importe"],
)  # fmt: skip
def test_what_a_plain_week_cannot_say_is_not_read_as_one(expression):
    assert weekhours.week_from_expression(expression) is None


def test_equivalent_spellings_read_as_the_same_week():
    a = weekhours.week_from_expression("Mo-Fr 09:00-18:00; We off")
    b = weekhours.week_from_expression("mo,tu,th,fr 9:00-18:00")
    assert a is not None and a == b and a[2] == ()
    assert weekhours.week_from_expression("") == weekhours.CLOSED_WEEK


@st.composite
def days_ranges(draw):
    """Up to three separated ranges in a day, in order, on the quarter hour; an end of 00:00 is midnight."""
    marks = sorted(draw(st.sets(st.integers(min_value=0, max_value=96), max_size=6)))
    if len(marks) % 2:
        marks = marks[:-1]
    ranges = []
    for start, end in zip(marks[::2], marks[1::2], strict=True):
        if ranges and start == ranges[-1][1]:
            continue  # touching ranges are one range
        ranges.append((start, end))
    return tuple((dt.time(start // 4, start % 4 * 15), dt.time(end // 4 % 24, end % 4 * 15)) for start, end in ranges)


@given(st.tuples(*[days_ranges()] * 7))
def test_week_round_trips_through_the_syntax(week):
    expression = weekhours.week_expression(week)
    assert expression == "" or opening_hours.validate(expression)
    assert weekhours.week_from_expression(expression) == week


def checked(html: str, name: str) -> bool:
    return re.search(rf'<input type="checkbox" name="{name}"[^>]* checked>', html) is not None


# --- the form field ------------------------------------------------------------------------------------


class HoursForm(forms.Form):
    hours = OpeningHoursField(label="Horaires")


def per_day(**days) -> dict:
    """Form data: each given day as a list of (start, end) strings; the others closed."""
    data = {}
    for day in DAYS:
        ranges = days.get(day)
        if ranges is None:
            data[f"hours_{day}_closed"] = "on"
        for n in (1, 2):
            start, end = ranges[n - 1] if ranges and len(ranges) >= n else ("", "")
            data[f"hours_{day}_start{n}"], data[f"hours_{day}_end{n}"] = start, end
    data["hours_text"] = ""
    return data


def test_the_per_day_form_builds_the_expression():
    office = [("09:00", "12:00"), ("14:00", "18:00")]
    form = HoursForm(per_day(mo=office, tu=office, we=office, th=office, fr=office, sa=[("10:00", "13:00")]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-13:00"


def test_ranges_typed_in_any_order_are_sorted():
    form = HoursForm(per_day(mo=[("14:00", "18:00"), ("09:00", "12:00")]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == "Mo 09:00-12:00,14:00-18:00"


@pytest.mark.parametrize(
    "day, message",
    [
        ([("12:00", "09:00")], "Lundi : la fin (09:00) doit venir après le début (12:00)."),
        ([("09:00", "13:00"), ("12:00", "18:00")], "Lundi : les deux plages se chevauchent."),
        ([("09:00", "")], "Lundi : indiquez le début et la fin de chaque plage."),
        ([], "Lundi : indiquez au moins une plage horaire, ou cochez « Fermé »."),
    ],
)
def test_wrong_days_are_refused_in_french(day, message):
    with translation.override("fr"):
        form = HoursForm(per_day(mo=day))
        assert not form.is_valid()
        assert message in form.errors["hours"]


def test_the_advanced_syntax_is_validated_by_the_library():
    data = per_day() | {"hours_advanced": "on", "hours_text": "Mo-Fr 09:00-18:00; PH off"}
    form = HoursForm(data)
    assert form.is_valid() and form.cleaned_data["hours"] == "Mo-Fr 09:00-18:00; PH off"
    with translation.override("fr"):
        form = HoursForm(data | {"hours_text": "lundi matin"})
        assert not form.is_valid()
        assert "syntaxe OpenStreetMap" in form.errors["hours"][0]


def test_a_plain_week_opens_day_by_day():
    html = str(HoursForm(initial={"hours": "Mo-Fr 09:00-18:00"})["hours"])
    assert 'name="hours_mo_start1" value="09:00"' in html and 'name="hours_fr_end1" value="18:00"' in html
    assert checked(html, "hours_sa_closed") and not checked(html, "hours_mo_closed")
    assert '<details class="hours-advanced">' in html  # the syntax stays available, closed


def test_rules_the_form_cannot_show_open_in_the_syntax():
    with translation.override("fr"):
        html = str(HoursForm(initial={"hours": "Mo-Fr 09:00-18:00; PH off"})["hours"])
    assert '<details class="hours-advanced" open>' in html
    assert checked(html, "hours_advanced")
    assert "jours fériés" in html and "Mo-Fr 09:00-18:00; PH off</textarea>" in html


def test_each_day_is_a_fieldset_with_its_legend_and_labelled_times():
    with translation.override("fr"):
        html = str(HoursForm()["hours"])
    assert html.count('<fieldset class="day-hours">') == 7
    assert "<legend>Lundi</legend>" in html and "<legend>Dimanche</legend>" in html
    assert 'type="time"' in html
    assert 'for="id_hours_1"' in html  # Monday's first start


def test_a_resource_may_keep_the_place_hours():
    class ResourceHours(forms.Form):
        hours = OpeningHoursField(label="Horaires", inherit_label="Comme le lieu")

    assert checked(str(ResourceHours(initial={"hours": ""})["hours"]), "hours_inherit")
    form = ResourceHours(per_day(mo=[("09:00", "12:00")]) | {"hours_inherit": "on"})
    assert form.is_valid() and form.cleaned_data["hours"] == ""
    form = ResourceHours(per_day())
    assert not form.is_valid()  # every day closed, without the place's hours: a mistake


# --- the place's settings page --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_host_sets_the_hours_day_by_day_on_the_settings_page(client):
    place = PlaceFactory(slug="lieu", name="Le Lieu", opening_hours="Mo-Fr 09:00-18:00")
    client.force_login(member_of(place, Role.ADMIN))
    page = client.get("/lieu/gestion/lieu/").content.decode()
    assert 'name="opening_hours_mo_start1" value="09:00"' in page
    data = {"name": "Le Lieu", "timezone": "Europe/Paris", "services": ["coworking"]}
    hours = {k.replace("hours_", "opening_hours_", 1): v for k, v in per_day(
        tu=[("09:00", "12:00"), ("14:00", "18:00")], sa=[("10:00", "13:00")]).items()}  # fmt: skip
    response = client.post("/lieu/gestion/lieu/", data | hours)
    assert response.status_code == 302, response.context["form"].errors
    place.refresh_from_db()
    assert place.opening_hours == "Tu 09:00-12:00,14:00-18:00; Sa 10:00-13:00"
    with translation.override("fr"):
        response = client.post("/lieu/gestion/lieu/", data | hours | {"opening_hours_tu_end1": "08:00"})
    assert response.status_code == 200
    assert "Mardi : la fin (08:00) doit venir après le début (09:00)." in response.content.decode()
