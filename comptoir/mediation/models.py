"""Digital mediation: beneficiaries, accompaniments, workshops, Pass Numérique, the place's offer.

Statistics never read identities: every activity keeps a snapshot of the (coarse) attributes of
its beneficiaries at the time (gender, age bracket, social status, commune, first visit), so that
anonymising or erasing a beneficiary leaves the anonymous statistics intact.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comptoir.billing.totals import VatRate
from comptoir.core.money import format_money
from comptoir.mediation import vocabularies as v


def _list():
    return []


class Beneficiary(models.Model):
    """Someone helped by the mediators. Not necessarily a member; only what is needed is kept."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(_("first name or pseudonym"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    age_bracket = models.CharField(
        _("age bracket"), max_length=30, choices=v.AgeBracket.choices, default=v.AgeBracket.NON_COMMUNIQUE
    )
    gender = models.CharField(_("gender"), max_length=20, choices=v.Gender.choices, default=v.Gender.NON_COMMUNIQUE)
    social_status = models.CharField(
        _("situation"), max_length=20, choices=v.SocialStatus.choices, default=v.SocialStatus.NON_COMMUNIQUE
    )
    commune = models.CharField(_("town"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    first_visit = models.DateField(_("first visit"), null=True, blank=True)
    last_visit = models.DateField(_("last visit"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    wants_reminders = models.BooleanField(_("wants reminders"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_name", "pk"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        indexes = [models.Index(fields=["place", "last_visit"], name="benef_place_last_visit")]

    def __str__(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymised person #%(id)s") % {"id": self.pk})
        return self.first_name or str(_("Person #%(id)s") % {"id": self.pk})

    def bracket_in(self, year: int) -> str:
        if self.birth_year:
            return v.age_bracket_for(birth_year=self.birth_year, year=year)
        return self.age_bracket


class ParticipantSnapshot(models.Model):
    """The coarse, anonymous attributes kept with an activity for statistics."""

    gender = models.CharField(_("gender"), max_length=20, choices=v.Gender.choices, default=v.Gender.NON_COMMUNIQUE)
    age_bracket = models.CharField(
        _("age bracket"), max_length=30, choices=v.AgeBracket.choices, default=v.AgeBracket.NON_COMMUNIQUE
    )
    social_status = models.CharField(
        _("situation"), max_length=20, choices=v.SocialStatus.choices, default=v.SocialStatus.NON_COMMUNIQUE
    )
    commune = models.CharField(_("town"), max_length=100, blank=True)
    is_first_visit = models.BooleanField(_("first visit"), default=False)

    class Meta:
        abstract = True


class Accompaniment(ParticipantSnapshot):
    """One-to-one help or an administrative procedure (CRA ``individuel`` / ``demarche_administrative``)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("mediator")
    )
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.SET_NULL, null=True, blank=True, related_name="accompaniments"
    )
    type = models.CharField(_("type"), max_length=30, choices=v.ActivityType.choices)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    place_type = models.CharField(
        _("where"), max_length=20, choices=v.PlaceType.choices, default=v.PlaceType.LIEU_ACTIVITE
    )
    themes = models.JSONField(_("themes"), default=_list, blank=True)
    equipment = models.JSONField(_("equipment used"), default=_list, blank=True)
    autonomy = models.CharField(_("autonomy"), max_length=30, choices=v.Autonomy.choices, blank=True)
    referred = models.BooleanField(_("referred to another structure"), default=False)
    referral_structure = models.CharField(
        _("referred to"), max_length=40, choices=v.ReferralStructure.choices, blank=True
    )
    # Where it happened when not at the place (at the person's home, elsewhere): reported in the CRA.
    activity_commune = models.CharField(_("town where it happened"), max_length=100, blank=True)
    activity_postal_code = models.CharField(_("postal code where it happened"), max_length=5, blank=True)
    # Hook for the booking engine: the appointment this accompaniment comes from, when there is one.
    appointment_ref = models.CharField(_("appointment reference"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        indexes = [models.Index(fields=["place", "date"], name="accomp_place_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["individuel", "demarche_administrative"]), name="accomp_type_one_to_one"
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="accomp_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}"


class Workshop(models.Model):
    """A workshop of the catalogue ("Débuter avec sa tablette")."""

    class Price(models.TextChoices):
        FREE = "free", pgettext_lazy("workshop price", "Free")
        FREE_CONDITION = "free_condition", pgettext_lazy("workshop price", "Free under conditions")
        PAID = "paid", pgettext_lazy("workshop price", "Paid")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description in plain words"), blank=True)
    themes = models.JSONField(_("themes"), default=_list, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=v.Level.choices, default=v.Level.DEBUTANT)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("seats"), default=8, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    equipment_needed = models.CharField(_("equipment to bring"), max_length=200, blank=True)
    price_kind = models.CharField(_("price"), max_length=20, choices=Price.choices, default=Price.FREE)
    price = models.DecimalField(_("price (€)"), max_digits=8, decimal_places=2, null=True, blank=True)
    vat_rate = models.CharField(
        _("VAT rate"), max_length=10, choices=VatRate.choices, default=VatRate.STANDARD,
        help_text=_("The price includes this VAT; exempt anyway when the legal entity is under the VAT franchise."),
    )  # fmt: skip
    price_condition = models.CharField(_("condition"), max_length=200, blank=True)
    pass_numerique_accepted = models.BooleanField(_("Pass Numérique accepted"), default=False)
    is_published = models.BooleanField(_("shown to the public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(
                condition=~Q(price_kind="paid") | Q(price__gt=Decimal("0")), name="workshop_paid_has_price"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="workshop_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class TimedRoomUse:
    """What a session and an appointment share: a time span and a room (booked, or free text)."""

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / dt.timedelta(minutes=1))

    @property
    def room_label(self) -> str:
        """The booked room's name (select ``room_booking__resource``), else the free text."""
        if self.room_booking_id:
            return self.room_booking.resource.name
        return self.room


class WorkshopSession(TimedRoomUse, models.Model):
    """One date of a workshop; sessions created together share a ``series``."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    mediators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # A room of the place booked through the booking engine (``room_booking``), or, as a fallback when no
    # resource is chosen, free text (``room``). The booking follows the session: moved, cancelled with it.
    room = models.CharField(_("room"), max_length=100, blank=True)
    room_booking = models.ForeignKey(
        "spaces.Booking", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("room booking"),
    )  # fmt: skip
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    attendance_taken_at = models.DateTimeField(_("attendance taken on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")
        indexes = [models.Index(fields=["place", "starts_at"], name="wsession_place_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="wsession_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="wsession_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def room_booking_lost(self) -> bool:
        """The room booking was cancelled elsewhere (spaces pages) while the session still takes place."""
        return bool(
            self.room_booking_id
            and self.status == self.Status.SCHEDULED
            and self.room_booking.state == self.room_booking.State.CANCELLED
        )

    @property
    def attendance_opens_at(self) -> dt.datetime:
        """One rule for the attendance sheet and the walk-ins: both open when the session starts."""
        return self.starts_at

    @property
    def attendance_is_open(self) -> bool:
        return timezone.now() >= self.attendance_opens_at

    @property
    def seats_left(self) -> int | None:
        """Free seats, from the ``confirmed_count`` annotation of the selectors."""
        taken = getattr(self, "confirmed_count", None)
        return None if taken is None else max(0, self.capacity - taken)


class Registration(ParticipantSnapshot):
    """A seat (or a place on the waiting list) in a session. No account needed."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="registrations")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The member account a paid seat is charged to (only an active member's, never one guessed from an
    # e-mail typed by someone else); empty for the many people who come without an account.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member account"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    attended = models.BooleanField(_("present"), null=True, blank=True)
    is_walk_in = models.BooleanField(_("came without registering"), default=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["session", "status"], name="wreg_session_status")]

    def __str__(self) -> str:
        return self.first_name or str(_("Participant #%(id)s") % {"id": self.pk})


class VoucherBooklet(models.Model):
    """Pass Numérique booklets received from a funder."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    funder = models.CharField(_("funder"), max_length=150)
    operator = models.CharField(_("operator"), max_length=150, blank=True, default="APTIC")
    face_value = models.DecimalField(_("face value (€)"), max_digits=6, decimal_places=2, default=Decimal("10.00"))
    count = models.PositiveIntegerField(_("number of vouchers"), validators=[MinValueValidator(1)])
    validity_year = models.PositiveSmallIntegerField(
        _("validity year"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-validity_year", "funder", "pk"]
        verbose_name = _("voucher booklet")
        verbose_name_plural = _("voucher booklets")
        constraints = [models.CheckConstraint(condition=Q(face_value__gt=0), name="booklet_face_value_positive")]

    def __str__(self) -> str:
        return f"{self.funder} {self.validity_year} ({self.count} × {format_money(self.face_value)})"


class VoucherClaim(models.Model):
    """The monthly reconciliation: what to claim from a funder/operator for one month."""

    class Status(models.TextChoices):
        TO_CLAIM = "to_claim", _("To claim")
        CLAIMED = "claimed", _("Claimed")
        PAID = "paid", _("Paid")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    funder = models.CharField(_("funder"), max_length=150)
    operator = models.CharField(_("operator"), max_length=150, blank=True)
    count = models.PositiveIntegerField(_("vouchers"))
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.TO_CLAIM)
    claimed_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # Hook for billing: the revenue entry recorded when the claim is paid.
    revenue_ref = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-month", "funder"]
        verbose_name = _("voucher claim")
        verbose_name_plural = _("voucher claims")
        constraints = [
            models.UniqueConstraint(fields=["place", "month", "funder", "operator"], name="voucher_claim_once"),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.month:%Y-%m}"


class Voucher(models.Model):
    """One Pass Numérique voucher handed in, by its printed code. Accepted once per place."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    booklet = models.ForeignKey(VoucherBooklet, on_delete=models.PROTECT, related_name="vouchers")
    code = models.CharField(_("printed code"), max_length=60)
    received_on = models.DateField(_("received on"))
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.SET_NULL, null=True, blank=True, related_name="vouchers"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="vouchers"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    claim = models.ForeignKey(VoucherClaim, on_delete=models.SET_NULL, null=True, blank=True, related_name="vouchers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        constraints = [models.UniqueConstraint(fields=["place", "code"], name="voucher_code_once_per_place")]

    def __str__(self) -> str:
        return self.code


class MediationOffer(models.Model):
    """The place's mediation offer in the national standard's vocabulary, plus its privacy rule."""

    place = models.OneToOneField("places.Place", on_delete=models.CASCADE, related_name="+")
    services = models.JSONField(default=_list, blank=True)
    publics_specifiquement_adresses = models.JSONField(default=_list, blank=True)
    prise_en_charge_specifique = models.JSONField(default=_list, blank=True)
    frais_a_charge = models.JSONField(default=_list, blank=True)
    dispositif_programmes_nationaux = models.JSONField(default=_list, blank=True)
    formations_labels = models.JSONField(default=_list, blank=True)
    autres_formations_labels = models.CharField(_("other labels"), max_length=300, blank=True)
    modalites_acces = models.JSONField(default=_list, blank=True)
    modalites_accompagnement = models.JSONField(default=_list, blank=True)
    itinerance = models.JSONField(default=_list, blank=True)
    typologie = models.CharField(_("typology"), max_length=200, blank=True, help_text=_("e.g. TIERS_LIEUX|ASSO"))
    code_insee = models.CharField(_("INSEE code of the town"), max_length=5, blank=True)
    territory = models.CharField(
        _("territory (for the file name)"), max_length=60, blank=True, help_text=_("e.g. Loire")
    )
    presentation_resume = models.CharField(_("short presentation"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("detailed presentation"), blank=True)
    how_to_come = models.TextField(_("how to come, in plain words"), blank=True)
    structure_parente = models.CharField(_("parent structure"), max_length=200, blank=True)
    fiche_acces_libre = models.URLField(_("Acceslibre page"), blank=True)
    prise_rdv = models.URLField(_("online appointment link"), blank=True)
    retention_months = models.PositiveSmallIntegerField(
        _("anonymise beneficiaries after (months without a visit)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mediation offer")
        verbose_name_plural = _("mediation offers")

    def __str__(self) -> str:
        return f"{self.place_id}"


class AvailabilityRule(models.Model):
    """A mediator's weekly availability: every <weekday> from <start> to <end>, in slots of N minutes.

    The free slots are computed from the rules (``comptoir.mediation.availability``); an appointment row is
    only written when a person takes one. ``resource``: a room booked through the booking engine for each
    slot taken (on behalf of the place, ``created_by`` being the booking person).
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, pgettext_lazy("weekday choice", "Monday")
        TUESDAY = 1, pgettext_lazy("weekday choice", "Tuesday")
        WEDNESDAY = 2, pgettext_lazy("weekday choice", "Wednesday")
        THURSDAY = 3, pgettext_lazy("weekday choice", "Thursday")
        FRIDAY = 4, pgettext_lazy("weekday choice", "Friday")
        SATURDAY = 5, pgettext_lazy("weekday choice", "Saturday")
        SUNDAY = 6, pgettext_lazy("weekday choice", "Sunday")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("mediator")
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of a slot (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    valid_from = models.DateField(_("starting on"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    resource = models.ForeignKey(
        "spaces.Resource", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("room to book"),
    )  # fmt: skip
    room = models.CharField(_("room"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["weekday", "start_time", "pk"]
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availabilities")
        indexes = [models.Index(fields=["place", "mediator"], name="availability_place_mediator")]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="availability_end_after"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="availability_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mediator_id} {self.weekday} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class Appointment(TimedRoomUse, models.Model):
    """A slot with a mediator that a person takes (no account needed), held in the place's room bookings.

    Staff open slots (optionally booking a room through the booking engine); a person takes one; when it
    takes place, the quick entry records the accompaniment and links it (``Accompaniment.appointment_ref``).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Free")
        BOOKED = "booked", _("Booked")
        DONE = "done", _("Took place")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("mediator")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    room = models.CharField(_("room"), max_length=100, blank=True)
    room_booking = models.ForeignKey(
        "spaces.Booking", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("room booking"),
    )  # fmt: skip
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    subject = models.CharField(_("what for"), max_length=200, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    rule = models.ForeignKey(
        AvailabilityRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments",
        verbose_name=_("weekly availability"),
    )  # fmt: skip
    accompaniment = models.OneToOneField(
        Accompaniment, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointment"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["place", "starts_at"], name="appointment_place_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.mediator_id} {self.starts_at:%Y-%m-%d %H:%M}"
