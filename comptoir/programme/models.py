"""The programme engine: activities, their sessions, registrations (with a waiting list) and attendance.

Every row carries its place. The rules that must never break are database constraints (a session ends
after it starts, has at least one seat and says where it happens; a registration takes at least one seat
and can be reached; an attendance is a registration's or a walk-in's). The rules that need several rows
(capacity, waiting list order) are the services' (``services.py``), under the session's row lock.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 150
MAX_AGE = 120


def _list() -> list:
    return []


def new_secret() -> str:
    """A token nobody can guess (256 bits, URL-safe): the self-service link and the door's QR code."""
    return secrets.token_urlsafe(32)


class Activity(models.Model):
    """What is offered: a coding goûter, a festival, a meetup, a workshop, a training."""

    class Level(models.TextChoices):
        ALL = "all", _("Everyone")
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description in plain words"), blank=True)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.ALL)
    themes = models.JSONField(_("themes"), default=_list, blank=True)
    image = models.ImageField(_("image"), upload_to="programme/", blank=True)
    image_alt = models.CharField(_("text describing the image"), max_length=250, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    organiser = models.CharField(_("organiser"), max_length=150, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    # How long before a session starts its door opens: check-in by QR code, walk-ins and the attendance
    # sheet (0: at the start, as the EPN's workshops do).
    doors_open_minutes = models.PositiveSmallIntegerField(_("doors open (minutes before)"), default=30)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["place", "status"], name="prog_activity_place_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="prog_activity_has_title"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_min__lte=models.F("age_max")),
                name="prog_activity_age_range",
            ),
            models.CheckConstraint(
                condition=(Q(age_min__isnull=True) | Q(age_min__lte=MAX_AGE))
                & (Q(age_max__isnull=True) | Q(age_max__lte=MAX_AGE)),
                name="prog_activity_age_plausible",
            ),
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="prog_activity_image_has_alt"),
            models.CheckConstraint(condition=Q(doors_open_minutes__lte=24 * 60), name="prog_activity_doors_day"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Session(models.Model):
    """One date of an activity, in a room of the place (booked through the booking engine), at an outside
    address, or online. Sessions scheduled together (a weekly series) share ``series``."""

    class Location(models.TextChoices):
        ROOM = "room", _("A room of the place")
        ADDRESS = "address", _("Another address")
        ONLINE = "online", _("Online")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("seats"))
    location_kind = models.CharField(_("where"), max_length=10, choices=Location.choices)
    room_booking = models.ForeignKey(
        "spaces.Booking", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("room booking"),
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("why it is cancelled"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["place", "starts_at"], name="prog_session_place_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="prog_session_ends_after"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="prog_session_capacity_positive"),
            models.CheckConstraint(
                condition=(Q(location_kind="room") & Q(room_booking__isnull=False))
                | (Q(location_kind="address") & ~Q(address="") & Q(room_booking__isnull=True))
                | (Q(location_kind="online") & ~Q(online_url="") & Q(room_booking__isnull=True)),
                name="prog_session_location_given",
            ),
            models.CheckConstraint(
                condition=Q(is_cancelled=False, cancelled_at__isnull=True)
                | Q(is_cancelled=True, cancelled_at__isnull=False),
                name="prog_session_cancelled_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def doors_open_at(self) -> dt.datetime:
        """From when people are checked in at the door, walk-ins counted and attendance taken."""
        return self.starts_at - dt.timedelta(minutes=self.activity.doors_open_minutes)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def seats_left(self) -> int | None:
        """Free seats, from the ``seats_taken`` annotation of the selectors (None without it)."""
        taken = getattr(self, "seats_taken", None)
        return None if taken is None else max(0, self.capacity - taken)

    @property
    def location_label(self) -> str:
        """The booked room's name (select ``room_booking__resource``), the address or the word "online"."""
        if self.location_kind == self.Location.ROOM and self.room_booking_id:
            return self.room_booking.resource.name
        if self.location_kind == self.Location.ADDRESS:
            return self.address
        return str(_("Online"))


class Registration(models.Model):
    """Seats (one person, or a family) in a session, or a place on its waiting list. No account needed:
    a first name and an e-mail address or a phone number are enough."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("account"),
    )  # fmt: skip
    first_name = models.CharField(_("first name"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    child_first_name = models.CharField(_("child's first name"), max_length=80, blank=True)
    child_age = models.PositiveSmallIntegerField(_("child's age"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    # The link of the confirmation e-mail (see, cancel), and the QR code shown at the door: two secrets, so
    # that a QR code seen over a shoulder cannot cancel anything.
    token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    qr_token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["session", "state", "created_at"], name="prog_reg_session_state")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="prog_reg_seats_positive"),
            models.CheckConstraint(condition=~Q(first_name=""), name="prog_reg_has_first_name"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email="") | ~Q(phone=""), name="prog_reg_reachable"
            ),
            models.CheckConstraint(
                condition=Q(child_age__isnull=True) | (Q(child_age__lte=17) & ~Q(child_first_name="")),
                name="prog_reg_child_age",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["confirmed", "waiting", "cancelled"]), name="prog_reg_state_known"
            ),
        ]

    def __str__(self) -> str:
        return self.first_name


class Attendance(models.Model):
    """Who came to a session: a registration (checked in at the door or on the sheet) or a walk-in."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance"
    )
    walk_in_name = models.CharField(_("first name"), max_length=80, blank=True)
    headcount = models.PositiveSmallIntegerField(_("people"), default=1)
    present = models.BooleanField(_("present"), default=True)
    checked_in_at = models.DateTimeField(_("checked in at the door"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="prog_attendance_headcount_positive"),
            # A walk-in (no registration) was there by definition.
            models.CheckConstraint(
                condition=Q(registration__isnull=False) | Q(present=True), name="prog_walk_in_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.headcount}"

    @property
    def is_walk_in(self) -> bool:
        return self.registration_id is None
