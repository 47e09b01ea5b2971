"""Checks run by ``test_optional_apps.py`` in a child pytest with an optional app removed.

Not collected on its own (its name does not start with ``test_``): it only makes sense under
``comptoir.core.tests.settings_without_apps`` with ``COMPTOIR_WITHOUT`` set.
"""

import datetime as dt
import os

import pytest
from django.apps import apps
from django.core.management import call_command

from comptoir.core.errors import ServiceError
from comptoir.core.permissions import Role
from comptoir.core.registry import check_hooks, collect, hooks
from comptoir.people.tests.factories import member_of
from comptoir.places.tests.factories import PlaceFactory
from comptoir.spaces import services
from comptoir.spaces.qualifications import plan_choices, plans_reader
from comptoir.spaces.tests.factories import ResourceFactory, next_weekday

REMOVED = [name.strip() for name in os.environ.get("COMPTOIR_WITHOUT", "").split(",") if name.strip()]


def test_the_optional_apps_are_really_removed():
    assert REMOVED and not any(apps.is_installed(f"comptoir.{name}") for name in REMOVED)


def test_the_registry_check_passes_and_the_removed_apps_answer_nothing():
    assert check_hooks() == []
    call_command("check", tags=["comptoir"])
    contributors = {f.__module__ for name in ("spaceapi_contribution", "billing_prepare") for f in hooks(name)}
    assert not any(module.startswith(tuple(f"comptoir.{name}." for name in REMOVED)) for module in contributors)
    assert not any(item.url_name.split(":")[0] in REMOVED for item in collect("nav_items"))


@pytest.mark.django_db
def test_a_room_kept_for_plans_is_booked_by_role_when_no_app_sells_plans():
    if "coworking" not in REMOVED:
        pytest.skip("coworking is installed")
    place = PlaceFactory()
    room = ResourceFactory(place=place, allowed_roles=["plan:unlimited", Role.HOST])
    coworker, host = member_of(place, Role.COWORKER), member_of(place, Role.HOST)
    start = next_weekday(1, hour=10)
    assert plan_choices(place=place) == [] and plans_reader(place=place, person=coworker, at=start)() == set()
    end = start + dt.timedelta(hours=1)
    with pytest.raises(ServiceError) as error:
        services.booking_create(resource=room, person=coworker, start=start, end=end, actor=coworker)
    assert error.value.code == "role"
    assert services.booking_create(resource=room, person=host, start=start, end=end, actor=host).pk


@pytest.mark.django_db
def test_spaceapi_and_the_homes_render(client):
    place = PlaceFactory(slug="lieu-a")
    client.force_login(member_of(place, Role.HOST))
    document = client.get("/lieu-a/spaceapi.json").json()
    assert document["space"] == place.name and "state" in document
    for url in ("/lieu-a/", "/lieu-a/gestion/", "/lieu-a/espaces/"):
        assert client.get(url).status_code == 200, url
