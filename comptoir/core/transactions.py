"""One way for a service to be called on its own *and* inside another service's transaction.

A service is written once, as the body that runs inside a transaction, and decorated with
:func:`service`::

    @service
    def booking_cancel(*, booking: Booking, actor, reason: str = "", as_staff: bool = False) -> Booking:
        ...  # the writes, as if a transaction were already open

- ``booking_cancel(...)`` (views, API, commands, jobs) opens one ``transaction.atomic(durable=True)``
  around the body: the service commits on its own, and calling it inside another atomic block is a
  programming error that Django refuses (``RuntimeError``), so a caller never believes a nested write
  is committed when it is not.
- ``booking_cancel.in_transaction(...)`` (another service, a demo loader) runs the same body inside the
  caller's transaction, with the same keyword-only signature: its writes commit or roll back with the
  caller's, and the rows it locks stay locked until the caller's transaction ends. It refuses to run
  outside an atomic block (``RuntimeError``): autocommit would release those locks after each query.
  No savepoint is added (a body that wants one opens ``transaction.atomic()`` itself): a
  :class:`~comptoir.core.errors.ServiceError` it raises should end the caller's transaction, or be
  caught around a savepoint the caller opens (on PostgreSQL a refused statement leaves the transaction
  unusable until rolled back).

Two options cover the services that do some work outside the transaction on purpose:

- ``prepare``: a function of the call's arguments (a dict, defaults filled in) returning the arguments
  the body receives. The durable call runs it *before* opening the transaction (reads that need no
  lock, so the lock is held for fewer queries: ``spaces.booking_create`` resolves the person's roles
  there); ``.in_transaction`` runs it first inside the caller's transaction. The body may then rely on
  prepared arguments in both cases.
- ``guard``: a context manager factory wrapped around the durable transaction (so it also sees errors
  raised at commit) and around the body in ``.in_transaction`` (``spaces._slot_guard`` turns
  PostgreSQL's exclusion violation into a ``Conflict``).

Why a decorator rather than twin functions or Zulip's ``savepoint=``/``durable=`` keyword: a twin
repeats every signature (thirteen did, and drifted); a keyword lets one call site pick a transaction
mode by a flag that type checkers and reviewers cannot see. ``.in_transaction`` is greppable, typed
with the same parameters (``ParamSpec``) and cannot be mistaken for the durable call.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar, overload

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

__all__ = ["Service", "require_transaction", "service"]


def require_transaction(using: str | None = None) -> None:
    """Refuse to run outside an atomic block: an in-transaction body relies on the caller's transaction."""
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("This service runs inside the caller's transaction (transaction.atomic()).")


class Service(Generic[P, R]):
    """A service body callable durably (``service(...)``) or in the caller's transaction
    (``service.in_transaction(...)``). Made by :func:`service`; see the module docstring."""

    def __init__(
        self,
        body: Callable[P, R],
        *,
        prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        guard: Callable[[], contextlib.AbstractContextManager[Any]] | None = None,
    ) -> None:
        functools.update_wrapper(self, body)
        self.body = body
        self.prepare = prepare
        self.guard = guard
        self._signature = inspect.signature(body) if prepare is not None else None

    def _prepared(self, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
        bound = self._signature.bind(*args, **kwargs)  # type: ignore[union-attr]
        bound.apply_defaults()
        return self.prepare(dict(bound.arguments))  # type: ignore[misc]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the service in its own durable transaction."""
        if self.prepare is not None:
            kwargs = self._prepared(args, kwargs)  # type: ignore[assignment]
            args = ()  # type: ignore[assignment]
        with self.guard() if self.guard is not None else contextlib.nullcontext():
            with transaction.atomic(durable=True):
                return self.body(*args, **kwargs)

    def in_transaction(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the service inside the caller's transaction (which must be open)."""
        require_transaction()
        if self.prepare is not None:
            kwargs = self._prepared(args, kwargs)  # type: ignore[assignment]
            args = ()  # type: ignore[assignment]
        if self.guard is None:
            return self.body(*args, **kwargs)
        with self.guard():
            return self.body(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<service {self.__module__}.{self.body.__qualname__}>"


Prepare = Callable[[dict[str, Any]], dict[str, Any]]
Guard = Callable[[], contextlib.AbstractContextManager[Any]]


@overload
def service(body: Callable[P, R], /) -> Service[P, R]: ...


@overload
def service(
    *, prepare: Prepare | None = None, guard: Guard | None = None
) -> Callable[[Callable[P, R]], Service[P, R]]: ...


def service(
    body: Callable[P, R] | None = None,
    /,
    *,
    prepare: Prepare | None = None,
    guard: Guard | None = None,
) -> Service[P, R] | Callable[[Callable[P, R]], Service[P, R]]:
    """Make ``body`` a :class:`Service`: durable when called, ``.in_transaction`` inside a caller's
    transaction. Use bare (``@service``) or with options (``@service(prepare=..., guard=...)``)."""
    if body is not None:
        return Service(body, prepare=prepare, guard=guard)

    def decorate(func: Callable[P, R]) -> Service[P, R]:
        return Service(func, prepare=prepare, guard=guard)

    return decorate
