"""Logging filters.

Django logs every 4xx response as a warning. A 409 is the booking engine's (or the numbering's)
ordinary answer when someone else took the slot first: on a busy morning it would fill the logs with
expected refusals and hide the warnings that matter (400, 403, 404 stay logged).

A 403 or a 404 is a visitor's wrong address or missing right, not a fault of the code: it stays one
line ("Forbidden (Permission denied): /path"), without the traceback Django attaches to it.
"""

from __future__ import annotations

import logging


class SkipExpectedRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "django.request" and getattr(record, "status_code", None) == 409)


class OneLineClientErrors(logging.Filter):
    """Drop the traceback of django.request's 403 and 404 records: the message says all there is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True
