"""The staff navigation grouped by service: which entry goes where, what a person sees, how it renders."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.core import context_processors
from comptoir.core.access import place_access
from comptoir.core.context_processors import STAFF_NAV_GROUP_KEYS, STAFF_NAV_GROUPS, _nav, _staff_groups
from comptoir.core.permissions import Role
from comptoir.core.registry import NavItem, collect
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.place(slug="lieu-nav", services=["coworking", "mediation"])]

EXPECTED_GROUPS = {
    "places:staff_home": "desk",
    "people:members": "community",
    "association:adhesions": "community",
    "programme:staff_activities": "community",
    "spaces:week": "spaces",
    "spaces:resources_manage": "spaces",
    "coworking:desk": "spaces",
    "coworking:plans": "spaces",
    "mediation:home": "mediation",
    "billing:invoices": "management",
    "audit:list": "management",
    "tasks:deliveries": "management",
    "places:settings": "management",
}


def groups_of(nav) -> dict[str, list[str]]:
    return {group["key"]: [entry["url"] for entry in group["items"]] for group in nav["staff_groups"]}


def url(name, place):
    return reverse(name, kwargs={"place_slug": place.slug})


def nav_for(place, user, path="/"):
    return _nav(RequestFactory().get(path), place_access(user=user, place=place))


# Declarations ------------------------------------------------------------------------------------


def test_every_staff_entry_declares_a_known_group():
    staff = [item for item in collect("nav_items") if item.area == "staff"]
    assert {item.url_name: item.group for item in staff} == EXPECTED_GROUPS
    assert all(item.group in STAFF_NAV_GROUP_KEYS and item.group != "other" for item in staff)


def test_member_and_public_entries_have_no_group():
    assert all(item.group is None for item in collect("nav_items") if item.area != "staff")


def test_groups_are_named_once_with_translated_labels():
    keys = [key for key, _label in STAFF_NAV_GROUPS]
    assert len(keys) == len(set(keys)) and keys[-1] == "other"
    labels = dict(STAFF_NAV_GROUPS)
    assert str(labels["desk"]) == "Accueil"
    assert str(labels["community"]) == "Communauté"
    assert str(labels["spaces"]) == "Espaces & coworking"
    assert str(labels["mediation"]) == "Médiation numérique"
    assert str(labels["management"]) == "Gestion"


def test_an_entry_without_a_known_group_goes_last_under_other():
    entries = [
        {"label": "A", "url": "/a/", "current": False, "group": None},
        {"label": "B", "url": "/b/", "current": True, "group": "nonsense"},
        {"label": "C", "url": "/c/", "current": False, "group": "management"},
        {"label": "D", "url": "/d/", "current": False, "group": "desk"},
    ]
    groups = _staff_groups(entries)
    assert [(group["key"], [entry["label"] for entry in group["items"]]) for group in groups] == [
        ("desk", ["D"]),
        ("management", ["C"]),
        ("other", ["A", "B"]),
    ]
    assert [group["current"] for group in groups] == [False, False, True]
    assert NavItem("X", "x:y").group is None


# What a person sees --------------------------------------------------------------------------------


@pytest.mark.place(slug="lieu-nav", services=["coworking", "mediation", "events"])  # every entry's service
def test_a_place_admin_sees_every_group_in_order(place):
    nav = nav_for(place, member_of(place, Role.ADMIN))
    groups = groups_of(nav)
    assert list(groups) == ["desk", "community", "spaces", "mediation", "management"]
    for name, key in EXPECTED_GROUPS.items():
        assert url(name, place) in groups[key], name
    # The groups hold exactly the staff entries; inside a group, in the entries' order.
    grouped = [entry["url"] for group in nav["staff_groups"] for entry in group["items"]]
    assert sorted(grouped) == sorted(entry["url"] for entry in nav["staff"]) and len(grouped) == len(set(grouped))
    management = ("billing:invoices", "audit:list", "tasks:deliveries", "places:settings")
    assert groups["management"] == [url(name, place) for name in management]


def test_permissions_still_filter_entries_and_empty_groups_are_hidden(place):
    groups = groups_of(nav_for(place, member_of(place, Role.MEDIATOR)))
    assert list(groups) == ["desk", "spaces", "mediation"]  # no member list, no billing, audit or settings
    assert groups["spaces"] == [url("spaces:week", place)]
    board = groups_of(nav_for(place, member_of(place, Role.BOARD)))
    assert url("audit:list", place) in board["management"]
    assert url("places:settings", place) not in board["management"]
    assert "mediation" not in board


def test_services_the_place_does_not_run_are_hidden(place):
    place.services = ["makerspace"]
    place.save()
    groups = groups_of(nav_for(place, member_of(place, Role.ADMIN)))
    assert "mediation" not in groups
    assert groups["spaces"] == [url("spaces:week", place), url("spaces:resources_manage", place)]


def test_members_and_visitors_get_no_staff_groups(place, client):
    assert nav_for(place, member_of(place, Role.COWORKER))["staff_groups"] == []
    client.force_login(member_of(place, Role.COWORKER))
    html = client.get(url("places:member_home", place)).content.decode()
    assert "staff-nav" not in html and "nav-group" not in html
    assert f'href="{url("places:member_home", place)}" aria-current="page"' in html


def test_a_staff_member_of_another_place_sees_nothing_of_this_one(place):
    other = PlaceFactory(slug="lieu-autre")
    outsider = member_of(other, Role.ADMIN)
    assert nav_for(place, outsider)["staff_groups"] == []


# Rendering ---------------------------------------------------------------------------------------


def test_the_staff_page_renders_labelled_groups_with_the_current_page_marked(place, client):
    client.force_login(member_of(place, Role.ADMIN))
    response = client.get(url("people:members", place))
    assert response.status_code == 200
    html = response.content.decode()
    staff = html[html.index('<ul class="staff-nav"') :]
    staff = staff[: staff.index("</nav>")]
    labels = re.findall(r'<span class="nav-group-label" id="nav-group-(\w+)">([^<]+)</span>', staff)
    assert labels == [
        ("desk", "Accueil"),
        ("community", "Communauté"),
        ("spaces", "Espaces &amp; coworking"),
        ("mediation", "Médiation numérique"),
        ("management", "Gestion"),
    ]
    for key, _label in labels:
        assert f'<ul aria-labelledby="nav-group-{key}">' in staff
    # Every link keeps its text and address; one is the current page, in the current group.
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', staff)
    nav = response.context["nav"]
    assert [(href, text) for href, _current, text in links] == [
        (entry["url"], str(entry["label"])) for group in nav["staff_groups"] for entry in group["items"]
    ]
    assert sorted(href for href, _current, _text in links) == sorted(entry["url"] for entry in nav["staff"])
    assert [href for href, current, _text in links if current] == [url("people:members", place)]
    assert html.count('aria-current="page"') == 1
    assert re.findall(r'class="nav-group nav-group-current">\s*<span[^>]*id="nav-group-(\w+)"', staff) == ["community"]


def test_the_grouping_adds_no_query_to_the_staff_home(place, client, monkeypatch):
    user = member_of(place, Role.ADMIN)
    access = place_access(user=user, place=place)
    with CaptureQueriesContext(connection) as nav_queries:
        _nav(RequestFactory().get("/"), access)
    assert len(nav_queries) == 0
    client.force_login(user)
    home = url("places:staff_home", place)
    client.get(home)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home).status_code == 200
        return len(queries)

    grouped = count()
    monkeypatch.setattr(context_processors, "_staff_groups", lambda entries: [])
    assert count() == grouped
