"""Every write of the outbox: keep a message, send a dead one again, resume what a crash left, prune.

The sending itself (one attempt, the retries and their back-off) is the task in :mod:`comptoir.tasks.queue`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from comptoir.audit.services import audit_record
from comptoir.core.errors import ServiceError
from comptoir.tasks.models import Delivery
from comptoir.tasks.queue import schedule

if TYPE_CHECKING:
    from comptoir.people.models import User
    from comptoir.places.models import Place

# A message whose attempt is this late has lost its task (a crash between commit and enqueue, a worker
# killed while sending, the immediate backend that cannot wait): `deliveries_resume` enqueues it again.
RESUME_AFTER = dt.timedelta(minutes=10)


def delivery_create(
    *, place: Place | None, channel: str, recipient: str, subject: str, body: str, key: str = ""
) -> Delivery:
    """Keep a rendered message in the outbox and enqueue its sending. Inside the caller's transaction (the
    message exists exactly when the write that causes it commits), or alone in autocommit. A ``key`` already
    used returns that message: nothing more is sent."""
    fields = {"place": place, "channel": channel, "recipient": recipient, "subject": subject, "body": body}
    if key:
        delivery, created = Delivery.objects.get_or_create(key=key, defaults=fields)
        if not created:
            return delivery
    else:
        delivery = Delivery.objects.create(**fields)
    schedule(delivery_id=delivery.pk)
    return delivery


def delivery_retry(*, delivery: Delivery, actor: User | None) -> Delivery:
    """A place admin sends a message that could not be sent (``failed``) again: a new series of attempts."""
    with transaction.atomic(durable=True):
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.state != Delivery.State.FAILED:
            raise ServiceError(_("Only a message that could not be sent can be sent again."), code="not_failed")
        before = {"state": delivery.state, "attempts": delivery.attempts, "last_error": delivery.last_error}
        delivery.state = Delivery.State.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
        audit_record(
            place=delivery.place, actor=actor, action="delivery.retried", obj=delivery, before=before,
            after={"state": delivery.state, "attempts": 0},
        )  # fmt: skip
        schedule(delivery_id=delivery.pk)
    return delivery


def deliveries_resume(*, now: dt.datetime | None = None) -> int:
    """Enqueue again every message that should have been tried by now and was not (see ``RESUME_AFTER``);
    the number enqueued. Idempotent: an attempt at a message that left already does nothing."""
    now = now or timezone.now()
    late = now - RESUME_AFTER
    with transaction.atomic(durable=True):
        # A worker that died while sending: its claim has expired, the message waits again.
        Delivery.objects.filter(state=Delivery.State.SENDING, claimed_until__lt=now).update(
            state=Delivery.State.PENDING, claimed_until=None, next_attempt_at=None
        )
        due = Delivery.objects.filter(state=Delivery.State.PENDING).filter(
            Q(next_attempt_at__lte=late) | Q(next_attempt_at__isnull=True, created_at__lte=late)
        )
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:5000])
        for delivery_id in ids:
            schedule(delivery_id=delivery_id)
    return len(ids)


def deliveries_prune(*, now: dt.datetime | None = None) -> int:
    """Delete the messages sent more than ``COMPTOIR_DELIVERY_KEEP_DAYS`` (30) days ago (they hold personal
    data and are no longer needed) and the queue's finished task results (django-tasks-db's
    ``prune_db_task_results``); the number of messages deleted. Failed ones stay until sent or until
    their place is deleted."""
    now = now or timezone.now()
    keep = dt.timedelta(days=int(getattr(settings, "COMPTOIR_DELIVERY_KEEP_DAYS", 30)))
    with transaction.atomic(durable=True):
        deleted, _by_model = Delivery.objects.filter(state=Delivery.State.SENT, sent_at__lt=now - keep).delete()
    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=14, verbosity=0)
    return deleted
