"""Roles and permissions, per place (in the spirit of pretix's team permissions).

A membership holds roles; each role grants a set of permission codes. Views and API endpoints
check a permission code through one mechanism: :func:`comptoir.core.access.place_access`.
Service apps add their own codes and grants through their AppConfig (see registry).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.registry import comptoir_app_configs

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    HOST = "host", _("Host / concierge")
    MEDIATOR = "mediator", _("Digital mediator")
    FAB_MANAGER = "fab_manager", _("Fab manager")
    COWORKER = "coworker", _("Coworker")
    VOLUNTEER = "volunteer", _("Volunteer")
    BOARD = "board", _("Board member")
    ADMIN = "admin", _("Place admin")


# Permission codes of the foundation. Codes are "<area>.<verb>".
STAFF_AREA = "place.staff_area"
PLACE_CHANGE = "place.change"
MEMBERS_VIEW = "people.view_members"
MEMBERS_APPROVE = "people.approve_members"
MEMBERS_MANAGE_ROLES = "people.manage_roles"
DIRECTORY_VIEW = "people.view_directory"
AUDIT_VIEW = "audit.view"

CORE_PERMISSIONS = {
    STAFF_AREA: _("Open the staff area of the place"),
    PLACE_CHANGE: _("Change the place's presentation and settings"),
    MEMBERS_VIEW: _("See the list of members"),
    MEMBERS_APPROVE: _("Approve or refuse sign-ups"),
    MEMBERS_MANAGE_ROLES: _("Give and remove roles"),
    DIRECTORY_VIEW: _("See the members directory"),
    AUDIT_VIEW: _("Read the audit log"),
}

CORE_ROLE_PERMISSIONS = {
    Role.HOST: {STAFF_AREA, MEMBERS_VIEW, MEMBERS_APPROVE, DIRECTORY_VIEW},
    Role.MEDIATOR: {STAFF_AREA, DIRECTORY_VIEW},
    Role.FAB_MANAGER: {STAFF_AREA, DIRECTORY_VIEW},
    Role.COWORKER: {DIRECTORY_VIEW},
    Role.VOLUNTEER: {DIRECTORY_VIEW},
    Role.BOARD: {STAFF_AREA, MEMBERS_VIEW, DIRECTORY_VIEW, AUDIT_VIEW},
    Role.ADMIN: set(),  # place admins hold every permission, present and future
}

# Every active member, whatever their roles, holds these.
MEMBER_PERMISSIONS = {DIRECTORY_VIEW}


@cache
def all_permissions() -> Mapping[str, StrOrPromise]:
    permissions = dict(CORE_PERMISSIONS)
    for config in comptoir_app_configs():
        permissions.update(getattr(config, "permissions", {}) or {})
    return permissions


@cache
def role_grants() -> dict[str, frozenset[str]]:
    grants: dict[str, set[str]] = {role.value: set(codes) for role, codes in CORE_ROLE_PERMISSIONS.items()}
    for config in comptoir_app_configs():
        for role, codes in (getattr(config, "role_permissions", {}) or {}).items():
            grants.setdefault(str(role), set()).update(codes)
    grants[Role.ADMIN.value] = set(all_permissions())
    return {role: frozenset(codes) for role, codes in grants.items()}


def permissions_for_roles(roles: set[str] | list[str], *, active_member: bool) -> frozenset[str]:
    granted: set[str] = set(MEMBER_PERMISSIONS) if active_member else set()
    grants = role_grants()
    for role in roles:
        granted |= grants.get(role, frozenset())
    return frozenset(granted)
