from comptoir.core.errors import ServiceError


def add_service_error(form, error: ServiceError) -> None:
    """Show a service's refusal on the form, on its field when the service named one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
