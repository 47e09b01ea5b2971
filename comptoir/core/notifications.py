"""One way out for messages to people. E-mail now (console or files by default); SMS can plug in here.

Services call :func:`notify_on_commit` so that nothing is sent for a write that rolled back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def notify(*, to: str, template: str, context: dict, language: str | None = None) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and send them by e-mail."""
    if not to:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def notify_on_commit(*, to: str, template: str, context: dict, language: str | None = None) -> None:
    transaction.on_commit(lambda: notify(to=to, template=template, context=context, language=language))
