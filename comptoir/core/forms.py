from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.core.errors import ServiceError

if TYPE_CHECKING:
    from django.forms import BaseForm


def add_service_error(form: BaseForm, error: ServiceError) -> None:
    """Show a service's refusal on the form, on its field when the service named one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
