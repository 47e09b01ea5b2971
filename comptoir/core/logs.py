"""Logging filters.

Django logs every 4xx response as a warning. A 409 is the booking engine's (or the numbering's)
ordinary answer when someone else took the slot first: on a busy morning it would fill the logs with
expected refusals and hide the warnings that matter (400, 403, 404 stay logged).
"""

from __future__ import annotations

import logging


class SkipExpectedRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "django.request" and getattr(record, "status_code", None) == 409)
