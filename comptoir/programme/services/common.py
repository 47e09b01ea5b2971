"""What the programme's services share: the session's row lock, the message context, date formatting.

Lock order, for every service that changes a session's seats: the session row first
(``select_for_update``; on SQLite the IMMEDIATE transaction already serialises writers), then the
resource's claim when a room is booked or cancelled (spaces never locks sessions, so no deadlock).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from comptoir.core.notifications import notify_on_commit
from comptoir.programme.models import Registration, Session

if TYPE_CHECKING:
    from comptoir.people.models import User


def session_lock(session_id: int) -> Session:
    """The session row, locked until the transaction ends (call inside one), with its activity and place."""
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("activity", "place", "room_booking__resource")
        .get(pk=session_id)
    )


def seats_taken(session: Session) -> int:
    """Confirmed seats of the session (read under its lock to be exact)."""
    total = Registration.objects.filter(session=session, state=Registration.State.CONFIRMED).aggregate(
        n=Sum("seats")
    )["n"]
    return int(total or 0)


def when(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return f"{timezone.localtime(moment, tz):%d/%m/%Y %H:%M}"


def manage_url(registration: Registration, session: Session) -> str:
    """The absolute self-service link, when the instance knows its address (``COMPTOIR_BASE_URL``)."""
    base = getattr(settings, "COMPTOIR_BASE_URL", "")
    if not base:
        return ""
    return base.rstrip("/") + reverse(
        "programme:registration", kwargs={"place_slug": session.place.slug, "token": registration.token}
    )


def tell(registration: Registration, session: Session, template: str, *, language: str | None = None) -> None:
    """Send ``programme/email/<template>`` to the registered person after commit (e-mail, else SMS)."""
    user: User | None = registration.user
    email = registration.email or (user.email if user is not None else "")
    context = {
        "registration": registration, "session": session, "activity": session.activity, "place": session.place,
        "manage_url": manage_url(registration, session), "when": when(session.starts_at, session.place.tz),
    }  # fmt: skip
    notify_on_commit(
        to=email, phone=registration.phone, template=f"programme/email/{template}", context=context,
        language=language or (user.preferred_language if user is not None else None),
    )  # fmt: skip
