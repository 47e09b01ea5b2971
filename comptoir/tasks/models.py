import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return uuid.uuid4().hex


class Delivery(models.Model):
    """One message to one person (an e-mail or an SMS), kept until it is sent: the outbox.

    The row is written in the transaction of the write that causes the message, so a message exists exactly
    when its cause was committed; the task queue sends it afterwards. ``state`` is how a retried or duplicate
    task knows that the message left already (``sent``): nothing is ever sent twice by a retry. ``key`` is
    unique: a job that may run twice gives the same key and gets one message.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=120, unique=True, default=new_key)
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("message"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker holds a message it is sending until then; past it, the worker is presumed dead.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["place", "state", "-created_at"], name="tasks_delivery_place_state"),
            models.Index(fields=["state", "next_attempt_at"], name="tasks_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.subject or self.body[:40]}"
