"""The syntax tree of a `.sla` file: what the author wrote, with spans, before any name is resolved.

One class per grammar rule, same name in CamelCase (`target_row` <-> `TargetRow`); the builder
(`slac.syntax.build`) makes them from Lark's tree, the checks (`slac.check`) walk them, the
compiler (`slac.compile`) turns a checked tree into `slac.ir`.

Conventions:
- Every node has `span` (keyword-only, kept out of equality and repr), so tests compare trees
  without positions and hand-built nodes may leave it out.
- Every identifier, declaration or reference, is a `Name` with its own span, so a diagnostic
  about an unknown calendar points at the name, not the whole statement.
- Blocks keep their statements as one tuple in source order (`Policy.body`, `Calendar.body`,
  ...): duplicates and order are the checks' business, not the grammar's. `of(cls)` picks the
  statements of one kind.
- Nothing here is validated beyond the grammar: day names, times like `25:00`, zones, holiday
  countries, percentages and whether names exist are checked later.
"""

from __future__ import annotations

from typing import Literal, TypeVar, Union

import attrs

from slac.source import Span

NOWHERE = Span(0, 0, 0, 0)  # for hand-built nodes (tests, generated policies)


def _span():
    return attrs.field(default=NOWHERE, eq=False, repr=False, kw_only=True)


T = TypeVar("T")


class _Block:
    """Mixin for nodes with a `body` tuple of statements."""

    body: tuple

    def of(self, kind: type[T]) -> tuple[T, ...]:
        """The statements of `kind`, in source order."""
        return tuple(item for item in self.body if isinstance(item, kind))


# ---------------------------------------------------------------------------------------------
# Leaves


@attrs.frozen
class Name:
    """An identifier as written: a declaration's name or a reference to one."""

    text: str
    span: Span = _span()


@attrs.frozen
class String:
    """A double-quoted string, unescaped (`\\"` and `\\\\` only)."""

    value: str
    span: Span = _span()


@attrs.frozen
class Value:
    """A value in a condition or a field default: a bare name, a quoted string or a boolean."""

    value: str | bool
    kind: Literal["name", "string", "bool"]
    span: Span = _span()


@attrs.frozen
class DurationLit:
    """`2h`, `30m`, `1h30m`, `45s`: `seconds` is the sum of the parts."""

    text: str
    seconds: int
    span: Span = _span()


@attrs.frozen
class TimeOfDay:
    """`08:00`, `24:00`. Not range-checked here: `25:00` and `08:61` parse and are checked later."""

    text: str
    hour: int
    minute: int
    span: Span = _span()

    @property
    def seconds(self) -> int:
        return self.hour * 3600 + self.minute * 60


@attrs.frozen
class DateLit:
    """`2025-08-01`. Not validated here (`2025-02-30` parses)."""

    text: str
    year: int
    month: int
    day: int
    span: Span = _span()


@attrs.frozen
class Percent:
    """`99.9%`: `value` is 99.9."""

    text: str
    value: float
    span: Span = _span()


@attrs.frozen
class Comment:
    """A `# ...` comment (text includes the `#`), kept for tools that rewrite files."""

    text: str
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Conditions


@attrs.frozen
class OrCond:
    operands: tuple["Condition", ...]
    span: Span = _span()


@attrs.frozen
class AndCond:
    operands: tuple["Condition", ...]
    span: Span = _span()


@attrs.frozen
class NotCond:
    operand: "Condition"
    span: Span = _span()


@attrs.frozen
class IsTrue:
    """A field used alone as a condition (`beta`): meant for bool fields."""

    field: Name
    span: Span = _span()


@attrs.frozen
class Compare:
    """`f == v`, `f != v` (one value), `f in (a, b)`, `f not in (a, b)`."""

    field: Name
    op: Literal["==", "!=", "in", "not in"]
    values: tuple[Value, ...]
    span: Span = _span()


Condition = Union[OrCond, AndCond, NotCond, IsTrue, Compare]


# ---------------------------------------------------------------------------------------------
# Policy header


@attrs.frozen
class Version:
    value: String
    span: Span = _span()


@attrs.frozen
class Effective:
    date: DateLit
    span: Span = _span()


@attrs.frozen
class Timezone:
    """`timezone "Europe/London"`: in the policy header, or inside `availability`."""

    zone: String
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Calendars


@attrs.frozen
class Zone:
    zone: String
    span: Span = _span()


@attrs.frozen
class DayRange:
    """`mon` (last is None) or `mon-fri`. Day names are plain names, checked later."""

    first: Name
    last: Name | None = None
    span: Span = _span()


@attrs.frozen
class TimeRange:
    """`08:00-20:00`; a close at or before the open crosses midnight (`08:00-01:00`)."""

    open: TimeOfDay
    close: TimeOfDay
    span: Span = _span()


@attrs.frozen
class Window:
    """`mon-fri 08:00-12:00, 13:00-17:00`, `sat, sun 10:00-14:00`."""

    days: tuple[DayRange, ...]
    ranges: tuple[TimeRange, ...]
    span: Span = _span()


@attrs.frozen
class HolidayRegion:
    """`GB/ENG` or `US`: a country and optional subdivision for the `holidays` package."""

    country: Name
    subdivision: Name | None = None
    span: Span = _span()


@attrs.frozen
class Holidays:
    regions: tuple[HolidayRegion, ...]
    span: Span = _span()


@attrs.frozen
class Closed:
    """`closed 2025-12-24, 2025-12-31`: extra closed dates."""

    dates: tuple[DateLit, ...]
    span: Span = _span()


@attrs.frozen
class CalendarUnion:
    """`union copenhagen, new_york`: open while any member is open."""

    members: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class DayLength:
    length: DurationLit
    span: Span = _span()


@attrs.frozen
class AlwaysOpen:
    """`always open`: wall-clock 24x7."""

    span: Span = _span()


CalendarStatement = Union[Zone, Window, Holidays, Closed, CalendarUnion, DayLength, AlwaysOpen]


@attrs.frozen
class Calendar(_Block):
    name: Name
    body: tuple[CalendarStatement, ...]
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Fields and priorities


@attrs.frozen
class Field:
    """`field beta: bool = false`, `field note: text`, `field tier: gold | silver = gold`."""

    name: Name
    kind: Literal["bool", "text", "enum"]
    values: tuple[Name, ...] = ()  # enumerations only
    default: Value | None = None
    span: Span = _span()


@attrs.frozen
class Priorities:
    """`priorities P1, P2, P3`: most urgent first."""

    names: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class MatrixRow:
    """One row of a priority matrix: the row field's value, then a priority per column."""

    value: Name
    cells: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class PriorityMatrix:
    """`priority from ROW x COLUMN [when COND] { header, rows }`."""

    row_field: Name
    column_field: Name
    when: Condition | None
    columns: tuple[Name, ...]  # the header line: values of the column field
    rows: tuple[MatrixRow, ...]
    span: Span = _span()


@attrs.frozen
class PriorityWhen:
    """`priority P5 when type != incident`."""

    priority: Name
    when: Condition
    span: Span = _span()


@attrs.frozen
class PriorityDefault:
    """`priority default P3`."""

    priority: Name
    span: Span = _span()


@attrs.frozen
class PriorityPrecedence:
    """`named priority wins` (the default) or `derived priority wins`."""

    winner: Literal["named", "derived"]
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Business hours, statuses, exclusions (policy level; business hours and pause also in metrics)


@attrs.frozen
class BusinessHours:
    """`business hours support`."""

    calendar: Name
    span: Span = _span()


@attrs.frozen
class HoursEntry:
    """`P1, P2: holiday_cover` or `uk: uk` inside `business hours by ... { }`."""

    keys: tuple[Name, ...]
    calendar: Name
    span: Span = _span()


@attrs.frozen
class BusinessHoursByPriority:
    entries: tuple[HoursEntry, ...]
    span: Span = _span()


@attrs.frozen
class BusinessHoursByField:
    field: Name
    entries: tuple[HoursEntry, ...]
    span: Span = _span()


AnyBusinessHours = Union[BusinessHours, BusinessHoursByPriority, BusinessHoursByField]


@attrs.frozen
class Pause:
    """`pause when status awaiting_customer, awaiting_third_party`."""

    statuses: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class ResolvedWhen:
    """`resolved when status resolved, closed`."""

    statuses: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class Exclude:
    reason: String
    when: Condition
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Metrics


@attrs.frozen
class OnCreated:
    span: Span = _span()


@attrs.frozen
class OnComment:
    """`[public|private|any] comment by agent [or customer ...]`; `public` when not written."""

    visibility: Literal["public", "private", "any"]
    authors: tuple[Literal["agent", "customer", "system"], ...]
    span: Span = _span()


@attrs.frozen
class OnStatus:
    """`status awaiting_customer, on_hold`: the status becomes one of these."""

    statuses: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class OnResolved:
    """`resolved`: the status becomes one of the policy's resolved statuses."""

    span: Span = _span()


@attrs.frozen
class OnPriorityChanged:
    span: Span = _span()


@attrs.frozen
class OnFieldsChanged:
    """`fields changed` (fields empty: any field) or `field region, product changed`."""

    fields: tuple[Name, ...] = ()
    span: Span = _span()


Trigger = Union[OnCreated, OnComment, OnStatus, OnResolved, OnPriorityChanged, OnFieldsChanged]


@attrs.frozen
class Start:
    """`start on TRIGGER [after TRIGGER]`."""

    trigger: Trigger
    after: Trigger | None = None
    span: Span = _span()


@attrs.frozen
class Stop:
    trigger: Trigger
    span: Span = _span()


@attrs.frozen
class OnReopen:
    """`on reopen resume`."""

    action: Literal["resume"] = "resume"
    span: Span = _span()


@attrs.frozen
class NotApplicable:
    when: Condition
    span: Span = _span()


@attrs.frozen
class Metric(_Block):
    """`metric NAME [repeating] { ... }`; body holds Start, Stop, OnReopen, NotApplicable,
    BusinessHours* and Pause statements."""

    name: Name
    repeating: bool
    body: tuple
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Targets, code fix, objectives


@attrs.frozen
class DurationCell:
    """`2h`, `2h wall-clock`."""

    duration: DurationLit
    wall_clock: bool = False
    span: Span = _span()


@attrs.frozen
class CountCell:
    """`3 business days`, `1 working day`, `24 business hours`."""

    count: int
    qualifier: Literal["business", "working"]
    unit: Literal["day", "hour"]
    span: Span = _span()


@attrs.frozen
class NoneCell:
    """`none`: no target for this priority and metric."""

    span: Span = _span()


Cell = Union[DurationCell, CountCell, NoneCell]


@attrs.frozen
class TargetRow:
    priority: Name
    cells: tuple[Cell, ...]
    span: Span = _span()


@attrs.frozen
class Targets:
    """`targets { priority m1 m2 / P1 cell cell / ... }`: one column per metric."""

    metrics: tuple[Name, ...]
    rows: tuple[TargetRow, ...]
    span: Span = _span()


@attrs.frozen
class ReleaseTarget:
    """`next [relevant] [KIND] release`."""

    relevant: bool = False
    kind: Name | None = None
    span: Span = _span()


@attrs.frozen
class CodeFixRow:
    """`P3, P4  next relevant release`."""

    priorities: tuple[Name, ...]
    target: ReleaseTarget
    span: Span = _span()


@attrs.frozen
class RelevantBy:
    """`relevant by product`: the field compared with a release's `products`."""

    field: Name
    span: Span = _span()


@attrs.frozen
class CodeFix(_Block):
    """`code fix METRIC when COND { [relevant by FIELD] rows }`; body holds RelevantBy and
    CodeFixRow in source order."""

    metric: Name
    when: Condition
    body: tuple
    span: Span = _span()


@attrs.frozen
class Objective:
    """`objective first_response 95% monthly [for P1, P2]`."""

    metric: Name
    percent: Percent
    priorities: tuple[Name, ...] = ()
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# Availability


@attrs.frozen
class During:
    calendar: Name
    span: Span = _span()


@attrs.frozen
class Service:
    name: Name
    percent: Percent
    span: Span = _span()


@attrs.frozen
class Excused:
    causes: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class NotDowntime:
    causes: tuple[Name, ...]
    span: Span = _span()


@attrs.frozen
class PartialOutages:
    """`partial outages are downtime` (True) / `partial outages are not downtime` (False)."""

    downtime: bool
    span: Span = _span()


@attrs.frozen
class Credit:
    """`credit 10% below 99.9%`."""

    credit: Percent
    below: Percent
    span: Span = _span()


@attrs.frozen
class CreditWhen:
    """`credit when 2 failing months in 6`."""

    failing: int
    window: int
    span: Span = _span()


@attrs.frozen
class MaterialBreach:
    """`material breach after 4 consecutive failing months`."""

    consecutive: int
    span: Span = _span()


@attrs.frozen
class Availability(_Block):
    """`availability { ... }`; body holds Timezone, During, Service, Excused, NotDowntime,
    PartialOutages, Credit, CreditWhen and MaterialBreach statements."""

    body: tuple
    span: Span = _span()


# ---------------------------------------------------------------------------------------------
# The file


@attrs.frozen
class Policy(_Block):
    """`policy NAME "title" { ... }`; body holds every policy-level statement in source order."""

    name: Name
    title: String
    body: tuple
    span: Span = _span()


@attrs.frozen
class Module:
    """One parsed `.sla` file: its policy and its comments."""

    policy: Policy
    comments: tuple[Comment, ...] = ()
    span: Span = _span()
