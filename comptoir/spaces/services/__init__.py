"""Every write of the spaces app. One durable transaction and one audit entry per public service."""

from comptoir.spaces.services.bookings import (  # noqa: F401
    booking_cancel,
    booking_confirm,
    booking_create,
    booking_move,
    booking_no_show,
)
from comptoir.spaces.services.resources import (  # noqa: F401
    calendar_token_reset,
    closure_create,
    closure_delete,
    open_state_set,
    resource_calendar_token_reset,
    resource_create,
    resource_update,
)
from comptoir.spaces.services.series import (  # noqa: F401
    booking_series_create,
    booking_series_preview,
)
