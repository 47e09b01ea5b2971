from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from comptoir.core.notifications import notify_on_commit
from comptoir.core.permissions import Role
from comptoir.people.models import User


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not too common."),
    )
    password_confirm = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices, initial="fr")

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_confirm"):
            self.add_error("password_confirm", _("The two passwords are different."))
        elif data.get("password"):
            try:
                password_validation.validate_password(
                    data["password"], User(email=data.get("email", ""), display_name=data.get("display_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


def _split_tags(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices)
    bio = forms.CharField(
        label=_("About me"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, help_text=_("Separated by commas, e.g. laser cutting, sewing, Python.")
    )
    interests = forms.CharField(label=_("Interests"), required=False, help_text=_("Separated by commas."))

    def clean_skills(self):
        return _split_tags(self.cleaned_data["skills"])

    def clean_interests(self):
        return _split_tags(self.cleaned_data["interests"])


class DirectoryPreferenceForm(forms.Form):
    directory_visible = forms.BooleanField(label=_("Show me in the members directory"), required=False)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("e.g. “Spreadsheet export”."))


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search a name or a skill"), required=False, max_length=100)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, whose e-mail leaves through the task queue like every message: a mail server that is
    down delays it (retried) instead of failing the request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # Comptoir's convention: "<template>.txt" and "<template>_subject.txt" (the names given in urls.py).
        notify_on_commit(
            to=to_email, template=email_template_name.removesuffix(".txt"), context=context,
            language=translation.get_language(),
        )  # fmt: skip
