"""Activities: create and edit what the place offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from comptoir.audit.services import audit_record, snapshot
from comptoir.core.errors import ServiceError
from comptoir.core.transactions import service
from comptoir.programme.cleaning import clean_int, clean_line, clean_text
from comptoir.programme.models import MAX_AGE, TITLE_MAX, Activity

if TYPE_CHECKING:
    from django.core.files import File

    from comptoir.people.models import User
    from comptoir.places.models import Place

ACTIVITY_FIELDS = (
    "title", "description", "audience", "age_min", "age_max", "level", "themes", "image_alt", "accessibility",
    "language", "organiser", "partners", "doors_open_minutes", "status",
)  # fmt: skip
MAX_THEMES = 10


def _age(value: int | None, *, field: str) -> int | None:
    if value is None:
        return None
    return clean_int(
        value, field=field, low=0, high=MAX_AGE, message=_("Give an age between 0 and %(max)s.") % {"max": MAX_AGE}
    )


def _apply(
    activity: Activity,
    *,
    title: str,
    description: str,
    audience: str,
    age_min: int | None,
    age_max: int | None,
    level: str,
    themes: list[str],
    image: File | None,
    image_alt: str,
    accessibility: str,
    language: str,
    organiser: str,
    partners: str,
    doors_open_minutes: int,
    status: str,
) -> None:
    """Check every field before anything is written; a refusal names its field."""
    activity.title = clean_line(
        title, max_length=TITLE_MAX, field="title", required=_("Give the activity a title.")
    )
    activity.description = clean_text(description, max_length=10_000, field="description")
    activity.audience = clean_line(audience, max_length=200, field="audience")
    activity.age_min = _age(age_min, field="age_min")
    activity.age_max = _age(age_max, field="age_max")
    if activity.age_min is not None and activity.age_max is not None and activity.age_min > activity.age_max:
        raise ServiceError(_("The minimum age is above the maximum age."), field="age_min")
    if level not in Activity.Level.values:
        raise ServiceError(_("This level is not in the list."), field="level")
    activity.level = level
    cleaned = [clean_line(theme, max_length=60, field="themes") for theme in themes or ()]
    cleaned = list(dict.fromkeys(theme for theme in cleaned if theme))
    if len(cleaned) > MAX_THEMES:
        raise ServiceError(_("Ten themes at most."), field="themes")
    activity.themes = cleaned
    if image is not None:
        activity.image = image
    activity.image_alt = clean_line(image_alt, max_length=250, field="image_alt")
    if activity.image and not activity.image_alt:
        raise ServiceError(
            _("Describe the image in a few words, for people who cannot see it."), field="image_alt"
        )
    activity.accessibility = clean_text(accessibility, max_length=2000, field="accessibility")
    activity.language = clean_line(language, max_length=10, field="language", required=_("Give the language."))
    activity.organiser = clean_line(organiser, max_length=150, field="organiser")
    activity.partners = clean_text(partners, max_length=2000, field="partners")
    activity.doors_open_minutes = clean_int(
        doors_open_minutes, field="doors_open_minutes", low=0, high=24 * 60,
        message=_("The doors open between 0 minutes and 24 hours before the start."),
    )  # fmt: skip
    if status not in Activity.Status.values:
        raise ServiceError(_("This status is not in the list."), field="status")
    activity.status = status


@service
def activity_create(
    *,
    place: Place,
    actor: User | None,
    title: str,
    description: str = "",
    audience: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    level: str = Activity.Level.ALL,
    themes: list[str] | None = None,
    image: File | None = None,
    image_alt: str = "",
    accessibility: str = "",
    language: str = "fr",
    organiser: str = "",
    partners: str = "",
    doors_open_minutes: int = 30,
    status: str = Activity.Status.DRAFT,
) -> Activity:
    """A new activity of the place (a draft unless ``status`` says published)."""
    activity = Activity(place=place)
    _apply(
        activity, title=title, description=description, audience=audience, age_min=age_min, age_max=age_max,
        level=level, themes=themes or [], image=image, image_alt=image_alt, accessibility=accessibility,
        language=language, organiser=organiser, partners=partners, doors_open_minutes=doors_open_minutes,
        status=status,
    )  # fmt: skip
    activity.save()
    audit_record(
        place=place, actor=actor, action="programme.activity.created", obj=activity,
        after=snapshot(activity, ACTIVITY_FIELDS),
    )  # fmt: skip
    return activity


@service
def activity_update(
    *,
    activity: Activity,
    actor: User | None,
    title: str,
    description: str = "",
    audience: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    level: str = Activity.Level.ALL,
    themes: list[str] | None = None,
    image: File | None = None,
    image_alt: str = "",
    accessibility: str = "",
    language: str = "fr",
    organiser: str = "",
    partners: str = "",
    doors_open_minutes: int = 30,
    status: str = Activity.Status.DRAFT,
) -> Activity:
    """Replace the activity's fields with the ones given (a form sends them all); the image is kept when
    none is given."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    before = snapshot(activity, ACTIVITY_FIELDS)
    _apply(
        activity, title=title, description=description, audience=audience, age_min=age_min, age_max=age_max,
        level=level, themes=themes or [], image=image, image_alt=image_alt, accessibility=accessibility,
        language=language, organiser=organiser, partners=partners, doors_open_minutes=doors_open_minutes,
        status=status,
    )  # fmt: skip
    activity.save()
    audit_record(
        place=activity.place, actor=actor, action="programme.activity.updated", obj=activity,
        before=before, after=snapshot(activity, ACTIVITY_FIELDS),
    )  # fmt: skip
    return activity
