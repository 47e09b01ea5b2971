"""Every write of the programme engine. Each public service is a ``@service`` (``comptoir.core.transactions``):
one durable transaction when called, ``.in_transaction(...)`` inside a caller's (the EPN's workshops and the
fablab's trainings will call them so). Each records an audit entry; messages go after commit.

Layers, imported one way: ``programme.cleaning`` (pure checks) → ``common`` (the session lock, counting,
messages) → ``registrations`` (the waiting-list primitive and the registration services) → ``sessions``,
``activities``, ``attendance``.
"""

from comptoir.programme.services.activities import activity_create, activity_update  # noqa: F401
from comptoir.programme.services.attendance import (  # noqa: F401
    attendance_record,
    checkin_by_qr,
    walk_in_record,
)
from comptoir.programme.services.registrations import (  # noqa: F401
    registration_cancel,
    registration_create,
    waiting_list_promote,
)
from comptoir.programme.services.sessions import session_cancel, session_schedule  # noqa: F401
