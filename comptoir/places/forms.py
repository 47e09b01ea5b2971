from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.places import grammar
from comptoir.places.fields import OpeningHoursField
from comptoir.places.models import LegalEntity, Place, Service


class PlaceForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services offered"), choices=Service.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    opening_hours = OpeningHoursField(
        label=_("Opening hours"), help_text=_("Every day closed: the place shows no opening hours.")
    )

    class Meta:
        model = Place
        fields = [
            "name", "logo", "summary", "description", "street_address", "postal_code", "city", "latitude", "longitude",
            "timezone", "email", "phone", "website", "opening_hours", "services", "auto_approve_members", "is_listed",
            "name_after_a", "name_after_de",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "summary": forms.Textarea(attrs={"rows": 2})}

    field_order = ["name", "name_after_a", "name_after_de"]  # the name's French forms right under it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.name:  # what an empty field stands for
            self.fields["name_after_a"].widget.attrs["placeholder"] = grammar.after_a(self.instance.name)
            self.fields["name_after_de"].widget.attrs["placeholder"] = grammar.after_de(self.instance.name)


class LegalEntityForm(forms.ModelForm):
    class Meta:
        model = LegalEntity
        fields = [
            "kind", "name", "legal_form", "siret", "rna", "vat_number", "vat_exempt", "share_capital", "registry",
            "address", "is_primary", "invoice_prefix",
        ]  # fmt: skip
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        # Left empty, the service gives the kind's default (ASSO, COOP...).
        self.fields["invoice_prefix"].required = False

    def clean_invoice_prefix(self):
        return "".join(self.cleaned_data["invoice_prefix"].split()).upper()

    def clean_siret(self):
        return "".join(self.cleaned_data["siret"].split())

    def clean_vat_number(self):
        return "".join(self.cleaned_data["vat_number"].split()).upper()
