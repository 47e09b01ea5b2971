"""The words of the audit log: what each app tells the log about the entries it records.

The audit log is read by hosts and place admins, not developers: an entry shows a translated action
("Réservation annulée"), an object named for people ("Réservation Salle Ardoise, lundi 7 décembre
10:00–11:00"), field labels and values in the place's time and the language's formats. The audit app sits
below every app that records entries and imports none of them; each app answers two hooks instead
(:mod:`comptoir.core.registry`), from its ``hooks.py``:

- ``audit_vocabulary()`` returns an :class:`AuditVocabulary`: a label for every action code the app
  records, the name of each kind of object it records, and how to show the keys of its entries'
  ``before`` / ``after`` (:class:`AuditField`, built from the models' ``verbose_name`` and choices by
  :func:`model_fields`);
- ``audit_describe(*, place, objects)`` names objects in bulk: ``objects`` maps an object type
  (``"spaces.Booking"``) to the ids the page shows; the app answers ``{(object_type, id): text}`` for the
  types it owns, reading each type with one query (:func:`describe_objects`), whatever the number of entries.

:func:`span` and :func:`day` write times the way describers share ("lundi 7 décembre 10:00–11:00").
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats, timezone

FIELD_KINDS = ("text", "bool", "date", "datetime", "time", "money", "choice", "object", "objects", "number")


@dataclass(frozen=True)
class AuditField:
    """How the log shows one key of an entry's ``before`` / ``after``.

    ``label`` is what people read (a lazy translation); ``kind`` says how to write the value (one of
    :data:`FIELD_KINDS`: ``money`` in the language's number format with "€", ``datetime`` in the place's
    time zone, ``choice`` by the label ``choices`` gives its stored value, ``object`` / ``objects`` by the
    description of the ``target`` object type the id(s) name)."""

    label: Any
    kind: str = "text"
    choices: Mapping[str, Any] = field(default_factory=dict)
    target: str = ""

    def __post_init__(self):
        assert self.kind in FIELD_KINDS, self.kind
        assert self.target or self.kind not in ("object", "objects"), "an object field names its target type"


@dataclass(frozen=True)
class AuditVocabulary:
    """What one app tells the log: ``actions`` labels every action code it records; ``objects`` names each
    object type it records (``{"spaces.Booking": _("booking")}``); ``fields`` shows the keys of
    ``before`` / ``after``, by action code or by object type (an action's own keys first)."""

    actions: Mapping[str, Any] = field(default_factory=dict)
    objects: Mapping[str, Any] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, AuditField]] = field(default_factory=dict)


def merge(vocabularies: Iterable[AuditVocabulary]) -> AuditVocabulary:
    """One vocabulary from every app's (a later app's word for the same key wins; none should repeat one)."""
    actions: dict[str, Any] = {}
    objects: dict[str, Any] = {}
    fields: dict[str, dict[str, AuditField]] = {}
    for vocabulary in vocabularies:
        actions.update(vocabulary.actions)
        objects.update(vocabulary.objects)
        for key, labels in vocabulary.fields.items():
            fields.setdefault(key, {}).update(labels)
    return AuditVocabulary(actions=actions, objects=objects, fields=fields)


def field_of(model_field: Any, *, money: bool = False) -> AuditField:
    """The :class:`AuditField` of one model field: its ``verbose_name``, its kind from its class."""
    label = getattr(model_field, "verbose_name", None) or model_field.name
    if money:
        return AuditField(label, "money")
    if getattr(model_field, "choices", None):
        return AuditField(label, "choice", choices={str(k): v for k, v in model_field.flatchoices})
    if isinstance(model_field, models.ForeignKey | models.OneToOneField):
        return AuditField(label, "object", target=model_field.related_model._meta.label)
    if isinstance(model_field, models.BooleanField):
        return AuditField(label, "bool")
    if isinstance(model_field, models.DateTimeField):
        return AuditField(label, "datetime")
    if isinstance(model_field, models.DateField):
        return AuditField(label, "date")
    if isinstance(model_field, models.TimeField):
        return AuditField(label, "time")
    if isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        return AuditField(label, "number")
    return AuditField(label)


def model_fields(model: type[models.Model], *names: str, money: Iterable[str] = ()) -> dict[str, AuditField]:
    """The fields of ``model`` named (every concrete field if none), keyed by name, with their
    ``verbose_name`` as label; ``money`` names the amounts among them."""
    amounts = set(money)
    chosen = [model._meta.get_field(name) for name in names] if names else model._meta.concrete_fields
    return {f.name: field_of(f, money=f.name in amounts) for f in chosen}


Describer = Callable[[Any, list[str]], Mapping[str, str]]


def describe_objects(
    objects: Mapping[str, Iterable[str]], *, place: Any, describers: Mapping[str, Describer]
) -> dict[tuple[str, str], str]:
    """Ask each describer (``(place, ids) -> {id: text}``, one per object type an app owns) for the ids
    of its type in ``objects``; ``{(object_type, id): text}``. Ids that are not whole numbers are left
    out (every object the apps record has an integer key)."""
    found: dict[tuple[str, str], str] = {}
    for object_type, describe in describers.items():
        ids = sorted({str(i) for i in objects.get(object_type, ()) if str(i).isdigit()})
        if ids:
            for object_id, text in describe(place, ids).items():
                found[(object_type, str(object_id))] = str(text)
    return found


def _zone(place: Any) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(place.timezone)
    except (AttributeError, zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def local(value: dt.datetime, place: Any) -> dt.datetime:
    """``value`` in the place's time zone."""
    return timezone.localtime(value, _zone(place)) if timezone.is_aware(value) else value


def day(value: dt.date, *, today: dt.date | None = None) -> str:
    """ "lundi 7 décembre" (with the year when it is not this year's), in the active language."""
    this_year = (today or timezone.localdate()).year
    return formats.date_format(value, "l j F" if value.year == this_year else "l j F Y")


def span(start: dt.datetime, end: dt.datetime | None, *, place: Any) -> str:
    """ "lundi 7 décembre 10:00–11:00" in the place's time zone ("… 10:00 – mardi 8 décembre 09:00"
    when it ends another day)."""
    start = local(start, place)
    text = f"{day(start.date())} {formats.time_format(start, 'H:i')}"
    if end is None:
        return text
    end = local(end, place)
    if end.date() == start.date():
        return f"{text}–{formats.time_format(end, 'H:i')}"
    return f"{text} – {day(end.date())} {formats.time_format(end, 'H:i')}"

