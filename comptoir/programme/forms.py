"""Forms of the programme's pages: they check the shape of the input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.programme.services.registrations import MAX_SEATS


class RegistrationForm(forms.Form):
    """Register without an account: a first name and an e-mail address or a phone number, the seats."""

    first_name = forms.CharField(label=_("First name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("An e-mail address or a phone number, so that we can tell you if anything changes."),
    )  # fmt: skip
    seats = forms.IntegerField(
        label=_("Number of seats"), min_value=1, max_value=MAX_SEATS, initial=1,
        help_text=_("You plus the people who come with you (a family takes one registration)."),
    )  # fmt: skip
    child_first_name = forms.CharField(
        label=_("Child's first name"), max_length=80, required=False,
        help_text=_("When you register a child: their first name and age."),
    )  # fmt: skip
    child_age = forms.IntegerField(label=_("Child's age"), min_value=0, max_value=17, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80, required=False)
    headcount = forms.IntegerField(label=_("People"), min_value=1, max_value=100, initial=1)


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=500,
        help_text=_("Everyone registered or waiting receives this message."),
    )  # fmt: skip
