"""Syntax-tree nodes of declarations: header, calendars, fields, priorities, business hours,
statuses and exclusions."""

from __future__ import annotations

from typing import Literal

import attrs

from slac.source import Span
from slac.syntax.nodes._base import Node, _Block, span_field
from slac.syntax.nodes.leaves import Condition, DateLit, DurationLit, Name, String, TimeOfDay, Value

# ---------------------------------------------------------------------------------------------
# Policy header


@attrs.frozen(repr=False)
class Version(Node):
    value: String
    span: Span = span_field()


@attrs.frozen(repr=False)
class Effective(Node):
    date: DateLit
    span: Span = span_field()


@attrs.frozen(repr=False)
class Timezone(Node):
    """`timezone "Europe/London"`: in the policy header, or inside `availability`."""

    zone: String
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Calendars


@attrs.frozen(repr=False)
class Zone(Node):
    zone: String
    span: Span = span_field()


@attrs.frozen(repr=False)
class DayRange(Node):
    """`mon` (last is None) or `mon-fri`. Day names are plain names, checked later."""

    first: Name
    last: Name | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class TimeRange(Node):
    """`08:00-20:00`; a close at or before the open crosses midnight (`08:00-01:00`)."""

    open: TimeOfDay
    close: TimeOfDay
    span: Span = span_field()


@attrs.frozen(repr=False)
class Window(Node):
    """`mon-fri 08:00-12:00, 13:00-17:00`, `sat, sun 10:00-14:00`."""

    days: tuple[DayRange, ...]
    ranges: tuple[TimeRange, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class HolidayRegion(Node):
    """`GB/ENG` or `US`: a country and optional subdivision for the `holidays` package."""

    country: Name
    subdivision: Name | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class Holidays(Node):
    regions: tuple[HolidayRegion, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class Closed(Node):
    """`closed 2025-12-24, 2025-12-31`: extra closed dates."""

    dates: tuple[DateLit, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class CalendarUnion(Node):
    """`union copenhagen, new_york`: open while any member is open."""

    members: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class DayLength(Node):
    length: DurationLit
    span: Span = span_field()


@attrs.frozen(repr=False)
class AlwaysOpen(Node):
    """`always open`: wall-clock 24x7."""

    span: Span = span_field()


CalendarStatement = Zone | Window | Holidays | Closed | CalendarUnion | DayLength | AlwaysOpen


@attrs.frozen(repr=False)
class Calendar(_Block):
    name: Name
    body: tuple[CalendarStatement, ...]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Fields and priorities


@attrs.frozen(repr=False)
class Field(Node):
    """`field beta: bool = false`, `field note: text`, `field tier: gold | silver = gold`."""

    name: Name
    kind: Literal["bool", "text", "enum"]
    values: tuple[Name, ...] = ()  # enumerations only
    default: Value | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class Priorities(Node):
    """`priorities P1, P2, P3`: most urgent first."""

    names: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class MatrixRow(Node):
    """One row of a priority matrix: the row field's value, then a priority per column."""

    value: Name
    cells: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class PriorityMatrix(Node):
    """`priority from ROW x COLUMN [when COND] { header, rows }`."""

    row_field: Name
    column_field: Name
    when: Condition | None
    columns: tuple[Name, ...]  # the header line: values of the column field
    rows: tuple[MatrixRow, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class PriorityWhen(Node):
    """`priority P5 when type != incident`."""

    priority: Name
    when: Condition
    span: Span = span_field()


@attrs.frozen(repr=False)
class PriorityDefault(Node):
    """`priority default P3`."""

    priority: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class PriorityCap(Node):
    """`priority at most P2 when plan == standard`: caps the priority the customer names on
    `created`, not the desk's `priority` events."""

    priority: Name
    when: Condition
    span: Span = span_field()


@attrs.frozen(repr=False)
class PriorityPrecedence(Node):
    """`named priority wins` (the default) or `derived priority wins`."""

    winner: Literal["named", "derived"]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Business hours, statuses, exclusions (policy level; business hours also in metrics)


@attrs.frozen(repr=False)
class BusinessHours(Node):
    """`business hours support`."""

    calendar: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class HoursEntry(Node):
    """`P1, P2: holiday_cover` or `uk: uk` inside `business hours by ... { }`."""

    keys: tuple[Name, ...]
    calendar: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class BusinessHoursByPriority(Node):
    entries: tuple[HoursEntry, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class BusinessHoursByField(Node):
    field: Name
    entries: tuple[HoursEntry, ...]
    span: Span = span_field()


AnyBusinessHours = BusinessHours | BusinessHoursByPriority | BusinessHoursByField


@attrs.frozen(repr=False)
class ResolvedWhen(Node):
    """`resolved when status resolved, closed`."""

    statuses: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class Exclude(Node):
    reason: String
    when: Condition
    span: Span = span_field()
