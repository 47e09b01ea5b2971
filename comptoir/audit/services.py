"""Recording audit entries. Called from inside other services' transactions."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models.fields.files import FieldFile

from comptoir.audit.models import AuditEntry
from comptoir.core import sql

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from comptoir.people.models import User
    from comptoir.places.models import Place


def _plain(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # by its name: an empty one has no url (reading it raises)
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """A JSON-safe summary of some fields of a record, for before/after."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    place: Place | None,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    # Every service writes one: inserted without compiling a query (core.sql.insert).
    entry = AuditEntry(
        place=place,
        actor=actor if getattr(actor, "is_authenticated", False) else None,  # type: ignore[misc]  # a User then
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:200],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    return sql.insert(entry)
