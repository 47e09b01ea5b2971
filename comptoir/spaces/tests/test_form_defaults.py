"""The spaces search proposes a day and hours, so that it can be sent as it comes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.people.tests.factories import member_of
from comptoir.spaces.forms import SearchForm

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("now", "day", "start", "end"),
    [
        (dt.datetime(2026, 12, 8, 10, 20), dt.date(2026, 12, 8), dt.time(11), dt.time(12)),
        (dt.datetime(2026, 12, 8, 6, 5), dt.date(2026, 12, 8), dt.time(9), dt.time(10)),
        (dt.datetime(2026, 12, 8, 19, 59), dt.date(2026, 12, 8), dt.time(20), dt.time(21)),
        (dt.datetime(2026, 12, 8, 20, 0), dt.date(2026, 12, 9), dt.time(9), dt.time(10)),
        (dt.datetime(2026, 12, 31, 23, 30), dt.date(2027, 1, 1), dt.time(9), dt.time(10)),
    ],
)
def test_search_proposes_the_next_hour_or_tomorrow_morning(now, day, start, end):
    defaults = SearchForm.defaults(now.replace(tzinfo=PARIS))
    assert (defaults["date"], defaults["start"], defaults["end"], defaults["attendees"]) == (day, start, end, 1)


@pytest.mark.django_db
def test_search_page_shows_the_proposed_day_and_hours(client, place):
    client.force_login(member_of(place))
    response = client.get(reverse("spaces:index", kwargs={"place_slug": place.slug}))
    proposed = SearchForm.defaults(timezone.localtime(timezone.now(), place.tz))
    html = response.content.decode()
    assert f'name="date" value="{proposed["date"]:%Y-%m-%d}"' in html
    assert f'name="start" value="{proposed["start"]:%H:%M}"' in html
    assert f'name="end" value="{proposed["end"]:%H:%M}"' in html
