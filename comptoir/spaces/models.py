"""Bookable resources and their bookings: the engine shared by rooms, desks, pools, machines and things.

A ``Resource`` carries its rules (durations, granularity, horizon, buffer, cancellation deadline, who may
book, approval) and prices. A ``Booking`` holds a slot ``[start, end)`` plus the resource's buffer,
stored as ``blocked_until = end + buffer`` so that two bookings conflict exactly when their ranges
``[start, blocked_until)`` overlap. A pool of N seats gives each booking a ``seat`` in 1..N; PostgreSQL
forbids two occupying bookings on the same (resource, seat) with overlapping ranges (see ``db.py``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comptoir.places.validators import validate_opening_hours
from comptoir.spaces.db import OCCUPYING_STATES
from comptoir.spaces.kinds import HOURS_RULES, SpacesKind, kind_choices


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Resource(models.Model):
    Kind = SpacesKind  # spaces' own kinds; other apps add theirs (``resource_kinds`` hook, see kinds.py)

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address in the site"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices, default=Kind.ROOM)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), default=1, validators=[MinValueValidator(1)])
    seats = models.PositiveSmallIntegerField(
        _("simultaneous bookings"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 for a room or a desk; the number of seats for a pool."),
    )
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="spaces/resources/", blank=True)
    photo_alt = models.CharField(
        _("description of the photo"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it (read aloud by screen readers)."),
    )
    amenities = models.JSONField(_("amenities"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("OpenStreetMap syntax. Leave empty to use the place's opening hours."),
    )
    hours_rule = models.CharField(
        _("opening hours apply to"),
        max_length=10,
        choices=HOURS_RULES,
        blank=True,
        help_text=_("Empty: the kind's rule (the whole booking, except for things lent over several days)."),
    )
    # Rules
    min_minutes = models.PositiveIntegerField(_("minimum duration (minutes)"), default=30)
    max_minutes = models.PositiveIntegerField(_("maximum duration (minutes)"), default=480)
    granularity_minutes = models.PositiveIntegerField(
        _("slot granularity (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    horizon_days = models.PositiveIntegerField(_("bookable how many days ahead"), default=90)
    buffer_minutes = models.PositiveIntegerField(_("buffer between bookings (minutes)"), default=0)
    cancel_hours = models.PositiveIntegerField(_("members cancel up to (hours before)"), default=24)
    allowed_roles = models.JSONField(
        _("roles allowed to book"), default=list, blank=True, help_text=_("Empty: every active member.")
    )
    requires_approval = models.BooleanField(_("a host approves each booking"), default=False)
    # Prices (excluding nothing: the amounts members pay). Empty half-day/day prices: hourly only.
    price_hour_member = models.DecimalField(_("member price per hour"), max_digits=8, decimal_places=2, default=0)
    price_hour_public = models.DecimalField(_("public price per hour"), max_digits=8, decimal_places=2, default=0)
    price_half_day_member = models.DecimalField(
        _("member price per half-day"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_half_day_public = models.DecimalField(
        _("public price per half-day"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_day_member = models.DecimalField(
        _("member price per day"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_day_public = models.DecimalField(
        _("public price per day"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    uses_allowance = models.BooleanField(_("members' plans' meeting-room hours apply"), default=False)
    is_active = models.BooleanField(_("bookable"), default=True)
    ical_token = models.CharField(max_length=64, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="resource_slug_per_place"),
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(capacity__gte=1), name="resource_positive_sizes"),
            models.CheckConstraint(condition=Q(min_minutes__lte=F("max_minutes")), name="resource_min_le_max"),
            models.CheckConstraint(condition=Q(granularity_minutes__gte=5), name="resource_granularity_min"),
            models.CheckConstraint(condition=Q(price_hour_member__gte=0) & Q(price_hour_public__gte=0),
                                   name="resource_prices_positive"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def is_pool(self) -> bool:
        return self.seats > 1

    @property
    def buffer(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.buffer_minutes)

    def hours_expression(self) -> str:
        return self.opening_hours or self.place.opening_hours

    def prices(self, *, member: bool) -> tuple[Decimal, Decimal | None, Decimal | None]:
        if member:
            return self.price_hour_member, self.price_half_day_member, self.price_day_member
        return self.price_hour_public, self.price_half_day_public, self.price_day_public


class Closure(models.Model):
    """A holiday or a maintenance window: the whole place (no resource) or one resource."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="closures")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="closures",
        verbose_name=_("resource"), help_text=_("Empty: the whole place is closed."),
    )  # fmt: skip
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["start"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="closure_end_after_start")]
        indexes = [models.Index(fields=["place", "end"], name="closure_place_end")]

    def __str__(self) -> str:
        return self.reason


class BookingSeries(models.Model):
    """Weekly recurrence: every ``every_weeks`` weeks until ``until`` (inclusive)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="series")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    every_weeks = models.PositiveSmallIntegerField(_("every N weeks"), default=1, validators=[MinValueValidator(1)])
    until = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(every_weeks__gte=1), name="series_every_positive")]

    def __str__(self) -> str:
        return f"{self.resource_id} / {self.every_weeks}w"


class Booking(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    OCCUPYING_STATES = OCCUPYING_STATES

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="bookings")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="space_bookings", verbose_name=_("for")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_until = models.DateTimeField(help_text="end + the resource's buffer; the range that excludes others")
    seat = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.CONFIRMED)
    title = models.CharField(_("title"), max_length=150, blank=True)
    attendees = models.PositiveSmallIntegerField(_("people"), default=1, validators=[MinValueValidator(1)])
    series = models.ForeignKey(BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    internal_use = models.BooleanField(
        _("for the place's own activities"),
        default=False,
        help_text=_("A workshop, an appointment...: the place uses its own room, nobody is charged."),
    )

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(condition=Q(blocked_until__gte=F("end")), name="booking_blocked_after_end"),
            models.CheckConstraint(condition=Q(seat__gte=1), name="booking_seat_positive"),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | Q(cancelled_at__isnull=False), name="booking_cancelled_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["resource", "start"], name="booking_resource_start"),
            models.Index(fields=["place", "start"], name="booking_place_start"),
            models.Index(fields=["place", "person", "start"], name="booking_place_person_start"),
            # "Overlaps [a, b)" reads start < b AND blocked_until > a: with years of history behind,
            # the blocked_until side is the selective one.
            models.Index(fields=["place", "blocked_until"], name="booking_place_blocked"),
            models.Index(fields=["resource", "blocked_until"], name="booking_resource_blocked"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_occupying(self) -> bool:
        return self.state in OCCUPYING_STATES

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class BookingCharge(models.Model):
    """The ledger between bookings and billing: lines only ever added, never changed.

    The sum of a booking's lines is what it costs now; each confirm/move/cancel adds the difference
    (see :mod:`comptoir.spaces.charges`). Billing invoices lines whose ``billed_at`` is empty and stamps
    them; a move after invoicing adds a correcting line, so nothing is ever billed twice.
    """

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="charges")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    allowance_minutes = models.IntegerField(_("minutes taken from the plan"), default=0)
    description = models.CharField(_("description"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    billed_at = models.DateTimeField(null=True, blank=True)
    billing_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["place", "billed_at"], name="booking_charge_unbilled"),
            models.Index(fields=["place", "person", "created_at"], name="booking_charge_person"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.amount}"


class OpenState(models.Model):
    """The host's open/close toggle (who, when); the latest row wins over the opening hours."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    is_open = models.BooleanField(_("open"))
    message = models.CharField(_("message"), max_length=200, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["place", "-changed_at"], name="open_state_latest")]

    def __str__(self) -> str:
        return "open" if self.is_open else "closed"


class CalendarToken(models.Model):
    """A member's secret for their iCalendar feed; resetting it changes the address."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "person"], name="calendar_token_one_per_member")]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.place_id}"
