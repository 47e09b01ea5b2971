"""The audit log as hosts and place admins read it.

Each entry gets its action's label, its object named for people and its changes with field labels and
values in the place's time and the language's formats, from the words the apps declare
(``audit_vocabulary`` and ``audit_describe`` hooks, :mod:`comptoir.core.audit_vocabulary`). The objects
of a page are named in bulk: every app's ``audit_describe`` is called once for the whole page, and reads
each object type with one query, whatever the number of entries.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core import registry
from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, local, merge
from comptoir.core.money import format_money

if TYPE_CHECKING:
    from comptoir.audit.models import AuditEntry

# Keys several apps record with the same meaning.
COMMON_FIELDS = {
    "count": AuditField(gettext_lazy("how many"), "number"),
    "status": AuditField(gettext_lazy("status")),
    "reason": AuditField(gettext_lazy("reason")),
}
OBJECTS_SHOWN = 5  # an "objects" value names this many, then says how many more

_vocabularies: dict[tuple, AuditVocabulary] = {}


def vocabulary() -> AuditVocabulary:
    """Every app's words, merged (once per set of installed apps and overrides: the labels stay lazy)."""
    functions = tuple(registry.hooks("audit_vocabulary"))
    found = _vocabularies.get(functions)
    if found is None:
        found = _vocabularies[functions] = merge(function() for function in functions)
    return found


def action_label(code: str) -> str:
    """The translated label of an action code (the code itself if no app declares it)."""
    label = vocabulary().actions.get(code)
    return str(label) if label is not None else code


def action_choices() -> list[tuple[str, str]]:
    """``[(code, label)]`` of every declared action, by label: the log's filter."""
    return sorted(((code, str(label)) for code, label in vocabulary().actions.items()), key=lambda c: c[1].lower())


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: the entry records no "before" (a creation)
    after: str


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    when: dt.datetime  # in the place's time zone
    action_label: str
    summary: str
    changes: list[Change]


def field_for(entry: AuditEntry, key: str, words: AuditVocabulary | None = None) -> AuditField:
    words = words or vocabulary()
    return (
        words.fields.get(entry.action, {}).get(key)
        or words.fields.get(entry.object_type, {}).get(key)
        or COMMON_FIELDS.get(key)
        or AuditField(key)
    )


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v not in (None, "")]


def describe(entries: Iterable[AuditEntry], *, place: Any) -> dict[tuple[str, str], str]:
    """``{(object_type, id): text}`` for the objects of ``entries`` and the objects their changes name:
    one call of each app's ``audit_describe`` for all of them."""
    words = vocabulary()
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_type and entry.object_id:
            wanted[entry.object_type].add(entry.object_id)
        for key, old, new in entry.changes:
            spec = field_for(entry, key, words)
            if spec.kind in ("object", "objects"):
                wanted[spec.target].update(_ids(old) + _ids(new))
    names: dict[tuple[str, str], str] = {}
    if wanted:
        for function in registry.hooks("audit_describe"):
            names.update(function(place=place, objects=wanted))
    return names


def summary(entry: AuditEntry, names: dict[tuple[str, str], str]) -> str:
    """The entry's object for people: the app's description, else the name it had when recorded."""
    found = names.get((entry.object_type, entry.object_id))
    if found:
        return found
    kind = vocabulary().objects.get(entry.object_type)
    if kind and (not entry.object_repr or entry.object_repr.startswith("#")):
        return f"{str(kind).capitalize()} {entry.object_repr}".strip()
    return entry.object_repr


def _one(value: Any, spec: AuditField, *, place: Any, names: dict[tuple[str, str], str]) -> str:
    kind = spec.kind
    try:
        if kind == "bool":
            return _("Yes") if value else _("No")
        if kind == "money":
            return format_money(value)
        if kind == "number":
            return formats.number_format(value if isinstance(value, int | float) else decimal.Decimal(str(value)))
        if kind == "datetime":
            moment = parse_datetime(str(value))
            if moment is not None:
                return formats.date_format(local(moment, place), "DATETIME_FORMAT")
            kind = "date"
        if kind == "date":
            day = parse_date(str(value)[:10])
            return formats.date_format(day, "DATE_FORMAT") if day else str(value)
        if kind == "time":
            moment_of_day = parse_time(str(value))
            return formats.time_format(moment_of_day, "H:i") if moment_of_day else str(value)
    except (ValueError, TypeError, decimal.InvalidOperation):
        return str(value)
    if kind == "choice":
        return str(spec.choices.get(str(value), value))
    if kind in ("object", "objects"):
        return names.get((spec.target, str(value))) or f"#{value}"
    return str(value)


def value_text(value: Any, spec: AuditField, *, place: Any, names: dict[tuple[str, str], str]) -> str:
    """One value of ``before`` / ``after`` written for people ("—" for nothing)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        shown = [_one(v, spec, place=place, names=names) for v in value[:OBJECTS_SHOWN]]
        more = len(value) - len(shown)
        if more > 0:
            shown.append(_("and %(count)s more") % {"count": more})
        return ", ".join(shown)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return _one(value, spec, place=place, names=names)


def changes(entry: AuditEntry, *, place: Any, names: dict[tuple[str, str], str]) -> list[Change]:
    words = vocabulary()
    found = []
    for key, old, new in entry.changes:
        if entry.before is None and new in (None, "", [], {}):
            continue  # a creation: its empty fields say nothing
        spec = field_for(entry, key, words)
        found.append(
            Change(
                label=str(spec.label),
                before=None if entry.before is None else value_text(old, spec, place=place, names=names),
                after=value_text(new, spec, place=place, names=names),
            )
        )
    return found


def readable(entries: Sequence[AuditEntry], *, place: Any) -> list[ReadableEntry]:
    """The entries as the log page shows them (objects named in bulk: see :func:`describe`)."""
    entries = list(entries)
    names = describe(entries, place=place)
    return [
        ReadableEntry(
            entry=entry,
            when=local(entry.created_at, place),
            action_label=action_label(entry.action),
            summary=summary(entry, names),
            changes=changes(entry, place=place, names=names),
        )
        for entry in entries
    ]
