"""How a service app plugs into Comptoir without editing the others.

A service app's AppConfig may declare:

- ``place_urls``: dotted path of a urlconf mounted under ``/<place-slug>/``;
- ``root_urls``: dotted path of a urlconf mounted at the site root (rare: feeds, well-known files);
- ``api_router``: ``"module:attribute"`` of a django-ninja Router mounted under ``/api/v1/``,
  with ``api_prefix`` (defaults to the app label);
- ``nav_items``: a list of :class:`NavItem` shown in the place's navigation;
- ``staff_panels`` / ``member_panels``: lists of :class:`Panel` rendered on the staff home
  ("aujourd'hui au lieu") and the member home;
- ``permissions``: a dict ``{code: label}`` and ``role_permissions``: ``{role: [codes]}``,
  merged into the permission registry (see :mod:`comptoir.core.permissions`);
- ``demo_loader``: ``"module:function"`` called by ``load_demo`` with ``place=`` and ``people=``;
- ``booking_allowance``: ``"module:function"`` giving a member's included meeting-room minutes
  (coworking provides it, the booking engine reads it);
- ``billing_prepare``: ``"module:function"`` called by the billing run with ``place=, start=, end=``
  before it invoices, so that an app can post the charges of the period (e.g. subscriptions);
- ``scheduled_commands``: ``{"hourly": [command names], "daily": [...]}``, run by ``manage.py
  comptoir_jobs hourly|daily`` (one cron line per frequency); each command must be idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    """An entry of the place's navigation, shown only to whom may use it.

    An entry is shown when the place runs its ``service`` (if any), the person holds its
    ``permission`` (if any) and belongs to its ``area`` (members for "member", the staff area for
    "staff"; "public" to anyone); entries are sorted by ``order``. The link text is ``label`` and the
    address ``url_name`` reversed with ``place_slug``; the entry whose address is the longest prefix
    of the page's is marked ``aria-current="page"``.

    Staff entries are shown by service: ``group`` is the key of one of the groups named, labelled and
    ordered in one place, :data:`comptoir.core.context_processors.STAFF_NAV_GROUPS` ("desk",
    "community", "spaces", "mediation", "management"); an entry without a known group goes to the
    last group, "other". A group with no entry the person may see is not shown. Member and public
    entries take no group.
    """

    label: Any  # a lazy translated string
    url_name: str  # reversed with the place slug as ``place_slug``
    area: str = "member"  # "member", "staff" or "public"
    permission: str | None = None
    service: str | None = None  # shown only when the place runs this service
    order: int = 100
    group: str | None = None  # staff entries only: a key of context_processors.STAFF_NAV_GROUPS


@dataclass(frozen=True)
class Panel:
    """A block of the staff or member home: ``build(request, access)`` returns a context or None."""

    template: str
    build: Callable[..., dict | None]
    permission: str | None = None
    service: str | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)


def comptoir_app_configs() -> Iterator[AppConfig]:
    for config in apps.get_app_configs():
        if config.name.startswith("comptoir."):
            yield config


def collect(attribute: str) -> list:
    items: list = []
    for config in comptoir_app_configs():
        items.extend(getattr(config, attribute, ()) or ())
    return sorted(items, key=lambda item: getattr(item, "order", 100))


def hooks(attribute: str) -> list[Callable]:
    """The functions the apps declare under ``attribute`` (``"module:function"``), in app order."""
    found = []
    for config in comptoir_app_configs():
        path = getattr(config, attribute, None)
        if path:
            module, _sep, name = path.partition(":")
            found.append(import_string(f"{module}.{name}"))
    return found


FREQUENCIES = ("hourly", "daily")


def scheduled_commands(frequency: str) -> list[str]:
    """The management commands the apps ask to run at ``frequency``, in app order."""
    names: list[str] = []
    for config in comptoir_app_configs():
        names.extend((getattr(config, "scheduled_commands", None) or {}).get(frequency, ()))
    return names
