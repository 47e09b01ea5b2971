"""Association membership: fee schemes and adhésions (membership fees are the association's revenue)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeeScheme(models.Model):
    """A membership fee: an amount for a category of members, for a period."""

    class Category(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        REDUCED = "reduced", _("Reduced / solidarity")
        ORGANISATION = "organisation", _("Organisation")
        FREE = "free", _("Free")

    class Period(models.TextChoices):
        CIVIL_YEAR = "civil_year", _("Civil year (1 January to 31 December)")
        ROLLING = "rolling", _("12 months from the day of joining")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey(
        "places.LegalEntity", on_delete=models.PROTECT, related_name="fee_schemes", verbose_name=_("association")
    )
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    period = models.CharField(_("period"), max_length=12, choices=Period.choices, default=Period.CIVIL_YEAR)
    free_amount = models.BooleanField(
        _("members may give more"), default=False, help_text=_("The amount is then a minimum.")
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["amount", "name"]
        verbose_name = _("fee scheme")
        verbose_name_plural = _("fee schemes")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="association_fee_amount_positive"),
            models.CheckConstraint(condition=~Q(category="free") | Q(amount=0), name="association_free_is_zero"),
        ]

    def __str__(self) -> str:
        return self.name


class Adhesion(models.Model):
    """A membership of the association for one period. Up to date when paid (or free) and covering the day."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adhesions")
    scheme = models.ForeignKey(FeeScheme, on_delete=models.PROTECT, related_name="adhesions")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    card_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="association_period_order"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_at__isnull=False), name="association_paid_at"),
        ]
        indexes = [models.Index(fields=["place", "user", "ends_on"], name="association_adhesion_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"
