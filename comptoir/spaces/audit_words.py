"""What the audit log says of the spaces app's entries (``audit_vocabulary`` / ``audit_describe`` hooks)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.core.audit_vocabulary import AuditField, AuditVocabulary, describe_objects, model_fields, span
from comptoir.spaces.models import Booking, BookingSeries, CalendarToken, Closure, OpenState, Resource
from comptoir.spaces.services.bookings import BOOKING_FIELDS
from comptoir.spaces.services.resources import RESOURCE_FIELDS


def vocabulary() -> AuditVocabulary:
    booking_fields = {
        **model_fields(Booking, *BOOKING_FIELDS),
        "seat": AuditField(gettext_lazy("seat"), "number"),
        "resource": AuditField(gettext_lazy("space"), "object", target="spaces.Resource"),
    }
    return AuditVocabulary(
        actions={
            "booking.created": gettext_lazy("Booking made"),
            "booking.confirmed": gettext_lazy("Booking approved"),
            "booking.no_show": gettext_lazy("Booking marked as no-show"),
            "booking.moved": gettext_lazy("Booking moved"),
            "booking.cancelled": gettext_lazy("Booking cancelled"),
            "booking_series.created": gettext_lazy("Recurring bookings made"),
            "resource.created": gettext_lazy("Space created"),
            "resource.updated": gettext_lazy("Space changed"),
            "resource.seats_repacked": gettext_lazy("Seats of a pool rearranged"),
            "resource.calendar_token_reset": gettext_lazy("Space's calendar address changed"),
            "closure.created": gettext_lazy("Closure added"),
            "closure.deleted": gettext_lazy("Closure removed"),
            "place.open_state": gettext_lazy("Place opened or closed"),
            "calendar_token.reset": gettext_lazy("Personal calendar address changed"),
        },
        objects={
            "spaces.Booking": Booking._meta.verbose_name,
            "spaces.Resource": gettext_lazy("space"),
            "spaces.Closure": Closure._meta.verbose_name,
            "spaces.BookingSeries": gettext_lazy("recurring bookings"),
            "spaces.OpenState": gettext_lazy("opening state"),
            "spaces.CalendarToken": gettext_lazy("calendar address"),
        },
        fields={
            "spaces.Booking": booking_fields,
            "spaces.Resource": {
                **model_fields(
                    Resource, *RESOURCE_FIELDS, money=[n for n in RESOURCE_FIELDS if n.startswith("price_")]
                ),
                "photo": AuditField(Resource._meta.get_field("photo").verbose_name),
            },
            "spaces.Closure": model_fields(Closure, "resource", "start", "end", "reason"),
            "spaces.OpenState": model_fields(OpenState, "is_open"),
            "booking_series.created": {
                "bookings": AuditField(gettext_lazy("bookings"), "objects", target="spaces.Booking"),
                "skipped": AuditField(gettext_lazy("skipped (already taken)"), "datetime"),
            },
        },
    )


def _bookings(place, ids):
    found = Booking.objects.filter(place=place, pk__in=ids).select_related("resource")
    return {
        b.pk: _("Booking %(resource)s, %(when)s")
        % {"resource": b.resource.name, "when": span(b.start, b.end, place=place)}
        for b in found
    }


def _resources(place, ids):
    return {r.pk: r.name for r in Resource.objects.filter(place=place, pk__in=ids).only("pk", "name")}


def _closures(place, ids):
    found = Closure.objects.filter(place=place, pk__in=ids).select_related("resource")
    return {
        c.pk: _("Closure of %(what)s, %(when)s (%(reason)s)")
        % {
            "what": c.resource.name if c.resource else _("the whole place"),
            "when": span(c.start, c.end, place=place),
            "reason": c.reason,
        }
        for c in found
    }


def _series(place, ids):
    found = BookingSeries.objects.filter(place=place, pk__in=ids).select_related("resource")
    return {
        s.pk: _("Recurring bookings of %(resource)s until %(until)s")
        % {"resource": s.resource.name, "until": formats.date_format(s.until, "DATE_FORMAT")}
        for s in found
    }


def _open_states(place, ids):
    found = OpenState.objects.filter(place=place, pk__in=ids)
    return {
        s.pk: (_("Open since %(when)s") if s.is_open else _("Closed since %(when)s"))
        % {"when": span(s.changed_at, None, place=place)}
        for s in found
    }


def _calendar_tokens(place, ids):
    found = CalendarToken.objects.filter(place=place, pk__in=ids).select_related("person")
    return {t.pk: _("Calendar address of %(person)s") % {"person": t.person} for t in found}


def describe(*, place, objects) -> dict:
    return describe_objects(
        objects,
        place=place,
        describers={
            "spaces.Booking": _bookings,
            "spaces.Resource": _resources,
            "spaces.Closure": _closures,
            "spaces.BookingSeries": _series,
            "spaces.OpenState": _open_states,
            "spaces.CalendarToken": _calendar_tokens,
        },
    )
