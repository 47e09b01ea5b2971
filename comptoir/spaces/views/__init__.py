"""Pages of the spaces app: the member's search and slot picker, my bookings, the staff week view,
iCalendar feeds and SpaceAPI. Thin: forms in, services/selectors, templates out."""

from comptoir.spaces.views.feeds import ical_member, ical_resource, spaceapi_place, spaceapi_root  # noqa: F401
from comptoir.spaces.views.member import (  # noqa: F401
    book,
    calendar_reset,
    cancel,
    index,
    move,
    my_bookings,
    repeat,
    resource_detail,
)
from comptoir.spaces.views.staff import (  # noqa: F401
    booking_manage,
    closure_add,
    closure_remove,
    open_state,
    resource_edit,
    resource_feed_reset,
    resources_manage,
    staff_book,
    week,
)
