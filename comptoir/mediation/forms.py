"""Forms of the mediation pages. They only shape input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comptoir.billing.totals import VatRate
from comptoir.core.widgets import ISO_MONTH, DateInput, DateTimeInput, MonthInput, TimeInput
from comptoir.mediation import vocabularies as v
from comptoir.mediation.models import VoucherClaim, Workshop

DURATIONS = [(15, "15 min"), (30, "30 min"), (45, "45 min"), (60, "1 h"), (90, "1 h 30"), (120, "2 h")]
BLANK = [("", "—")]


def demographic_field(label, choices) -> forms.ChoiceField:
    """An optional demographic field: "not given" first and preselected, so that a field nobody touched
    records nothing (a browser submits the first option of a select that has none selected)."""
    not_given = choices.NON_COMMUNIQUE
    others = [(value, text) for value, text in choices.choices if value != not_given]
    ordered = [(not_given.value, not_given.label), *others]
    return forms.ChoiceField(label=label, choices=ordered, required=False, initial=not_given.value)


class QuickEntryHeaderForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    place_type = forms.ChoiceField(
        label=_("Where"), choices=v.PlaceType.choices, initial=v.PlaceType.LIEU_ACTIVITE, widget=forms.RadioSelect
    )
    activity_commune = forms.CharField(
        label=_("Town where it happened (not at the place)"), max_length=100, required=False,
        help_text=_("At the person's home or elsewhere: reported in the activity report instead of the place's town."),
    )  # fmt: skip
    activity_postal_code = forms.CharField(
        label=_("Its postal code"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )  # fmt: skip


class QuickEntryLineForm(forms.Form):
    """One accompaniment. A line without any theme is left out."""

    beneficiary = forms.TypedChoiceField(label=_("Person already known"), required=False, coerce=int, empty_value=None)
    new_first_name = forms.CharField(label=_("Or a new person: first name or pseudonym"), max_length=80, required=False)
    new_consent = forms.BooleanField(label=_("The new person agrees that we keep their first name."), required=False)
    type = forms.ChoiceField(
        label=_("Kind of help"),
        choices=[(c.value, c.label) for c in v.ACCOMPANIMENT_TYPES],
        initial=v.ActivityType.INDIVIDUEL,
        widget=forms.RadioSelect,
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATIONS, coerce=int, initial=30, widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=v.Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment used"), choices=v.Equipment.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    autonomy = forms.ChoiceField(label=_("Autonomy"), choices=BLANK + v.Autonomy.choices, required=False)
    referral_structure = forms.ChoiceField(
        label=_("Referred to"), choices=BLANK + v.ReferralStructure.choices, required=False
    )
    gender = demographic_field(_("Gender (anonymous or new person)"), v.Gender)
    age_bracket = demographic_field(_("Age (anonymous or new person)"), v.AgeBracket)
    is_first_visit = forms.BooleanField(label=_("First visit (anonymous person)"), required=False)

    def __init__(self, *args, beneficiaries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].choices = [("", _("Anonymous"))] + [
            (b.pk, f"{b} · {b.commune}" if b.commune else str(b)) for b in beneficiaries
        ]

    @property
    def is_used(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("themes") or data.get("beneficiary") or data.get("new_first_name", "").strip())


class AccompanimentEditForm(forms.Form):
    """Correct one accompaniment (the person stays; gender and age only for an anonymous person)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    place_type = forms.ChoiceField(label=_("Where"), choices=v.PlaceType.choices, widget=forms.RadioSelect)
    type = forms.ChoiceField(
        label=_("Kind of help"), choices=[(c.value, c.label) for c in v.ACCOMPANIMENT_TYPES], widget=forms.RadioSelect
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440)
    themes = QuickEntryLineForm.base_fields["themes"]
    equipment = QuickEntryLineForm.base_fields["equipment"]
    autonomy = QuickEntryLineForm.base_fields["autonomy"]
    referral_structure = QuickEntryLineForm.base_fields["referral_structure"]
    gender = demographic_field(_("Gender (anonymous person)"), v.Gender)
    age_bracket = demographic_field(_("Age (anonymous person)"), v.AgeBracket)
    is_first_visit = forms.BooleanField(label=_("First visit (anonymous person)"), required=False)

    field_order = [
        "date", "place_type", "type", "duration_minutes", "themes", "equipment", "autonomy", "referral_structure",
        "gender", "age_bracket", "is_first_visit",
    ]  # fmt: skip

    def __init__(self, *args, anonymous: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not anonymous:
            for name in ("gender", "age_bracket", "is_first_visit"):
                del self.fields[name]


class BeneficiaryForm(forms.Form):
    first_name = forms.CharField(label=_("First name or pseudonym"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    wants_reminders = forms.BooleanField(label=_("Wants reminders"), required=False)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False, min_value=1900, max_value=2100)
    age_bracket = demographic_field(_("Or age bracket"), v.AgeBracket)
    gender = demographic_field(_("Gender"), v.Gender)
    social_status = demographic_field(_("Situation"), v.SocialStatus)
    commune = forms.CharField(label=_("Town"), max_length=100, required=False)
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=10, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("The person agrees that we keep these details to follow their help."), required=True
    )


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("Description in plain words"), widget=forms.Textarea, required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=v.Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    level = forms.ChoiceField(label=_("Level"), choices=v.Level.choices)
    audience = forms.CharField(label=_("For whom"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=120)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=8)
    equipment_needed = forms.CharField(label=_("Equipment to bring"), max_length=200, required=False)
    price_kind = forms.ChoiceField(label=_("Price"), choices=Workshop.Price.choices)
    price = forms.DecimalField(label=_("Price (€)"), required=False, min_value=0, decimal_places=2, max_digits=8)
    vat_rate = forms.ChoiceField(
        label=_("VAT included in the price"), choices=VatRate.choices, initial=VatRate.STANDARD, required=False,
        help_text=_("Paid workshops. Exempt anyway when the legal entity is under the VAT franchise."),
    )  # fmt: skip
    price_condition = forms.CharField(label=_("Condition"), max_length=200, required=False)
    pass_numerique_accepted = forms.BooleanField(label=_("Pass Numérique accepted"), required=False)
    is_published = forms.BooleanField(label=_("Shown to the public"), required=False, initial=True)


class SessionSeriesForm(forms.Form):
    first_start = forms.DateTimeField(
        label=_("First session (date and time)"),
        widget=DateTimeInput(),
    )
    count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=52, initial=1)
    every_days = forms.IntegerField(label=_("Days between two sessions"), min_value=1, max_value=366, initial=7)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440, required=False)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, required=False)
    resource = forms.TypedChoiceField(
        label=_("Space to book"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Booked for every session through the space bookings; a date already taken refuses the series."),
    )
    room = forms.CharField(
        label=_("Room"), max_length=100, required=False, help_text=_("Free text, when no space is booked.")
    )
    mediators = forms.TypedMultipleChoiceField(
        label=_("Mediators"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, mediators=(), resources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].choices = [(u.pk, u.display_name) for u in mediators]
        self.fields["resource"].choices = [("", _("None (free text below)"))] + [
            (
                r.pk,
                ngettext("%(name)s (%(capacity)s person)", "%(name)s (%(capacity)s people)", r.capacity)
                % {"name": r.name, "capacity": r.capacity},
            )
            for r in resources
        ]
        if not resources:
            del self.fields["resource"]


class SessionMoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New date and time"),
        widget=DateTimeInput(),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440, required=False)


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Kept on the room booking, when a room was booked."),
    )


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label=_("Your first name"), max_length=80, widget=forms.TextInput(
        attrs={"autocomplete": "given-name"}))  # fmt: skip
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A phone number or an e-mail address: one of the two is enough."),
    )
    email = forms.EmailField(
        label=_("Or your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We only use it to confirm your seat and remind you of the workshop."),
    )


class DeskRegistrationForm(RegistrationForm):
    """At the desk: the same few fields, optionally a person already known (for the statistics)."""

    beneficiary = forms.TypedChoiceField(label=_("Person already known"), required=False, coerce=int, empty_value=None)

    field_order = ["beneficiary", "first_name", "phone", "email"]

    def __init__(self, *args, beneficiaries=(), **kwargs):
        super().__init__(*args, **kwargs)
        if beneficiaries:
            self.fields["beneficiary"].choices = [("", "—")] + [(b.pk, str(b)) for b in beneficiaries]
        else:
            del self.fields["beneficiary"]
        self.fields["first_name"].label = _("First name")
        self.fields["phone"].label = _("Phone")
        self.fields["email"].label = _("Or e-mail")
        self.fields["email"].help_text = ""
        self.fields["phone"].help_text = ""


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80, required=False)


class BookletForm(forms.Form):
    funder = forms.CharField(label=_("Funder"), max_length=150)
    operator = forms.CharField(label=_("Operator"), max_length=150, initial="APTIC", required=False)
    face_value = forms.DecimalField(label=_("Face value (€)"), initial=10, min_value=0, decimal_places=2)
    count = forms.IntegerField(label=_("Number of vouchers"), min_value=1)
    validity_year = forms.IntegerField(
        label=_("Year printed on the vouchers"), min_value=2015, max_value=2100,
        initial=lambda: timezone.localdate().year,
    )  # fmt: skip


class VoucherForm(forms.Form):
    code = forms.CharField(label=_("Code printed on the voucher"), max_length=60)
    funder = forms.ChoiceField(label=_("Funder"))
    validity_year = forms.IntegerField(
        label=_("Year printed on the voucher"), min_value=2000, max_value=2100,
        initial=lambda: timezone.localdate().year,
    )  # fmt: skip
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput()
    )
    # The activity paid with the voucher, when the page was opened from it.
    accompaniment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, funders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].choices = [(f, f) for f in funders]


class ClaimPrepareForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), widget=MonthInput(), input_formats=[ISO_MONTH]
    )


class ClaimMarkForm(forms.Form):
    status = forms.ChoiceField(choices=[(VoucherClaim.Status.CLAIMED, ""), (VoucherClaim.Status.PAID, "")])
    entity = forms.TypedChoiceField(label=_("Revenue recorded by"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, entities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [("", "—")] + [(e.pk, e.name) for e in entities]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    mediator = forms.TypedChoiceField(label=_("Mediator"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, mediators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].choices = [("", _("Everyone"))] + [(u.pk, u.display_name) for u in mediators]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must be before the end."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366 * 5:
            raise forms.ValidationError(_("Choose a period of at most five years."))
        return data


def _standard_field(name: str, label) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=v.standard_choices(name), required=False, widget=forms.CheckboxSelectMultiple
    )


class OfferForm(forms.Form):
    services = _standard_field("services", _("Services offered"))
    publics_specifiquement_adresses = _standard_field(
        "publics_specifiquement_adresses", _("Publics specifically welcomed")
    )
    prise_en_charge_specifique = _standard_field("prise_en_charge_specifique", _("Specific support"))
    frais_a_charge = _standard_field("frais_a_charge", _("Fees"))
    modalites_acces = _standard_field("modalites_acces", _("How to access"))
    modalites_accompagnement = _standard_field("modalites_accompagnement", _("Kinds of help"))
    dispositif_programmes_nationaux = _standard_field("dispositif_programmes_nationaux", _("National programmes"))
    formations_labels = _standard_field("formations_labels", _("Trainings and labels"))
    autres_formations_labels = forms.CharField(label=_("Other trainings and labels"), max_length=300, required=False)
    itinerance = _standard_field("itinerance", _("Fixed or mobile"))
    typologie = forms.CharField(
        label=_("Typology"), max_length=200, required=False, help_text=_("e.g. TIERS_LIEUX|ASSO")
    )
    code_insee = forms.CharField(label=_("INSEE code of the town"), max_length=5, required=False)
    territory = forms.CharField(label=_("Territory (for the file name)"), max_length=60, required=False)
    presentation_resume = forms.CharField(label=_("Short presentation"), max_length=280, required=False,
                                          widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    presentation_detail = forms.CharField(label=_("Detailed presentation"), required=False, widget=forms.Textarea)
    how_to_come = forms.CharField(
        label=_("How to come, in plain words"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public page “Se faire aider au numérique”."),
    )  # fmt: skip
    structure_parente = forms.CharField(label=_("Parent structure"), max_length=200, required=False)
    fiche_acces_libre = forms.URLField(label=_("Acceslibre page"), required=False, assume_scheme="https")
    prise_rdv = forms.URLField(label=_("Online appointment link"), required=False, assume_scheme="https")
    retention_months = forms.IntegerField(
        label=_("Anonymise beneficiaries after (months without a visit)"), min_value=1, max_value=120, initial=24
    )


class AppointmentSlotsForm(forms.Form):
    mediator = forms.TypedChoiceField(label=_("Mediator"), coerce=int)
    first_start = forms.DateTimeField(
        label=_("First slot (date and time)"),
        widget=DateTimeInput(),
    )
    duration_minutes = forms.IntegerField(label=_("Duration of a slot (minutes)"), min_value=5, max_value=240,
                                          initial=30)  # fmt: skip
    count = forms.IntegerField(label=_("Number of slots in a row"), min_value=1, max_value=16, initial=4)
    resource = forms.TypedChoiceField(label=_("Space to book"), coerce=int, required=False, empty_value=None)
    room = forms.CharField(
        label=_("Room"), max_length=100, required=False, help_text=_("Free text, when no space is booked.")
    )

    def __init__(self, *args, mediators=(), resources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].choices = [(u.pk, u.display_name) for u in mediators]
        self.fields["resource"].choices = [("", _("None (free text below)"))] + [(r.pk, r.name) for r in resources]
        if not resources:
            del self.fields["resource"]


class AvailabilityRuleForm(forms.Form):
    mediator = forms.TypedChoiceField(label=_("Mediator"), coerce=int)
    weekday = forms.TypedChoiceField(label=_("Every"), coerce=int)
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("To"), widget=TimeInput())
    slot_minutes = forms.TypedChoiceField(
        label=_("Length of a slot"), coerce=int, choices=[(m, label) for m, label in DURATIONS if m <= 120], initial=30
    )
    valid_from = forms.DateField(
        label=_("Starting on"), widget=DateInput()
    )
    valid_until = forms.DateField(
        label=_("Until"), required=False,
        widget=DateInput(),
        help_text=_("Empty: every week, with no end."),
    )  # fmt: skip
    resource = forms.TypedChoiceField(label=_("Space to book"), coerce=int, required=False, empty_value=None)
    room = forms.CharField(
        label=_("Room"), max_length=100, required=False, help_text=_("Free text, when no space is booked.")
    )

    def __init__(self, *args, mediators=(), resources=(), **kwargs):
        from comptoir.mediation.models import AvailabilityRule

        super().__init__(*args, **kwargs)
        self.fields["mediator"].choices = [(u.pk, u.display_name) for u in mediators]
        self.fields["weekday"].choices = AvailabilityRule.Weekday.choices
        self.fields["resource"].choices = [("", _("None (free text below)"))] + [(r.pk, r.name) for r in resources]
        if not resources:
            del self.fields["resource"]


class AppointmentTakeForm(RegistrationForm):
    subject = forms.CharField(
        label=_("What would you like help with?"),
        max_length=200,
        required=False,
        help_text=_("For example: my tax return online, my new phone."),
    )
