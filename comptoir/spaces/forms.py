import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.spaces.models import Resource


class SearchForm(forms.Form):
    """ "A room for 6 on Tuesday 14:00–16:00"."""

    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    attendees = forms.IntegerField(label=_("People"), min_value=1, max_value=500, initial=1)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Resource.Kind.choices])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class DayForm(forms.Form):
    jour = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    duree = forms.TypedChoiceField(label=_("Duration"), coerce=int, choices=[])

    def __init__(self, *args, resource: Resource, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        minutes = max(resource.min_minutes, resource.granularity_minutes)
        while minutes <= resource.max_minutes and len(choices) < 16:
            hours, rest = divmod(minutes, 60)
            label = f"{hours} h {rest:02d}" if hours and rest else (f"{hours} h" if hours else f"{rest} min")
            choices.append((minutes, label))
            minutes += resource.granularity_minutes if minutes < 120 else max(60, resource.granularity_minutes)
        self.fields["duree"].choices = choices


class BookForm(forms.Form):
    start = forms.DateTimeField(widget=forms.HiddenInput)
    end = forms.DateTimeField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=150)
    attendees = forms.IntegerField(label=_("People"), min_value=1, initial=1, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class WeekForm(forms.Form):
    debut = forms.DateField(required=False)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
