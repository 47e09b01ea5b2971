"""Schemas every router shares: the body of a refusal and the statuses that carry it."""

from __future__ import annotations

from ninja import Schema


# A refusal: ``detail`` for people, ``code`` for programs (see the handlers in ``comptoir.api.api``).
# In core, so that every app's API may use it (apps never import the top `api` app's modules).
# No docstring: it would become the schema's description in the OpenAPI document.
class ErrorOut(Schema):
    detail: str
    code: str | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
