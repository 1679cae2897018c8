"""What every syntax-tree node shares: the span field that stays out of equality, and blocks."""

from __future__ import annotations

from typing import TypeVar

import attrs

from slac.source import Span

NOWHERE = Span(0, 0, 0, 0)  # for hand-built nodes (tests, generated policies)


def span_field() -> Span:
    """The `span` of a node: keyword-only, NOWHERE when left out, outside equality and repr."""
    return attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


T = TypeVar("T")


class _Block:
    """Mixin for nodes with a `body` tuple of statements."""

    body: tuple[object, ...]

    def of(self, kind: type[T]) -> tuple[T, ...]:
        """The statements of `kind`, in source order."""
        return tuple(item for item in self.body if isinstance(item, kind))
