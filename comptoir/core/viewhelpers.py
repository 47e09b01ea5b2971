"""What every page does around a service: load an object of the place or answer 404, show a service's
refusal (on the form or as a message), and keep a page to the place's members.

A page reads through its app's selectors, which are scoped by place: ``or_404`` turns the ``None`` of a
selector into a 404 (another place's object is never found); a selector returning a queryset is narrowed
with Django's ``get_object_or_404(queryset, pk=...)``. The API does the same, and answers a
``ServiceError`` it lets through as ``{"detail": ..., "code": ...}`` with the error's status
(``comptoir.api.api``): API endpoints never catch it themselves.

A refusal is shown by running the service, and what follows its success, inside a block::

    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            thing = services.thing_create(place=request.place, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("app:thing", place_slug=request.place.slug, thing_id=thing.pk)
    return render(request, "app/thing_form.html", {"form": form})

A ``ServiceError`` raised in the block stops it there and is put on the form (on the field it names,
otherwise above the form) and the page is shown again; ``service_errors_as_messages(request)`` shows it
as an error message instead, for the actions that redirect either way.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.contrib import messages
from django.http import Http404

from comptoir.core.errors import ServiceError
from comptoir.core.forms import add_service_error

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest

    from comptoir.core.access import PlaceAccess

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """``found`` (what a place-scoped selector returned), or a 404 when it found nothing."""
    if found is None:
        raise Http404
    return found


@dataclass
class Refusal:
    """What a ``service_errors_*`` block caught: ``error`` is None when the block ran to its end."""

    error: ServiceError | None = None


@contextmanager
def service_errors_on(form: forms.BaseForm) -> Iterator[Refusal]:
    """Run a block; a ``ServiceError`` stops it and goes on ``form`` (on the field it names, if the form
    has that field; otherwise as a non-field error)."""
    refusal = Refusal()
    try:
        yield refusal
    except ServiceError as error:
        refusal.error = error
        add_service_error(form, error)


@contextmanager
def service_errors_as_messages(request: HttpRequest) -> Iterator[Refusal]:
    """Run a block; a ``ServiceError`` stops it and becomes an error message for the next page."""
    refusal = Refusal()
    try:
        yield refusal
    except ServiceError as error:
        refusal.error = error
        messages.error(request, str(error.message))


def is_member(access: PlaceAccess) -> bool:
    """An active member of the place, or one of the instance's operators (superusers act everywhere)."""
    return access.is_member or bool(getattr(access.user, "is_superuser", False))


def require_member(request: HttpRequest) -> None:
    """404 unless ``request.access`` (set by ``place_view``) is an active member's (or an operator's)."""
    if not is_member(request.access):  # type: ignore[attr-defined]  # set by place_view
        raise Http404


def member_required(view):
    """Keep a place page to its active members (and operators): anyone else gets a 404, as for another
    place's private page. Goes under ``@place_view(...)`` (which sets ``request.access``) and under
    ``@require_POST`` where there is one, so a wrong method is still answered 405 first."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        require_member(request)
        return view(request, *args, **kwargs)

    return wrapper
