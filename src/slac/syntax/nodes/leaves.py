"""Syntax-tree leaves (names, strings, literals, comments) and conditions."""

from __future__ import annotations

from typing import Literal

import attrs

from slac.source import Span
from slac.syntax.nodes._base import Node, span_field

# ---------------------------------------------------------------------------------------------
# Leaves


@attrs.frozen(repr=False)
class Name(Node):
    """An identifier as written: a declaration's name or a reference to one."""

    text: str
    span: Span = span_field()


@attrs.frozen(repr=False)
class String(Node):
    """A double-quoted string, unescaped (`\\"` and `\\\\` only)."""

    value: str
    span: Span = span_field()


@attrs.frozen(repr=False)
class Value(Node):
    """A value in a condition or a field default: a bare name, a quoted string or a boolean."""

    value: str | bool
    kind: Literal["name", "string", "bool"]
    span: Span = span_field()


@attrs.frozen(repr=False)
class DurationLit(Node):
    """`2h`, `30m`, `1h30m`, `45s`: `seconds` is the sum of the parts."""

    text: str
    seconds: int
    span: Span = span_field()


@attrs.frozen(repr=False)
class TimeOfDay(Node):
    """`08:00`, `24:00`. Not range-checked here: `25:00` and `08:61` parse and are checked later."""

    text: str
    hour: int
    minute: int
    span: Span = span_field()

    @property
    def seconds(self) -> int:
        return self.hour * 3600 + self.minute * 60


@attrs.frozen(repr=False)
class DateLit(Node):
    """`2025-08-01`. Not validated here (`2025-02-30` parses)."""

    text: str
    year: int
    month: int
    day: int
    span: Span = span_field()


@attrs.frozen(repr=False)
class Percent(Node):
    """`99.9%`: `value` is 99.9."""

    text: str
    value: float
    span: Span = span_field()


@attrs.frozen(repr=False)
class Comment(Node):
    """A `# ...` comment (text includes the `#`): `own_line` when nothing precedes it on its line,
    else it ends a line of code. `Module.comments` keeps them for tools that rewrite files (the
    formatter puts each back where it was)."""

    text: str
    own_line: bool = True
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Conditions


@attrs.frozen(repr=False)
class OrCond(Node):
    operands: tuple[Condition, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class AndCond(Node):
    operands: tuple[Condition, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class NotCond(Node):
    operand: Condition
    span: Span = span_field()


@attrs.frozen(repr=False)
class IsTrue(Node):
    """A field used alone as a condition (`beta`): meant for bool fields."""

    field: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class Compare(Node):
    """`f == v`, `f != v` (one value), `f in (a, b)`, `f not in (a, b)`."""

    field: Name
    op: Literal["==", "!=", "in", "not in"]
    values: tuple[Value, ...]
    span: Span = span_field()


Condition = OrCond | AndCond | NotCond | IsTrue | Compare
