"""Hand-written SQL for the few reads (and inserts) that every request makes, on ordinary model instances.

Django compiles a queryset again on every call: for a query with a join or a subquery 0.6–2.7 ms of CPU
on a small machine even with a kept connection, several times what the database spends answering it
(``bench/sql_vs_orm.py``, figures in ``bench/README.md``). The reads where that still pays (the token,
the member's place and roles, the booked resource, the bookings around a slot, a search's closures, a
member's upcoming bookings) are written as plain SQL in their selectors and loaded here through
Django's own per-field converters and ``Model.from_db``: the instances are the same as the ORM's on
SQLite and PostgreSQL (``core/tests/test_sql.py`` and the selectors' tests compare them, so a renamed
column fails a test). :func:`columns` gives a model's select list (an added field cannot be forgotten).
:func:`insert` does the same for the two rows every booking writes (the booking and its audit entry).
Everything else stays in the ORM. The SQL is portable (``%s`` parameters; ``"end"`` is quoted).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TypeVar

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.signals import post_save, pre_save

_M = TypeVar("_M", bound=Model)


def quote(name: str | None) -> str:
    assert name is not None  # a concrete field always has a column
    return '"' + name.replace('"', '""') + '"'


def table(model: type[Model]) -> str:
    return quote(model._meta.db_table)


@functools.cache
def columns(model: type[Model], alias: str) -> str:
    """Every concrete column of ``model``, in field order (what :func:`fetch` expects), prefixed by ``alias``."""
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def datetime_param(value: dt.datetime, connection: BaseDatabaseWrapper = default_connection) -> object:
    """A datetime as the backend stores it (SQLite: UTC text; PostgreSQL: the aware value)."""
    return connection.ops.adapt_datetimefield_value(value)


@functools.cache
def _attnames(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _converters(model: type[Model], connection: BaseDatabaseWrapper) -> list[tuple[int, list]]:
    # What Django's compiler applies to each selected column (backend's, then field's), for this backend.
    cache = connection.__dict__.setdefault("_comptoir_sql_converters", {})
    found = cache.get(model)
    if found is None:
        found = []
        for index, field in enumerate(model._meta.concrete_fields):
            col = field.get_col(model._meta.db_table)
            chain = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if chain:
                found.append((index, [(converter, col) for converter in chain]))
        cache[model] = found
    return found


def fetch(sql: str, params: Sequence, models: Sequence[type[Model]], extra: int = 0) -> list[tuple]:
    """Run ``sql``; split each row into one instance per model of ``models`` (the row holds their
    :func:`columns` one after the other) followed by ``extra`` plain values. A model whose primary key is
    NULL in a row (an outer join that found nothing) gives None."""
    connection = default_connection
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    plans = [(model, len(model._meta.concrete_fields), _converters(model, connection)) for model in models]
    pk_indexes = [model._meta.concrete_fields.index(model._meta.pk) for model in models]
    loaded = []
    for row in rows:
        position = 0
        out: list = []
        for (model, width, converters), pk_index in zip(plans, pk_indexes, strict=True):
            values = list(row[position : position + width])
            position += width
            if values[pk_index] is None:
                out.append(None)
                continue
            for index, chain in converters:
                value = values[index]
                for converter, col in chain:
                    value = converter(value, col, connection)
                values[index] = value
            out.append(model.from_db(connection.alias, _attnames(model), values))
        out.extend(row[position : position + extra])
        loaded.append(tuple(out))
    return loaded


def skips_nothing(model: type[Model]) -> bool:
    """True when INSERTing a new ``model`` row by hand skips nothing that ``save()`` does: no ``save()``
    override, no ``pre_save``/``post_save`` receiver, no parent model, no database-computed column but
    the auto primary key."""
    meta = model._meta
    return (
        model.save is Model.save
        and model.save_base is Model.save_base
        and not pre_save.has_listeners(model)
        and not post_save.has_listeners(model)
        and not meta.parents
        and meta.db_returning_fields == [meta.pk]
    )


def insert(instance: _M) -> _M:
    """INSERT ``instance`` (a new row) and set its primary key: what ``save()`` does for a new instance
    (``auto_now_add`` and defaults included, each value prepared by its field), without compiling a
    query. It must skip nothing that ``save()`` would do: a model that overrides ``save()``, has a
    ``pre_save``/``post_save`` receiver (Comptoir has none: ``core/tests/test_sql.py`` checks the models
    written here), a parent model or other database-computed columns than its auto primary key goes
    through ``save()``."""
    model = type(instance)
    meta = model._meta
    connection = default_connection
    pk_set = getattr(instance, meta.pk.attname) is not None
    if not skips_nothing(model):
        instance.save(force_insert=True)
        return instance
    # As save() does: refuse an unsaved related object, take the key of a related object saved since.
    instance._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]
    fields = [f for f in meta.local_concrete_fields if pk_set or f is not meta.auto_field]
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection=connection) for f in fields]
    statement = (
        f"INSERT INTO {table(model)} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
    )
    returning = not pk_set and connection.features.can_return_columns_from_insert
    if returning:
        statement += f" RETURNING {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        if not pk_set:
            pk = cursor.fetchone()[0] if returning else cursor.lastrowid
            setattr(instance, meta.pk.attname, pk)
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance
