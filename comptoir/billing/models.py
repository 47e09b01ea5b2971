"""Billing records: catalogue, charges, invoices and credit notes, payments, wallet, runs, accounting.

Rules live in :mod:`comptoir.billing.services`; arithmetic in :mod:`comptoir.billing.totals`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.billing.totals import VAT_RATES, VatRate
from comptoir.core.money import format_money

ZERO = Decimal("0.00")


class Product(models.Model):
    """Something a place sells: a plan, a pass, a room hour, a membership fee..."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        GOODS = "goods", _("Goods")
        FEE = "fee", _("Membership fee")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey(
        "places.LegalEntity", on_delete=models.PROTECT, related_name="products", verbose_name=_("sold by")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    unit_price = models.DecimalField(_("unit price excl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=10, choices=VatRate.choices, default=VatRate.STANDARD)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. hour, day, month"))
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["place", "code"], name="billing_product_code_unique"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="billing_product_price_positive"),
            models.CheckConstraint(condition=Q(vat_rate__in=list(VAT_RATES)), name="billing_product_vat_known"),
        ]

    def __str__(self) -> str:
        return self.name


class BillingProfile(models.Model):
    """Who a member's invoices are addressed to: the person, or their organisation."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_profiles")
    is_organisation = models.BooleanField(_("invoice an organisation"), default=False)
    name = models.CharField(_("name on invoices"), max_length=200, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    address = models.TextField(_("address (number and street)"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR", help_text=_("ISO code, e.g. FR, BE"))
    email = models.EmailField(_("billing e-mail"), blank=True)

    class Meta:
        verbose_name = _("billing profile")
        constraints = [models.UniqueConstraint(fields=["place", "user"], name="billing_profile_one_per_member")]

    def __str__(self) -> str:
        return self.name or str(self.user)


class Charge(models.Model):
    """An uninvoiced line coming from a service (booking, pass, fee...), invoiced exactly once."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="charges")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_type = models.CharField(_("source"), max_length=60)
    source_id = models.CharField(max_length=64)
    line_key = models.CharField(max_length=40, default="main")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3)
    unit_price = models.DecimalField(_("unit price excl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=10, choices=VatRate.choices)
    service_date = models.DateField(_("date of service"))
    # What the member pays for this line incl. VAT, when the service prices incl. VAT (spaces,
    # coworking, workshops): invoicing spreads the cents so that an invoice costs the sum of these.
    price_incl_vat = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    invoice_line = models.OneToOneField(
        "billing.InvoiceLine", on_delete=models.PROTECT, null=True, blank=True, related_name="charge"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_date", "pk"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "source_type", "source_id", "line_key"], name="billing_charge_once_per_source_line"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="billing_charge_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="billing_charge_price_positive"),
            models.CheckConstraint(condition=Q(vat_rate__in=list(VAT_RATES)), name="billing_charge_vat_known"),
        ]
        indexes = [models.Index(fields=["place", "user", "invoice_line"], name="billing_charge_pending")]

    def __str__(self) -> str:
        return self.description

    @property
    def is_invoiced(self) -> bool:
        return self.invoice_line_id is not None


class NumberSequence(models.Model):
    """The last number and hash of one series of one legal entity; locked to issue the next one."""

    entity = models.ForeignKey("places.LegalEntity", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=10)
    last_number = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "series"], name="billing_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.series} {self.last_number}"


class Invoice(models.Model):
    """An invoice or a credit note. Drafts change; issued documents are frozen forever."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CANCELLED = "cancelled", _("Cancelled by a credit note")

    class Nature(models.TextChoices):
        SERVICES = "services", _("Services")
        GOODS = "goods", _("Goods")
        BOTH = "both", _("Goods and services")

    SERIES: dict[str, str] = {Kind.INVOICE: "F", Kind.CREDIT_NOTE: "AV"}  # keyed by `kind`, a str once loaded

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    credited_invoice = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices")
    # Buyer, frozen at issue (the organisation when the member bills one).
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_is_organisation = models.BooleanField(default=False)
    buyer_siren = models.CharField(max_length=9, blank=True)
    buyer_vat_number = models.CharField(max_length=20, blank=True)
    buyer_address = models.TextField(blank=True)  # as printed: street lines, "postcode city", country
    buyer_street = models.TextField(blank=True)  # the same address, structured for Factur-X
    buyer_postal_code = models.CharField(max_length=10, blank=True)
    buyer_city = models.CharField(max_length=100, blank=True)
    buyer_country = models.CharField(max_length=2, blank=True)
    buyer_email = models.EmailField(blank=True)
    # Seller, frozen at issue.
    seller = models.JSONField(default=dict, blank=True)
    number = models.CharField(_("number"), max_length=30, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    service_start = models.DateField(null=True, blank=True)
    service_end = models.DateField(null=True, blank=True)
    nature = models.CharField(_("nature of the operation"), max_length=10, choices=Nature.choices, default="services")
    total_excl_vat = models.DecimalField(_("total excl. VAT"), max_digits=12, decimal_places=2, default=ZERO)
    total_vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, default=ZERO)
    total_incl_vat = models.DecimalField(_("total incl. VAT"), max_digits=12, decimal_places=2, default=ZERO)
    vat_breakdown = models.JSONField(default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    billing_period = models.CharField(max_length=7, blank=True)  # "YYYY-MM" when made by a billing run
    chain_index = models.PositiveIntegerField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)  # not part of the frozen content
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issue_date", "-sequence", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "sequence"],
                condition=Q(sequence__isnull=False),
                name="billing_invoice_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(sequence__isnull=False) & Q(issue_date__isnull=False) & ~Q(hash="")),
                name="billing_invoice_issued_is_numbered",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice") | Q(credited_invoice__isnull=False),
                name="billing_credit_note_references_invoice",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "user", "status"], name="billing_invoice_user"),
            models.Index(fields=["place", "status", "due_date"], name="billing_invoice_due"),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Draft %(id)s") % {"id": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE


class InvoiceLine(models.Model):
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_lines"
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3)
    unit_price = models.DecimalField(_("unit price excl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=10, choices=VatRate.choices)
    total_excl_vat = models.DecimalField(max_digits=12, decimal_places=2)
    service_date = models.DateField(null=True, blank=True)
    is_goods = models.BooleanField(default=False)
    is_fee = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="billing_line_quantity_positive"),
            models.CheckConstraint(condition=Q(vat_rate__in=list(VAT_RATES)), name="billing_line_vat_known"),
        ]

    def __str__(self) -> str:
        return self.description


class InvoiceDocument(models.Model):
    """The PDF/A-3 (Factur-X) of an issued invoice or credit note: made once, stored, never changed.

    Insert-only (database triggers refuse updates, and deletes on PostgreSQL); downloads serve the
    stored bytes after checking ``sha256``. See :mod:`comptoir.billing.services.documents`.
    """

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="document")
    file = models.FileField(max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file.name


class Payment(models.Model):
    """Money received from (or refunded to) a member, allocated to invoices; any excess goes to the wallet."""

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card terminal")
        CHEQUE = "cheque", _("Cheque")
        TRANSFER = "transfer", _("Bank transfer")
        SEPA = "sepa", _("SEPA direct debit")
        PASS_NUMERIQUE = "pass_numerique", _("Pass Numérique voucher")
        WALLET = "wallet", _("Wallet")
        ONLINE = "online", _("Online payment")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    is_refund = models.BooleanField(_("refund"), default=False)
    received_on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=100, blank=True, help_text=_("Cheque or transfer number"))
    mandate_reference = models.CharField(_("SEPA mandate reference"), max_length=35, blank=True)
    voucher_code = models.CharField(_("voucher code"), max_length=40, blank=True)
    provider = models.CharField(max_length=30, default="manual")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_payment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(method="sepa") | ~Q(mandate_reference=""), name="billing_sepa_has_mandate"
            ),
            models.CheckConstraint(
                condition=~Q(method="pass_numerique") | ~Q(voucher_code=""), name="billing_pass_has_code"
            ),
            models.UniqueConstraint(
                fields=["place", "provider", "reference"],
                condition=Q(method="online"),
                name="billing_online_payment_once",
            ),
        ]
        indexes = [models.Index(fields=["place", "user"], name="billing_payment_user")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {format_money(self.amount)}"


class Allocation(models.Model):
    """The part of a payment that settles one invoice."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="billing_allocation_positive")]

    def __str__(self) -> str:
        return format_money(self.amount)


class WalletEntry(models.Model):
    """One movement of a member's prepaid credit: positive adds credit, negative spends it."""

    class Kind(models.TextChoices):
        TOP_UP = "top_up", _("Top-up")
        OVERPAYMENT = "overpayment", _("Over-payment kept as credit")
        SPEND = "spend", _("Spent on an invoice")
        REFUND = "refund", _("Refunded")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wallet_entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    label = models.CharField(_("label"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="billing_wallet_nonzero")]
        indexes = [models.Index(fields=["place", "user"], name="billing_wallet_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_money(self.amount)}"


class BillingRun(models.Model):
    """One monthly run for a place and period; rerunning it resumes and never invoices twice."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=7)  # YYYY-MM
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    total_groups = models.PositiveIntegerField(default=0)
    done_groups = models.PositiveIntegerField(default=0)
    invoices_created = models.PositiveIntegerField(default=0)
    amount_invoiced = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["place", "period"], name="billing_run_once_per_period")]

    def __str__(self) -> str:
        return self.period


class Account(models.Model):
    """An override of the default chart of accounts for one entity (see accounting.DEFAULT_ACCOUNTS)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("use"), max_length=30)
    number = models.CharField(_("account number"), max_length=20)
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "role"], name="billing_account_role_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.label}"


class JournalEntry(models.Model):
    """A balanced accounting entry, numbered without gaps within its journal."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.PROTECT, related_name="+")
    journal = models.CharField(max_length=4)
    number = models.PositiveIntegerField()
    date = models.DateField()
    piece_ref = models.CharField(max_length=40)
    piece_date = models.DateField()
    label = models.CharField(max_length=200)
    validated_on = models.DateField()
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    wallet_entry = models.ForeignKey(WalletEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["journal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "journal", "number"], name="billing_entry_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.journal}{self.number}"


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="lines")
    account = models.CharField(max_length=20)
    account_label = models.CharField(max_length=100)
    aux_account = models.CharField(max_length=20, blank=True)
    aux_label = models.CharField(max_length=100, blank=True)
    label = models.CharField(max_length=200)
    debit = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    credit = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gte=0) & Q(credit__gte=0)) & (Q(debit=0) | Q(credit=0)),
                name="billing_line_debit_or_credit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.debit}/{self.credit}"


class ClosedPeriod(models.Model):
    """Every entry of the entity dated up to ``closed_until`` is final; no new entry may be dated there."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("places.LegalEntity", on_delete=models.CASCADE, related_name="+")
    closed_until = models.DateField()
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-closed_until"]

    def __str__(self) -> str:
        return str(self.closed_until)
