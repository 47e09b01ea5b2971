from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.widgets import DateInput
from comptoir.coworking.models import Plan


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=8, decimal_places=2)
    days = forms.IntegerField(
        label=_("Days"), min_value=0, initial=0, help_text=_("Carnet: days in the carnet. Nomad: days per month.")
    )
    validity_months = forms.IntegerField(label=_("Valid for (months)"), min_value=1, initial=1)
    meeting_hours_per_month = forms.IntegerField(label=_("Meeting-room hours per month"), min_value=0, initial=0)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class SellForm(forms.Form):
    email = forms.EmailField(label=_("Member's e-mail"))
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    renews = forms.BooleanField(label=_("Renews every month"), required=False)
    desk = forms.ModelChoiceField(
        label=_("Resident's desk"),
        queryset=None,
        required=False,
        empty_label=_("No desk (not a resident plan)"),
        help_text=_("A resident plan only: the desk is booked for the member over the whole period."),
    )

    def __init__(self, *args, place, **kwargs):
        from comptoir.spaces.models import Resource

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = (
            Plan.objects.filter(place=place, is_active=True).exclude(kind=Plan.Kind.DAY_PASS).order_by("price", "name")
        )
        self.fields["desk"].queryset = Resource.objects.filter(
            place=place, kind=Resource.Kind.DESK, is_active=True
        ).order_by("name")


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why is the plan ended?"), max_length=300)
