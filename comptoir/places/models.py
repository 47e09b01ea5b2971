import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from comptoir.places import grammar, validators


class Service(models.TextChoices):
    COWORKING = "coworking", _("Coworking")
    CONCIERGERIE = "conciergerie", _("Conciergerie")
    MEDIATION = "mediation", _("Digital mediation")
    MAKERSPACE = "makerspace", _("Hackerspace / fablab")
    LENDING = "lending", _("Library of things")
    EVENTS = "events", _("Events")
    GOVERNANCE = "governance", _("Association and governance")


def _speaks_french() -> bool:
    # None: translation is off (``override(None)``), sentences stay in English.
    return (get_language() or "").split("-")[0] == "fr"


class Place(models.Model):
    """One tiers-lieu: the tenant that owns every other record."""

    name = models.CharField(_("name"), max_length=150)
    # French contracts "à"/"de" with the article starting many names ("au Comptoir", "du Comptoir"): the place
    # may say how; empty means the default worked out from the name (see grammar.py).
    name_after_a = models.CharField(
        _("name after “à”"), max_length=170, blank=True,
        help_text=_("How the name reads after “à” in French, with the preposition: “au Comptoir”, “à la Fabrique”. "
                    "Leave empty to let Comptoir work it out from the name."),
    )  # fmt: skip
    name_after_de = models.CharField(
        _("name after “de”"), max_length=170, blank=True,
        help_text=_("How the name reads after “de” in French, with the preposition: “du Comptoir”, "
                    "“de la Fabrique”. Leave empty to let Comptoir work it out from the name."),
    )  # fmt: skip
    slug = models.SlugField(
        _("address in the site"), max_length=60, unique=True, validators=[validators.validate_place_slug]
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validators.validate_timezone]
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="places/logos/", blank=True)
    summary = models.CharField(_("short presentation"), max_length=300, blank=True)
    description = models.TextField(_("presentation"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=500,
        blank=True,
        validators=[validators.validate_opening_hours],
        help_text=_("OpenStreetMap syntax, e.g. “Mo-Fr 09:00-18:00; Sa 10:00-12:00; PH off”."),
    )
    services = models.JSONField(_("services"), default=list, blank=True)
    auto_approve_members = models.BooleanField(
        _("approve sign-ups automatically"),
        default=False,
        help_text=_("When off, a host approves each new member."),
    )
    is_listed = models.BooleanField(_("listed in the network directory"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="place_coordinates_pair_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def french_after_a(self) -> str:
        """The name after "à" in French, the preposition included ("au Comptoir"): the place's or the default."""
        return self.name_after_a.strip() or grammar.after_a(self.name)

    @property
    def french_after_de(self) -> str:
        """The name after "de" in French, the preposition included ("du Comptoir"): the place's or the default."""
        return self.name_after_de.strip() or grammar.after_de(self.name)

    @property
    def name_a(self) -> str:
        """The name for a sentence's ``%(place_a)s`` in the active language: in French, the form after "à"
        (the translation then writes "Bienvenue %(place_a)s"); in other languages, the name itself
        ("Welcome to %(place_a)s")."""
        return self.french_after_a if _speaks_french() else self.name

    @property
    def name_de(self) -> str:
        """The name for a sentence's ``%(place_de)s``: in French the form after "de" ("membre %(place_de)s"),
        in other languages the name itself."""
        return self.french_after_de if _speaks_french() else self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def runs(self, service: str) -> bool:
        return service in (self.services or [])

    @property
    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [labels[code] for code in self.services or [] if code in labels]

    @property
    def one_line_address(self) -> str:
        return ", ".join(p for p in [self.street_address, f"{self.postal_code} {self.city}".strip()] if p)


class LegalEntity(models.Model):
    """A legal person that acts for the place: its association, its cooperative (Scop)..."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Cooperative (Scop, SCIC)")
        COMPANY = "company", _("Company")
        PUBLIC = "public", _("Public body")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="legal_entities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("legal name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=100, help_text=_("e.g. Association loi 1901, SCOP SARL"))
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validators.validate_siret])
    rna = models.CharField(_("RNA number"), max_length=10, blank=True, validators=[validators.validate_rna])
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, validators=[validators.validate_vat_number]
    )
    vat_exempt = models.BooleanField(
        _("VAT franchise (art. 293 B du CGI)"), default=False, help_text=_("No VAT is charged on invoices.")
    )
    share_capital = models.DecimalField(_("share capital"), max_digits=12, decimal_places=2, null=True, blank=True)
    registry = models.CharField(_("trade registry (RCS/RM)"), max_length=100, blank=True)
    address = models.TextField(_("registered address"), blank=True, help_text=_("Leave empty to use the place's."))
    is_primary = models.BooleanField(_("main entity of the place"), default=False)
    # Two entities of a place number their invoices separately: without a prefix of their own, both
    # would print "F-000001". Used for new numbers only (issued numbers never change).
    invoice_prefix = models.CharField(
        _("invoice number prefix"),
        max_length=10,
        validators=[validators.validate_invoice_prefix],
        help_text=_(
            "Printed before each new invoice and credit note number (e.g. ASSO-F-000001): capital letters and "
            "digits. Numbers already issued keep theirs and the numbering goes on."
        ),
    )

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")
        constraints = [
            models.UniqueConstraint(fields=["place", "kind"], name="legal_entity_one_per_kind"),
            models.UniqueConstraint(
                fields=["place"], condition=Q(is_primary=True), name="legal_entity_one_primary_per_place"
            ),
            models.CheckConstraint(condition=~Q(siret="") | ~Q(rna=""), name="legal_entity_has_siret_or_rna"),
            models.UniqueConstraint(fields=["place", "invoice_prefix"], name="legal_entity_invoice_prefix_unique"),
            models.CheckConstraint(condition=~Q(invoice_prefix=""), name="legal_entity_invoice_prefix_given"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def siren(self) -> str:
        return self.siret[:9] if self.siret else ""

    @staticmethod
    def default_invoice_prefix(kind: str) -> str:
        """The prefix a new entity numbers with: one per kind, and a place has one entity of each kind."""
        return INVOICE_PREFIXES.get(kind, str(kind)[:4].upper() or "F")

    @property
    def postal_address(self) -> str:
        return self.address or self.place.one_line_address


INVOICE_PREFIXES = {
    LegalEntity.Kind.ASSOCIATION: "ASSO",
    LegalEntity.Kind.COOPERATIVE: "COOP",
    LegalEntity.Kind.COMPANY: "SOC",
    LegalEntity.Kind.PUBLIC: "PUB",
}
