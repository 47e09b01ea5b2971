"""Coworking: plans (day pass, carnet, monthly subscriptions), members' subscriptions, check-ins.

A check-in is one row per member and day (a second check-in the same day re-opens it, never consumes a
second day). It points to the subscription it used; a day pass sold on the spot leaves a
``CoworkingCharge``; a check-in that nothing covered is flagged ``over_use`` for the hosts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    class Kind(models.TextChoices):
        DAY_PASS = "day_pass", _("Day pass")
        CARNET = "carnet", _("Carnet of days")
        RESIDENT = "resident", _("Resident (fixed desk)")
        NOMAD = "nomad", _("Nomad (days per month)")
        UNLIMITED = "unlimited", _("Unlimited")

    MONTHLY = (Kind.RESIDENT, Kind.NOMAD, Kind.UNLIMITED)

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="coworking_plans")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    days = models.PositiveSmallIntegerField(
        _("days"), default=0, help_text=_("Carnet: days in the carnet. Nomad: days per month.")
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=1, validators=[MinValueValidator(1)]
    )
    meeting_hours_per_month = models.PositiveSmallIntegerField(_("meeting-room hours per month"), default=0)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        ordering = ["price", "name"]
        verbose_name = _("coworking plan")
        verbose_name_plural = _("coworking plans")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="coworking_plan_price_positive"),
            models.CheckConstraint(
                condition=~Q(kind__in=["carnet", "nomad"]) | Q(days__gte=1), name="coworking_plan_days_needed"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_monthly(self) -> bool:
        return self.kind in self.MONTHLY


class Subscription(models.Model):
    """A plan bought by a member: valid from ``starts_on`` to ``ends_on`` (inclusive)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coworking_plans")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    renews = models.BooleanField(_("renews every month"), default=False)
    desk = models.ForeignKey(
        "spaces.Resource", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("desk")
    )
    cancelled_at = models.DateTimeField(_("ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("why it was ended"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ends_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="subscription_dates")
        ]
        indexes = [models.Index(fields=["place", "person", "ends_on"], name="subscription_person_end")]

    def __str__(self) -> str:
        return f"{self.plan} – {self.person}"

    @property
    def is_ended_early(self) -> bool:
        return self.cancelled_at is not None


class CheckIn(models.Model):
    class Method(models.TextChoices):
        DESK = "desk", _("At the host's desk")
        SELF = "self", _("Self check-in")
        QR = "qr", _("QR code at the door")
        KIOSK = "kiosk", _("Entrance kiosk")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coworking_checkins")
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("arrived"))
    checked_out_at = models.DateTimeField(_("left"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="checkins"
    )
    day_pass = models.BooleanField(_("day pass sold"), default=False)
    over_use = models.BooleanField(_("not covered by a plan"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-checked_in_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["place", "person", "day"], name="checkin_one_per_day")]
        indexes = [
            models.Index(fields=["place", "day"], name="checkin_place_day"),
            models.Index(fields=["subscription", "day"], name="checkin_subscription_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"

    @property
    def is_present(self) -> bool:
        return self.checked_out_at is None


class CoworkingCharge(models.Model):
    """What coworking sells (plans, day passes), for billing to invoice (same contract as spaces' ledger)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    checkin = models.OneToOneField(CheckIn, on_delete=models.PROTECT, null=True, blank=True, related_name="charge")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    description = models.CharField(_("description"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    billed_at = models.DateTimeField(null=True, blank=True)
    billing_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["place", "billed_at"], name="coworking_charge_unbilled")]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class Presence(models.Model):
    """A member's choice to appear in "who is here now" (off unless they opt in)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visible = models.BooleanField(_("show me in “who is here now”"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "person"], name="presence_one_per_member")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.visible}"


class DeskBooking(models.Model):
    """A booking of a resident's fixed desk made for their subscription (one per open range of the period).

    The booking engine holds the desk (internal use, never charged: the plan is); this row says which
    subscription a booking belongs to, so that renewal extends and ending releases exactly those.
    """

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="desk_bookings")
    booking = models.OneToOneField("spaces.Booking", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["place", "subscription"], name="desk_booking_subscription")]

    def __str__(self) -> str:
        return f"{self.subscription_id} → {self.booking_id}"
