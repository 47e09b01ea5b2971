"""Forms of the programme's pages: they check the shape of the input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.widgets import DateTimeInput
from comptoir.programme.models import MAX_AGE, TITLE_MAX, Activity, Session
from comptoir.programme.services.registrations import MAX_SEATS
from comptoir.programme.services.sessions import MAX_CAPACITY, MAX_SERIES


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


class ActivityForm(forms.Form):
    """An activity's fields; the service checks them again (lengths, age range, image description)."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description in plain words"), widget=forms.Textarea, required=False, max_length=10_000
    )
    audience = forms.CharField(label=_("For whom"), max_length=200, required=False)
    age_min = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=MAX_AGE, required=False)
    age_max = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=MAX_AGE, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Activity.Level.choices)
    themes = forms.CharField(
        label=_("Themes"), max_length=700, required=False, help_text=_("Separated by commas, ten at most.")
    )
    image = forms.ImageField(label=_("Image"), required=False)
    image_alt = forms.CharField(
        label=_("What the image shows"), max_length=250, required=False,
        help_text=_("A few words for people who cannot see it (required with an image)."),
    )  # fmt: skip
    accessibility = forms.CharField(
        label=_("Accessibility"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
        help_text=_("Step-free access, hearing loop, quiet room, what to expect…"),
    )  # fmt: skip
    language = forms.CharField(label=_("Language"), max_length=10, initial="fr")
    organiser = forms.CharField(label=_("Organised by"), max_length=150, required=False)
    partners = forms.CharField(
        label=_("Partners"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    doors_open_minutes = forms.IntegerField(
        label=_("Doors open (minutes before the start)"), min_value=0, max_value=24 * 60, initial=30,
        help_text=_("From then, people are checked in at the door and attendance is taken."),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)

    def clean_themes(self) -> list[str]:
        return [theme.strip() for theme in self.cleaned_data["themes"].split(",") if theme.strip()]


class SessionScheduleForm(forms.Form):
    """A session, or a weekly series; times are the place's (the view reads them in its time zone)."""

    starts_at = forms.DateTimeField(label=_("Start (date and time)"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(
        label=_("End (date and time)"), widget=DateTimeInput(), help_text=_("A festival may end days later.")
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_CAPACITY, initial=12)
    location_kind = forms.ChoiceField(label=_("Where"), choices=Session.Location.choices, initial=Session.Location.ROOM)
    resource = forms.TypedChoiceField(
        label=_("Room to book"), coerce=int, required=False, empty_value=None,
        help_text=_("Booked for every date through the space bookings; a date closed or taken refuses it all."),
    )  # fmt: skip
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Link to join online"), max_length=500, required=False, assume_scheme="https")
    weeks = forms.IntegerField(
        label=_("Number of weeks"), min_value=1, max_value=MAX_SERIES, initial=1,
        help_text=_("1 for one session; more for the same day and time every week."),
    )  # fmt: skip

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [("", "—")] + [(room.pk, room.name) for room in rooms]
