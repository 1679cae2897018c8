"""Syntax-tree nodes of what is measured: metrics and triggers, targets, code fix, objectives,
availability, and the policy and module that hold everything."""

from __future__ import annotations

from typing import Literal

import attrs

from slac.source import Span
from slac.syntax.nodes._base import _Block, span_field
from slac.syntax.nodes.declarations import (
    AnyBusinessHours,
    Calendar,
    Effective,
    Exclude,
    Field,
    Priorities,
    PriorityCap,
    PriorityDefault,
    PriorityMatrix,
    PriorityPrecedence,
    PriorityWhen,
    ResolvedWhen,
    Timezone,
    Version,
)
from slac.syntax.nodes.kpis import Budget, Kpi
from slac.syntax.nodes.leaves import (
    Comment,
    Condition,
    DurationLit,
    Name,
    Percent,
    String,
    TimeOfDay,
)
from slac.vocabulary import Author, Visibility

# ---------------------------------------------------------------------------------------------
# Metrics


@attrs.frozen
class OnCreated:
    span: Span = span_field()


@attrs.frozen
class OnComment:
    """`[public|private|any] comment by agent [or customer ...]`; `public` when not written."""

    visibility: Visibility
    authors: tuple[Author, ...]
    span: Span = span_field()


@attrs.frozen
class OnStatus:
    """`status awaiting_customer, on_hold`: the status becomes one of these; `status changed`
    (no statuses): any status event."""

    statuses: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen
class OnResolved:
    """`resolved`: the status becomes one of the policy's resolved statuses."""

    span: Span = span_field()


@attrs.frozen
class OnPriorityChanged:
    span: Span = span_field()


@attrs.frozen
class OnFieldsChanged:
    """`fields changed` (fields empty: any field) or `field region, product changed`."""

    fields: tuple[Name, ...] = ()
    span: Span = span_field()


Trigger = OnCreated | OnComment | OnStatus | OnResolved | OnPriorityChanged | OnFieldsChanged


@attrs.frozen
class Start:
    """`start on TRIGGER [after TRIGGER] [when CONDITION]`: with a condition the clock starts at
    the first instant the trigger has happened and the condition holds."""

    trigger: Trigger
    after: Trigger | None = None
    when: Condition | None = None
    span: Span = span_field()


@attrs.frozen
class Stop:
    trigger: Trigger
    span: Span = span_field()


@attrs.frozen
class OnReopen:
    """`resume on reopen`."""

    action: Literal["resume"] = "resume"
    span: Span = span_field()


@attrs.frozen
class NotApplicable:
    when: Condition
    span: Span = span_field()


@attrs.frozen
class PauseUntil:
    """`until TRIGGER`: the event that ends a pause before its status or condition does."""

    trigger: Trigger
    span: Span = span_field()


@attrs.frozen
class Pause:
    """`pause when status awaiting_customer, awaiting_third_party [until TRIGGER]`."""

    statuses: tuple[Name, ...]
    until: PauseUntil | None = None
    span: Span = span_field()


@attrs.frozen
class PauseWhile:
    """`pause while on_hold [until TRIGGER]`: paused while a field condition holds."""

    when: Condition
    until: PauseUntil | None = None
    span: Span = span_field()


AnyPause = Pause | PauseWhile

MetricStatement = Start | Stop | OnReopen | NotApplicable | AnyBusinessHours | Pause | PauseWhile


@attrs.frozen
class Metric(_Block):
    """`metric NAME [repeating] { ... }`; body holds Start, Stop, OnReopen, NotApplicable,
    BusinessHours* and Pause statements."""

    name: Name
    repeating: bool
    body: tuple[MetricStatement, ...]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Targets, code fix, objectives


@attrs.frozen
class DurationCell:
    """`2h`, `2h wall-clock`."""

    duration: DurationLit
    wall_clock: bool = False
    span: Span = span_field()


@attrs.frozen
class CountCell:
    """`3 business days`, `1 working day`, `24 business hours`."""

    count: int
    qualifier: Literal["business", "working"]
    unit: Literal["day", "hour"]
    span: Span = span_field()


@attrs.frozen
class NoneCell:
    """`none`: no target for this priority and metric."""

    span: Span = span_field()


@attrs.frozen
class DeadlineCell:
    """`by end of business day`, `by end of next business day`, `by 12:00 next business day`:
    an instant in the metric's calendar, counted from the business day the clock started in."""

    time: TimeOfDay | None  # None: the day's closing time
    next_day: bool
    span: Span = span_field()


Cell = DurationCell | CountCell | NoneCell | DeadlineCell


@attrs.frozen
class TargetRow:
    priority: Name
    cells: tuple[Cell, ...]
    span: Span = span_field()


@attrs.frozen
class Tier:
    """`for plan premium`: the field and the value a tier's target table is for."""

    field: Name
    value: Name
    span: Span = span_field()


@attrs.frozen
class Targets:
    """`targets [for FIELD VALUE] { priority m1 m2 / P1 cell cell / ... }`: one column per
    metric; `tier` None: the table for every ticket no tier's table is for."""

    metrics: tuple[Name, ...]
    rows: tuple[TargetRow, ...]
    span: Span = span_field()
    tier: Tier | None = None


@attrs.frozen
class ReleaseTarget:
    """`next [relevant] [KIND] release`."""

    relevant: bool = False
    kind: Name | None = None
    span: Span = span_field()


@attrs.frozen
class CodeFixRow:
    """`P3, P4  next relevant release`."""

    priorities: tuple[Name, ...]
    target: ReleaseTarget
    span: Span = span_field()


@attrs.frozen
class RelevantBy:
    """`relevant by product`: the field compared with a release's `products`."""

    field: Name
    span: Span = span_field()


CodeFixStatement = RelevantBy | CodeFixRow


@attrs.frozen
class CodeFix(_Block):
    """`code fix METRIC when COND { [relevant by FIELD] rows }`; body holds RelevantBy and
    CodeFixRow in source order."""

    metric: Name
    when: Condition
    body: tuple[CodeFixStatement, ...]
    span: Span = span_field()


@attrs.frozen
class Objective:
    """`objective first_response 95% monthly [for P1, P2 | overall]`; `overall`: for all
    priorities together only (the per-priority rows carry no verdict)."""

    metric: Name
    percent: Percent
    priorities: tuple[Name, ...] = ()
    overall: bool = False
    span: Span = span_field()


@attrs.frozen
class Warn:
    """`warn at 50%, 75%`: the shares of a target at which a live metric warns before a breach."""

    thresholds: tuple[Percent, ...]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Availability


@attrs.frozen
class During:
    calendar: Name
    span: Span = span_field()


@attrs.frozen
class Service:
    name: Name
    percent: Percent
    span: Span = span_field()


@attrs.frozen
class Excused:
    causes: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen
class NotDowntime:
    causes: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen
class PartialOutages:
    """`partial outages are downtime` (True) / `partial outages are not downtime` (False)."""

    downtime: bool
    span: Span = span_field()


@attrs.frozen
class Credit:
    """`credit 10% below 99.9% [for premium, enterprise]`; no services: every service that no
    band names."""

    credit: Percent
    below: Percent
    services: tuple[Name, ...] = ()
    span: Span = span_field()


@attrs.frozen
class CreditWhen:
    """`credit when 2 failing months in 6`."""

    failing: int
    window: int
    span: Span = span_field()


@attrs.frozen
class MaterialBreach:
    """`material breach after 4 consecutive failing months`."""

    consecutive: int
    span: Span = span_field()


@attrs.frozen
class Notice:
    """`notice 14 days for scheduled_maintenance`: excused only when announced that early."""

    days: int
    causes: tuple[Name, ...]
    span: Span = span_field()


AvailabilityStatement = (
    Timezone
    | During
    | Service
    | Excused
    | NotDowntime
    | PartialOutages
    | Credit
    | CreditWhen
    | MaterialBreach
    | Notice
)


@attrs.frozen
class Availability(_Block):
    """`availability { ... }`; body holds Timezone, During, Service, Excused, NotDowntime,
    PartialOutages, Credit, CreditWhen, MaterialBreach and Notice statements."""

    body: tuple[AvailabilityStatement, ...]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# The file


PolicyStatement = (
    Version
    | Effective
    | Timezone
    | Calendar
    | Field
    | Priorities
    | PriorityMatrix
    | PriorityWhen
    | PriorityDefault
    | PriorityPrecedence
    | PriorityCap
    | AnyBusinessHours
    | Pause
    | PauseWhile
    | ResolvedWhen
    | Exclude
    | Metric
    | Targets
    | CodeFix
    | Objective
    | Availability
    | Warn
    | Kpi
    | Budget
)


@attrs.frozen
class Policy(_Block):
    """`policy NAME "title" { ... }`; body holds every policy-level statement in source order."""

    name: Name
    title: String
    body: tuple[PolicyStatement, ...]
    span: Span = span_field()


@attrs.frozen
class Module:
    """One parsed `.sla` file: its policy and its comments."""

    policy: Policy
    comments: tuple[Comment, ...] = ()
    span: Span = span_field()
