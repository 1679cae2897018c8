"""Syntax-tree nodes of what is measured: metrics and triggers, targets, code fix, objectives,
availability, and the policy and module that hold everything."""

from __future__ import annotations

from typing import Literal

import attrs

from slac.source import Span
from slac.syntax.nodes._base import Node, _Block, span_field
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


@attrs.frozen(repr=False)
class OnCreated(Node):
    span: Span = span_field()


@attrs.frozen(repr=False)
class OnComment(Node):
    """`[public|private|any] comment by agent [or customer ...]`; `public` when not written."""

    visibility: Visibility
    authors: tuple[Author, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class OnStatus(Node):
    """`status awaiting_customer, on_hold`: the status becomes one of these; `status changed`
    (no statuses): any status event."""

    statuses: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class OnResolved(Node):
    """`resolved`: the status becomes one of the policy's resolved statuses."""

    span: Span = span_field()


@attrs.frozen(repr=False)
class OnPriorityChanged(Node):
    span: Span = span_field()


@attrs.frozen(repr=False)
class OnFieldsChanged(Node):
    """`fields changed` (fields empty: any field) or `field region, product changed`."""

    fields: tuple[Name, ...] = ()
    span: Span = span_field()


Trigger = OnCreated | OnComment | OnStatus | OnResolved | OnPriorityChanged | OnFieldsChanged


@attrs.frozen(repr=False)
class Start(Node):
    """`start on TRIGGER [after TRIGGER] [when CONDITION]`: with a condition the clock starts at
    the first instant the trigger has happened and the condition holds."""

    trigger: Trigger
    after: Trigger | None = None
    when: Condition | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class Stop(Node):
    trigger: Trigger
    span: Span = span_field()


@attrs.frozen(repr=False)
class OnReopen(Node):
    """`resume on reopen`."""

    action: Literal["resume"] = "resume"
    span: Span = span_field()


@attrs.frozen(repr=False)
class NotApplicable(Node):
    when: Condition
    span: Span = span_field()


@attrs.frozen(repr=False)
class PauseUntil(Node):
    """`until TRIGGER`: the event that ends a pause before its status or condition does."""

    trigger: Trigger
    span: Span = span_field()


@attrs.frozen(repr=False)
class Pause(Node):
    """`pause when status awaiting_customer, awaiting_third_party [until TRIGGER]`."""

    statuses: tuple[Name, ...]
    until: PauseUntil | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class PauseWhile(Node):
    """`pause while on_hold [until TRIGGER]`: paused while a field condition holds."""

    when: Condition
    until: PauseUntil | None = None
    span: Span = span_field()


AnyPause = Pause | PauseWhile

MetricStatement = Start | Stop | OnReopen | NotApplicable | AnyBusinessHours | Pause | PauseWhile


@attrs.frozen(repr=False)
class Metric(_Block):
    """`metric NAME [repeating] { ... }`; body holds Start, Stop, OnReopen, NotApplicable,
    BusinessHours* and Pause statements."""

    name: Name
    repeating: bool
    body: tuple[MetricStatement, ...]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Targets, code fix, objectives


@attrs.frozen(repr=False)
class DurationCell(Node):
    """`2h`, `2h wall-clock`."""

    duration: DurationLit
    wall_clock: bool = False
    span: Span = span_field()


@attrs.frozen(repr=False)
class CountCell(Node):
    """`3 business days`, `1 working day`, `24 business hours`."""

    count: int
    qualifier: Literal["business", "working"]
    unit: Literal["day", "hour"]
    span: Span = span_field()


@attrs.frozen(repr=False)
class NoneCell(Node):
    """`none`: no target for this priority and metric."""

    span: Span = span_field()


@attrs.frozen(repr=False)
class DeadlineCell(Node):
    """`by end of business day`, `by end of next business day`, `by 12:00 next business day`:
    an instant in the metric's calendar, counted from the business day the clock started in."""

    time: TimeOfDay | None  # None: the day's closing time
    next_day: bool
    span: Span = span_field()


Cell = DurationCell | CountCell | NoneCell | DeadlineCell


@attrs.frozen(repr=False)
class TargetRow(Node):
    priority: Name
    cells: tuple[Cell, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class Tier(Node):
    """`for plan premium`: the field and the value a tier's target table is for."""

    field: Name
    value: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class Targets(Node):
    """`targets [for FIELD VALUE] { priority m1 m2 / P1 cell cell / ... }`: one column per
    metric; `tier` None: the table for every ticket no tier's table is for."""

    metrics: tuple[Name, ...]
    rows: tuple[TargetRow, ...]
    span: Span = span_field()
    tier: Tier | None = None


@attrs.frozen(repr=False)
class ReleaseTarget(Node):
    """`next [relevant] [KIND] release`."""

    relevant: bool = False
    kind: Name | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class CodeFixRow(Node):
    """`P3, P4  next relevant release`."""

    priorities: tuple[Name, ...]
    target: ReleaseTarget
    span: Span = span_field()


@attrs.frozen(repr=False)
class RelevantBy(Node):
    """`relevant by product`: the field compared with a release's `products`."""

    field: Name
    span: Span = span_field()


CodeFixStatement = RelevantBy | CodeFixRow


@attrs.frozen(repr=False)
class CodeFix(_Block):
    """`code fix METRIC when COND { [relevant by FIELD] rows }`; body holds RelevantBy and
    CodeFixRow in source order."""

    metric: Name
    when: Condition
    body: tuple[CodeFixStatement, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class Objective(Node):
    """`objective first_response 95% monthly [for P1, P2 | overall]`; `overall`: for all
    priorities together only (the per-priority rows carry no verdict)."""

    metric: Name
    percent: Percent
    priorities: tuple[Name, ...] = ()
    overall: bool = False
    span: Span = span_field()


@attrs.frozen(repr=False)
class Warn(Node):
    """`warn at 50%, 75%`: the shares of a target at which a live metric warns before a breach."""

    thresholds: tuple[Percent, ...]
    span: Span = span_field()


# ---------------------------------------------------------------------------------------------
# Availability


@attrs.frozen(repr=False)
class During(Node):
    calendar: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class Service(Node):
    name: Name
    percent: Percent
    span: Span = span_field()


@attrs.frozen(repr=False)
class Excused(Node):
    causes: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class NotDowntime(Node):
    causes: tuple[Name, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class PartialOutages(Node):
    """`partial outages are downtime` (True) / `partial outages are not downtime` (False)."""

    downtime: bool
    span: Span = span_field()


@attrs.frozen(repr=False)
class Credit(Node):
    """`credit 10% below 99.9% [for premium, enterprise]`; no services: every service that no
    band names."""

    credit: Percent
    below: Percent
    services: tuple[Name, ...] = ()
    span: Span = span_field()


@attrs.frozen(repr=False)
class CreditWhen(Node):
    """`credit when 2 failing months in 6`."""

    failing: int
    window: int
    span: Span = span_field()


@attrs.frozen(repr=False)
class MaterialBreach(Node):
    """`material breach after 4 consecutive failing months`."""

    consecutive: int
    span: Span = span_field()


@attrs.frozen(repr=False)
class Notice(Node):
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


@attrs.frozen(repr=False)
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


@attrs.frozen(repr=False)
class Policy(_Block):
    """`policy NAME "title" { ... }`; body holds every policy-level statement in source order."""

    name: Name
    title: String
    body: tuple[PolicyStatement, ...]
    span: Span = span_field()


@attrs.frozen(repr=False)
class Module(Node):
    """One parsed `.sla` file: its policy and its comments."""

    policy: Policy
    comments: tuple[Comment, ...] = ()
    span: Span = span_field()
