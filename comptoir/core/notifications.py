"""One way out for messages to people: e-mail, or SMS for someone who gave only a phone number.

Services call :func:`notify_on_commit` so that nothing is sent for a write that rolled back. The message is
rendered at once and kept in the outbox of the ``tasks`` app (the ``delivery_enqueue`` hook), in the caller's
transaction: the task queue sends it after commit, outside the request, and retries it with back-off while
the mail server or the SMS gateway is down (``comptoir/tasks/README.md``). Without an app answering that
hook, the message is sent in an ``on_commit`` callback. :func:`notify` sends at once, in the caller's thread.

Channel: the e-mail address when there is one (``to``), else the phone number (``phone``) by SMS. An SMS is
the plain-text template ``<template>_sms.txt`` (short; falls back to the subject line when an app has none),
sent through the backend named by ``settings.COMPTOIR_SMS_BACKEND`` (dotted path of a class with
``send(messages)``):

- ``comptoir.core.notifications.FileSMSBackend`` (default): one file per message under
  ``settings.COMPTOIR_SMS_FILE_PATH`` (default ``<VAR_DIR>/sms/``), for a gateway or a person to pick up;
- ``comptoir.core.notifications.ConsoleSMSBackend``: printed on the standard output;
- ``comptoir.core.notifications.LocmemSMSBackend``: kept in ``notifications.sms_outbox`` (tests).

Phone numbers are read with the ``phonenumbers`` package (French by default: ``06 12 34 56 78``,
``0033…`` and ``+…`` numbers of any country) and kept in E.164 (``+33612345678``); a number that is not a
valid mobile one (a landline cannot receive an SMS) is not sent to (logged).
"""

from __future__ import annotations

import logging
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from comptoir.core.registry import hook_one

logger = logging.getLogger(__name__)

DEFAULT_SMS_BACKEND = "comptoir.core.notifications.FileSMSBackend"
SMS_MAX_LENGTH = 480  # three segments
DEFAULT_REGION = "FR"
SMS_NUMBER_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


@dataclass(frozen=True)
class SMS:
    to: str
    body: str


sms_outbox: list[SMS] = []


def normalise_phone(raw: str, *, region: str = DEFAULT_REGION) -> str | None:
    """``raw`` as E.164 (``+33612345678``), or None when it is not a valid number that takes SMS."""
    text = (raw or "").strip()
    # phonenumbers reads letters as keypad digits (vanity numbers): a typo must not become a number.
    if not text or any(c not in "0123456789 +.-()/" for c in text):
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in SMS_NUMBER_TYPES:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class FileSMSBackend:
    """One text file per message (``<timestamp>-<random>.txt``: a ``To:`` line, a blank line, the text)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or getattr(settings, "COMPTOIR_SMS_FILE_PATH", None) or Path(settings.VAR_DIR) / "sms")

    def send(self, messages: list[SMS]) -> int:
        self.path.mkdir(parents=True, exist_ok=True)
        for message in messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.txt"
            (self.path / name).write_text(f"To: {message.to}\n\n{message.body}\n", encoding="utf-8")
        return len(messages)


class ConsoleSMSBackend:
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, messages: list[SMS]) -> int:
        for message in messages:
            self.stream.write(f"SMS to {message.to}\n{message.body}\n{'-' * 40}\n")
        self.stream.flush()
        return len(messages)


class LocmemSMSBackend:
    def send(self, messages: list[SMS]) -> int:
        sms_outbox.extend(messages)
        return len(messages)


def sms_backend():
    return import_string(getattr(settings, "COMPTOIR_SMS_BACKEND", DEFAULT_SMS_BACKEND))()


def _sms_text(template: str, context: dict) -> str:
    try:
        text: str = render_to_string(f"{template}_sms.txt", context)
    except TemplateDoesNotExist:
        text = render_to_string(f"{template}_subject.txt", context)
    text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text) > SMS_MAX_LENGTH:
        text = text[: SMS_MAX_LENGTH - 1].rstrip() + "…"
    return text


def send_sms(*, to: str, body: str) -> bool:
    """Send one SMS through the configured backend; False (and a warning) when the number is not usable."""
    number = normalise_phone(to)
    if number is None:
        logger.warning("SMS not sent: unusable phone number.")
        return False
    sms_backend().send([SMS(to=number, body=body)])
    return True


def channel_for(*, to: str = "", phone: str = "") -> str | None:
    """ "email" when there is an address, "sms" for someone who gave only a phone number, else None."""
    if to:
        return "email"
    if phone:
        return "sms"
    return None


@dataclass(frozen=True)
class Message:
    """A rendered message: ``channel`` "email" (``subject`` and ``body``) or "sms" (``body`` only), to
    ``recipient`` (an e-mail address, or a phone number in E.164)."""

    channel: str
    recipient: str
    subject: str
    body: str


def render(
    *, to: str = "", template: str, context: dict, language: str | None = None, phone: str = ""
) -> Message | None:
    """The message :func:`notify` would send, or None when there is nobody to send it to (no address, and no
    phone number that takes SMS)."""
    channel = channel_for(to=to, phone=phone)
    if channel is None:
        return None
    with translation.override(language or settings.LANGUAGE_CODE):
        if channel == "sms":
            number = normalise_phone(phone)
            if number is None:
                logger.warning("SMS not sent: unusable phone number.")
                return None
            return Message(channel="sms", recipient=number, subject="", body=_sms_text(template, context))
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return Message(channel="email", recipient=to, subject=subject, body=body)


def send_message(message: Message) -> None:
    """Hand ``message`` to the e-mail or SMS backend; raises what the backend raises (the queue retries)."""
    if message.channel == "sms":
        sms_backend().send([SMS(to=message.recipient, body=message.body)])
    else:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient], fail_silently=False)


def notify(*, to: str = "", template: str, context: dict, language: str | None = None, phone: str = "") -> None:
    """E-mail ``<template>_subject.txt`` and ``<template>.txt`` to ``to``; or, without an address, SMS
    ``<template>_sms.txt`` to ``phone``. Nothing when neither is given. Sent at once, in the caller's thread."""
    message = render(to=to, template=template, context=context, language=language, phone=phone)
    if message is not None:
        send_message(message)


def notify_on_commit(
    *,
    to: str = "",
    template: str,
    context: dict,
    language: str | None = None,
    phone: str = "",
    place: Any = None,
    key: str = "",
) -> None:
    """:func:`notify` once the caller's transaction commits, through the task queue (see the module docstring).

    ``place``: whose staff see the message if it cannot be delivered (``context["place"]`` by default).
    ``key``: a unique key for messages a job may try to send twice (a second call with the same key keeps
    the first message and sends nothing more); a new one per call by default.
    """
    enqueue = hook_one("delivery_enqueue")
    if enqueue is None:
        transaction.on_commit(
            lambda: notify(to=to, template=template, context=context, language=language, phone=phone)
        )
        return
    message = render(to=to, template=template, context=context, language=language, phone=phone)
    if message is None:
        return
    enqueue(
        place=place if place is not None else context.get("place"),
        channel=message.channel,
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
        key=key,
    )


__all__ = [
    "SMS",
    "ConsoleSMSBackend",
    "FileSMSBackend",
    "LocmemSMSBackend",
    "Message",
    "channel_for",
    "normalise_phone",
    "notify",
    "notify_on_commit",
    "render",
    "send_message",
    "send_sms",
    "sms_outbox",
]
