"""The one task of the outbox, on the task queue (django-tasks; the database backend in production).

:func:`deliver` is what a worker (``manage.py db_worker``) runs: one attempt at sending one
:class:`~comptoir.tasks.models.Delivery`. django-tasks has no retries of its own, so this module adds the
thin layer it needs, on the delivery row rather than in the queue:

- idempotency: a short transaction locks the row and *claims* it (``sending``, ``attempts + 1``, held until
  ``claimed_until``); a message already ``sent`` (or ``failed`` for good, or held by a live worker) is left
  alone, so a retried or duplicate task never sends it twice; the message is handed to the e-mail or SMS
  backend outside any transaction (an SMTP server may take seconds, and SQLite must not stay locked
  meanwhile), then a second transaction marks it ``sent``. Only a worker dying between the mail server's
  acceptance and that commit can lead to a second copy, once its claim has expired;
- retries with exponential back-off: a failed attempt records the error and enqueues the next one with
  ``run_after`` (``COMPTOIR_DELIVERY_RETRY_SECONDS`` × 4^(attempt−1), ±10 %: 1 min, 4 min, 16 min,
  about 1 h, about 4 h by default); after ``COMPTOIR_DELIVERY_ATTEMPTS`` attempts (6) the delivery is
  ``failed``: the dead letters its place's admins see, and send again, on the "Messages not sent" page.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from comptoir.core.notifications import Message, send_message
from comptoir.tasks.models import Delivery

logger = logging.getLogger(__name__)

CLAIM = dt.timedelta(minutes=10)  # longer than any SMTP time-out: a worker still sending keeps its claim


def max_attempts() -> int:
    return int(getattr(settings, "COMPTOIR_DELIVERY_ATTEMPTS", 6))


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed attempt (exponential, with a little jitter so that
    the messages held up by one outage do not all come back in the same second)."""
    base = float(getattr(settings, "COMPTOIR_DELIVERY_RETRY_SECONDS", 60))
    seconds = min(base * 4 ** max(attempts - 1, 0), 6 * 3600)
    return dt.timedelta(seconds=seconds * random.uniform(0.9, 1.1))


@task()
def deliver(delivery_id: int) -> str:
    """One attempt at sending the delivery ``delivery_id``; what became of it ("sent", "retry", "failed", or
    why nothing was done)."""
    return delivery_attempt(delivery_id=delivery_id)


def schedule(*, delivery_id: int, at: dt.datetime | None = None) -> None:
    """Enqueue an attempt at sending (not before ``at``). Called inside a transaction, the attempt runs once it
    commits: with the database backend the task is a row of that same transaction; any other backend is
    called in an ``on_commit`` callback (the immediate one sends there and then)."""
    backend = deliver.get_backend()
    if at is not None and not backend.supports_defer:
        return  # the immediate backend cannot wait: `deliveries_resume` (hourly) tries again once it is due
    job = deliver if at is None else deliver.using(run_after=at)
    if isinstance(backend, DatabaseBackend):
        job.enqueue(delivery_id=delivery_id)
    else:
        transaction.on_commit(lambda: job.enqueue(delivery_id=delivery_id), robust=True)


def delivery_attempt(*, delivery_id: int) -> str:
    """Send the delivery unless it left already (see the module docstring). Runs outside any transaction."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return "gone"
        if delivery.state in (Delivery.State.SENT, Delivery.State.FAILED):
            return str(delivery.state)
        if delivery.state == Delivery.State.SENDING and delivery.claimed_until and delivery.claimed_until > now:
            return "busy"
        if delivery.state == Delivery.State.PENDING and delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "early"  # a duplicate task: the one enqueued for that time will come
        delivery.state = Delivery.State.SENDING
        delivery.attempts += 1
        delivery.claimed_until = now + CLAIM
        delivery.save(update_fields=["state", "attempts", "claimed_until"])
    message = Message(
        channel=delivery.channel, recipient=delivery.recipient, subject=delivery.subject, body=delivery.body
    )
    try:
        send_message(message)
    except Exception as error:  # noqa: BLE001 - whatever the backend raises, the message waits and is retried
        return _failed(delivery_id=delivery.pk, error=error)
    with transaction.atomic(durable=True):
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.SENDING).update(
            state=Delivery.State.SENT, sent_at=timezone.now(), claimed_until=None, next_attempt_at=None, last_error=""
        )
    return "sent"


def _failed(*, delivery_id: int, error: Exception) -> str:
    now = timezone.now()
    with transaction.atomic(durable=True):
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        delivery.claimed_until = None
        if delivery.attempts >= max_attempts():
            delivery.state = Delivery.State.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.state = Delivery.State.PENDING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            schedule(delivery_id=delivery.pk, at=delivery.next_attempt_at)
        delivery.save(update_fields=["last_error", "claimed_until", "state", "next_attempt_at"])
    # No recipient in the log: it is personal data, and the place's admins see it on their page.
    logger.warning(
        "Delivery %s (%s) failed, attempt %s of %s: %s",
        delivery.pk, delivery.channel, delivery.attempts, max_attempts(), delivery.last_error,
    )  # fmt: skip
    return "failed" if delivery.state == Delivery.State.FAILED else "retry"
