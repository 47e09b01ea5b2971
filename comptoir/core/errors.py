"""Errors raised by services: a message for people, a code for programs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ServiceError(Exception):
    """A rule said no. Views show ``message``; the API answers 400 with ``{"detail": message}``."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: StrOrPromise | None = None, *, code: str | None = None, field: str | None = None):
        self.message = message if message is not None else _("This action is not possible.")
        if code:
            self.code = code
        self.field = field
        super().__init__(str(self.message))


class Conflict(ServiceError):
    """Someone else took the thing first (a slot, a seat, a number)."""

    status_code = 409
    code = "conflict"


class NotAllowed(ServiceError):
    status_code = 403
    code = "forbidden"
