"""One marker for "the caller did not say", where None is itself an answer.

A service may take a value the caller already read (``roles=``, ``membership=``) to save a query; None
there means "not a member" / "no membership", so "not given" needs its own marker: :data:`NOT_GIVEN`.
"""

from __future__ import annotations


class NotGiven:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven()
