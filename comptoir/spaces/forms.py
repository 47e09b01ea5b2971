import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.widgets import DateInput, DateTimeInput, TimeInput
from comptoir.places.fields import OpeningHoursField
from comptoir.spaces.kinds import kind_choices
from comptoir.spaces.models import Resource


def _kind_filter_choices():
    return [("", _("All kinds")), *kind_choices()]  # every kind the installed apps declare


class SearchForm(forms.Form):
    """ "A room for 6 on Tuesday 14:00–16:00"."""

    date = forms.DateField(label=_("Day"), widget=DateInput())
    start = forms.TimeField(label=_("From"), widget=TimeInput(attrs={"step": 900}))
    end = forms.TimeField(label=_("To"), widget=TimeInput(attrs={"step": 900}))
    attendees = forms.IntegerField(label=_("People"), min_value=1, max_value=500, initial=1)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_kind_filter_choices)

    @staticmethod
    def defaults(now: dt.datetime) -> dict:
        """What the search proposes at ``now`` (local time): an hour from the next full hour, not before 9:00;
        tomorrow at 9:00 once the evening has come."""
        start = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        if start.date() != now.date() or start.hour >= 21:
            start = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(9), tzinfo=now.tzinfo)
        elif start.hour < 9:
            start = start.replace(hour=9)
        end = start + dt.timedelta(hours=1)
        return {"date": start.date(), "start": start.time(), "end": end.time(), "attendees": 1}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class DayForm(forms.Form):
    jour = forms.DateField(label=_("Day"), widget=DateInput())
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
    title = forms.CharField(label=_("Title"), required=False, max_length=150)
    attendees = forms.IntegerField(label=_("People"), min_value=1, initial=1, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class WeekForm(forms.Form):
    debut = forms.DateField(required=False, widget=DateInput())


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class ResourceForm(forms.ModelForm):
    opening_hours = OpeningHoursField(label=_("Opening hours"), inherit_label=_("Same opening hours as the place"))
    amenities_text = forms.CharField(
        label=_("Amenities"), required=False, help_text=_("Separated by commas, e.g. “screen, whiteboard”.")
    )
    allowed_roles = forms.MultipleChoiceField(
        label=_("Who may book"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Roles or plans; a member with any of them may book. None ticked: every active member."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, 5 MB at most."),
    )
    photo_remove = forms.BooleanField(label=_("Remove the current photo"), required=False)

    class Meta:
        model = Resource
        fields = [
            "name", "slug", "kind", "capacity", "seats", "description", "accessibility", "opening_hours", "hours_rule",
            "min_minutes", "max_minutes", "granularity_minutes", "horizon_days", "buffer_minutes", "cancel_hours",
            "requires_approval", "price_hour_member", "price_hour_public", "price_half_day_member",
            "price_half_day_public", "price_day_member", "price_day_public", "uses_allowance", "is_active",
            "photo_alt",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        from comptoir.core.permissions import Role

        super().__init__(*args, **kwargs)
        from comptoir.spaces.qualifications import plan_choices

        place = getattr(self.instance, "place", None) if self.instance.place_id else None
        self.fields["allowed_roles"].choices = [*Role.choices, *plan_choices(place=place)]
        if self.instance.pk:
            self.fields["amenities_text"].initial = ", ".join(self.instance.amenities or [])
            self.fields["allowed_roles"].initial = self.instance.allowed_roles
        if not (self.instance.pk and self.instance.photo):
            del self.fields["photo_remove"]
        self.order_fields(
            ["name", "slug", "kind", "capacity", "seats", "description", "amenities_text", "photo", "photo_alt",
             "photo_remove"]
        )  # fmt: skip

    def clean_photo(self):
        from comptoir.core.errors import ServiceError
        from comptoir.spaces.services.resources import photo_check

        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                photo_check(photo)
            except ServiceError as error:
                raise forms.ValidationError(str(error.message))
        return photo

    def service_fields(self) -> dict:
        """The keywords of ``resource_update`` (``resource_create`` takes all but ``photo_remove``)."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["photo"] = self.cleaned_data.get("photo") or None
        data["photo_remove"] = bool(self.cleaned_data.get("photo_remove"))
        data["amenities"] = [a.strip() for a in self.cleaned_data["amenities_text"].split(",") if a.strip()]
        data["allowed_roles"] = list(self.cleaned_data["allowed_roles"])
        return data

    def validate_unique(self):
        pass  # the service answers a taken address with a clear message

    def _post_clean(self):
        # Keep the ModelForm from writing onto the instance: services do every write.
        pass


class ClosureForm(forms.Form):
    start = forms.DateTimeField(label=_("From"), widget=DateTimeInput())
    end = forms.DateTimeField(label=_("Until"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Reason"), max_length=200)
    resource = forms.ModelChoiceField(
        label=_("Resource"), queryset=Resource.objects.none(), required=False, empty_label=_("The whole place")
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.filter(place=place).order_by("name")


class SeriesForm(forms.Form):
    every_weeks = forms.IntegerField(label=_("Every N weeks"), min_value=1, max_value=8, initial=1)
    until = forms.DateField(label=_("Until"), widget=DateInput())


class StaffMoveForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("Space"),
        queryset=Resource.objects.none(),
        empty_label=None,
        help_text=_("Keep it, or choose another space of the place: its rules and price apply."),
    )
    start = forms.DateTimeField(label=_("New start"), widget=DateTimeInput())
    end = forms.DateTimeField(label=_("New end"), widget=DateTimeInput())

    def __init__(self, *args, place, current: Resource, **kwargs):
        from django.db.models import Q

        super().__init__(*args, **kwargs)
        # The booking's own space stays in the list even when it is no longer bookable.
        self.fields["resource"].queryset = Resource.objects.filter(
            Q(is_active=True) | Q(pk=current.pk), place=place
        ).order_by("name")


class StaffBookForm(forms.Form):
    """A host books for a member (or for someone who is not a member, at the public price)."""

    email = forms.EmailField(label=_("Member's e-mail"))
    resource = forms.ModelChoiceField(label=_("Space"), queryset=Resource.objects.none())
    start = forms.DateTimeField(label=_("Start"), widget=DateTimeInput())
    end = forms.DateTimeField(label=_("End"), widget=DateTimeInput())
    title = forms.CharField(label=_("Title"), required=False, max_length=150)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.filter(place=place, is_active=True).order_by("name")
