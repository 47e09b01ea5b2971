from django import forms
from django.utils.translation import gettext_lazy as _

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
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "summary": forms.Textarea(attrs={"rows": 2})}


class LegalEntityForm(forms.ModelForm):
    class Meta:
        model = LegalEntity
        fields = [
            "kind", "name", "legal_form", "siret", "rna", "vat_number", "vat_exempt", "share_capital", "registry",
            "address", "is_primary",
        ]  # fmt: skip
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place

    def clean_siret(self):
        return "".join(self.cleaned_data["siret"].split())

    def clean_vat_number(self):
        return "".join(self.cleaned_data["vat_number"].split()).upper()
