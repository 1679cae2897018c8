"""The syntax tree of a policy test file (`.slatest`), built from Lark's tree by `build`.

Values stay as written (`Value.kind` says how: a number, a quoted string, a word, an instant,
`true`/`false`, `none`) until `prepare` reads them against the policy and the file's zone, so a
wrong value is a diagnostic with its position. Spans are kept out of equality.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

from slac.source import Span

ValueKind = Literal["number", "string", "word", "instant", "local_time", "bool", "none"]


@attrs.frozen
class Value:
    """A value as written; `text` without the quotes of a string."""

    kind: ValueKind
    text: str
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Check:
    """`KEY VALUE`: the JSON key `key` must equal `value`."""

    key: str
    value: Value
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class EventLine:
    """One event: its instant as written and the rest of its JSON object (docs/formats.md#ticket-events)."""

    at: Value
    body: Mapping[str, object]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class OutageLine:
    service: str
    start: Value
    end: Value
    cause: str | None
    scope: str | None
    span: Span = attrs.field(eq=False, repr=False)
    announced: Value | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class EventsFrom:
    """`events from "PATH"`: a JSON Lines file of events, relative to the test file."""

    path: str
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class OutagesFrom:
    """`outages from "PATH"`: a JSON Lines file of outages, relative to the test file."""

    path: str
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class MetricExpect:
    ticket: str
    metric: str
    cycle: int
    checks: tuple[Check, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class CyclesExpect:
    ticket: str
    metric: str
    count: int
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class TicketExpect:
    ticket: str
    checks: tuple[Check, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class ReportExpect:
    month: str
    metric: str
    priority: str | None  # None: the row for all priorities (`all`)
    checks: tuple[Check, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class AvailabilityExpect:
    service: str
    month: str
    checks: tuple[Check, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class KpiExpect:
    """`expect kpi MONTH KPI checks`: a row of the report's `kpis`."""

    month: str
    kpi: str
    checks: tuple[Check, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class BudgetExpect:
    """`expect budget MONTH checks`: a month of `slac budget` (and its `runs_out`)."""

    month: str
    checks: tuple[Check, ...]
    span: Span = attrs.field(eq=False, repr=False)


Expect = (
    MetricExpect
    | CyclesExpect
    | TicketExpect
    | ReportExpect
    | AvailabilityExpect
    | KpiExpect
    | BudgetExpect
)
MonthExpect = ReportExpect | AvailabilityExpect | KpiExpect | BudgetExpect


@attrs.frozen
class At:
    value: Value
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class PolicyTest:
    name: str
    ats: tuple[At, ...]  # one is right; `prepare` reports none or several
    events: tuple[EventLine | EventsFrom, ...]
    outages: tuple[OutageLine | OutagesFrom, ...]
    expects: tuple[Expect, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class PolicyTestFile:
    policy: str  # the policy's path as written, relative to the test file
    zone: str | None  # the zone of local times; None: the policy's `timezone`
    tests: tuple[PolicyTest, ...]
    policy_span: Span = attrs.field(eq=False, repr=False)
    zone_span: Span | None = attrs.field(eq=False, repr=False)
