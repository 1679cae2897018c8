"""The compiled policy: frozen, name-resolved objects the evaluator, reports and availability run on.

`compile` turns a checked AST into these; nothing here refers back to source text. Tests and
embedders may also build them directly. Everything is immutable (attrs frozen, tuples, frozensets)
so a compiled policy can be shared between threads and cached.

Vocabulary (contract §2, §3):
- a *trigger* is a pattern over one ticket event (`created`, a comment by an author with a
  visibility, a status change into a set of statuses, a priority change, a fields change);
- a *condition* is a predicate over the ticket's current fields;
- a *target* is what a metric is measured against for one priority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

# Re-exported for readers that import them from here; `slac.vocabulary` is their home.
from slac.vocabulary import OUTAGE_CAUSES as OUTAGE_CAUSES
from slac.vocabulary import OutageCause as OutageCause

if TYPE_CHECKING:  # only annotations use it; keeps ir importable on its own
    from slac.business_time import Calendar

# ---------------------------------------------------------------------------------------------
# Fields and conditions


@attrs.frozen
class Field:
    """A declared ticket field. `values` is set for enumerations; bool and text have none."""

    name: str
    kind: Literal["bool", "enum", "text"]
    values: tuple[str, ...] = ()
    default: str | bool | None = None


@attrs.frozen
class Compare:
    """`field == v`, `field != v`, `field in (a, b)`, `field not in (a, b)`.

    A field with no value (not set, no default) equals nothing: `==` and `in` are false,
    `!=` and `not in` are true.
    """

    field: str
    op: Literal["==", "!=", "in", "not in"]
    values: tuple[str | bool, ...]


@attrs.frozen
class IsTrue:
    """A bool field used as a condition (`beta`). An unset bool field without default is false."""

    field: str


@attrs.frozen
class Not:
    operand: Condition


@attrs.frozen
class And:
    operands: tuple[Condition, ...]


@attrs.frozen
class Or:
    operands: tuple[Condition, ...]


Condition = Compare | IsTrue | Not | And | Or


# ---------------------------------------------------------------------------------------------
# Priorities


@attrs.frozen
class Matrix:
    """Priority from two enumerated fields (Impero's urgency x impact)."""

    row_field: str
    column_field: str
    cells: tuple[tuple[tuple[str, str], str], ...]  # ((row value, column value), priority)


@attrs.frozen
class PriorityRule:
    """One derivation rule: when `when` holds (or always, if None), the priority is `fixed` or
    the `matrix` cell. Rules are tried in order; the first that yields a priority wins. A matrix
    whose fields are unset yields nothing and the next rule is tried."""

    when: Condition | None
    fixed: str | None = None
    matrix: Matrix | None = None


@attrs.frozen
class Priorities:
    names: tuple[str, ...]  # in order, most urgent first
    rules: tuple[PriorityRule, ...] = ()
    default: str | None = None  # when no explicit priority and no rule yields one
    # Contract §3 / Impero: a priority named on `created` or by a `priority` event wins over
    # derivation, and fields changes no longer re-derive. "derived" lets derivation win instead.
    named_wins: bool = True


# ---------------------------------------------------------------------------------------------
# Metrics


@attrs.frozen
class Created:
    pass


@attrs.frozen
class Comment:
    authors: frozenset[str]  # subset of {"agent", "customer", "system"}
    visibility: Literal["public", "private", "any"] = "public"


@attrs.frozen
class StatusIn:
    """The status becomes one of `statuses`."""

    statuses: frozenset[str]


@attrs.frozen
class Resolved:
    """The status becomes one of the policy's resolved statuses (contract: resolved, closed)."""


@attrs.frozen
class PriorityChanged:
    pass


@attrs.frozen
class FieldsChanged:
    fields: frozenset[str]  # empty: any field


Trigger = Created | Comment | StatusIn | Resolved | PriorityChanged | FieldsChanged


@attrs.frozen
class CalendarChoice:
    """Which calendar a metric counts in: fixed, per priority, or by a field's value.

    Evaluated on the ticket's state at each instant, so a region or priority change moves the
    clock to the other calendar from that instant on.
    """

    default: Calendar | None = None
    by_priority: tuple[tuple[str, Calendar], ...] = ()
    by_field: str | None = None
    by_value: tuple[tuple[str, Calendar], ...] = ()


@attrs.frozen
class Metric:
    """When a clock starts, stops and pauses.

    Non-repeating: the first start trigger starts it; a stop trigger stops it; after a stop only a
    reopen can resume it (`on_reopen == "resume"`), elapsed time kept.
    Repeating (`repeating=True`): cycles numbered from 1. On an event, stop triggers are applied
    first (ending the running cycle), then start triggers (starting a new cycle when none is
    running). Starts are ignored while the ticket is resolved, and before `start_after` has
    happened once on the ticket (reply: after the first public agent comment).
    """

    name: str
    start: tuple[Trigger, ...]
    stop: tuple[Trigger, ...]
    repeating: bool = False
    start_after: Trigger | None = None
    on_reopen: Literal["resume", "none"] = "none"
    pause_statuses: frozenset[str] | None = None  # None: the policy's pause statuses
    calendar: CalendarChoice | None = None  # None: the policy's calendar choice
    not_applicable: Condition | None = None


# ---------------------------------------------------------------------------------------------
# Targets


@attrs.frozen
class Duration:
    """A business duration in the metric's calendar, or wall-clock when `wall_clock`.

    `text` is how a person reads it, as printed in the JSON `target` key: "2h",
    "3 business days", "2h wall-clock". `seconds` is resolved at compile time (business days
    times the calendar's day length); for days on a calendar chosen per field, `days` keeps the
    count so the evaluator can multiply by the calendar in force (`seconds` is then None).
    """

    text: str
    seconds: int | None
    wall_clock: bool = False
    days: int | None = None


@attrs.frozen
class ReleaseTarget:
    """Code-fix override target: the next release at or after `code_fix` became true that is
    of `kind` (None: any kind) and, when `relevant`, lists the ticket's product or no products."""

    text: str  # "next release", "next planned release", "next relevant release"
    kind: str | None = None
    relevant: bool = False


@attrs.frozen
class CodeFix:
    metric: str  # the metric overridden (Impero: resolution)
    when: Condition  # Impero: IsTrue("code_fix")
    product_field: str | None  # field compared with a release's `products`
    targets: tuple[tuple[str, ReleaseTarget], ...]  # priority -> release target


@attrs.frozen
class Exclusion:
    reason: str
    when: Condition


@attrs.frozen
class Objective:
    metric: str
    percent: float
    priorities: tuple[str, ...] = ()  # empty: every priority and the all-priorities row


# ---------------------------------------------------------------------------------------------
# Availability


@attrs.frozen
class CreditBand:
    below_percent: float  # availability strictly below this earns `credit_percent`
    credit_percent: float


@attrs.frozen
class Availability:
    """Monthly availability (contract §6).

    availability = (total - excused - downtime) / (total - excused), where total is the month's
    minutes (within `calendar` if set: "during supported hours"), excused the minutes of
    `excused` causes, downtime the minutes of other causes except `not_downtime` ones. A minute
    covered by several outages counts once; excused wins over downtime.
    """

    services: tuple[tuple[str, float], ...]  # service name -> objective percent
    timezone: str
    calendar: Calendar | None = None
    excused: frozenset[str] = frozenset()
    not_downtime: frozenset[str] = frozenset()
    partial_is_downtime: bool = False
    credits: tuple[CreditBand, ...] = ()  # sorted by below_percent descending
    credit_after_failing: int = 1  # ELB: 2 failing months ...
    credit_window_months: int = 1  # ... in the 6 calendar months ending with this one
    material_breach_consecutive: int | None = None  # ELB: 4


# ---------------------------------------------------------------------------------------------
# The policy


@attrs.frozen
class Policy:
    name: str
    title: str
    version: str | None
    timezone: str  # IANA zone reports use
    fields: tuple[Field, ...]
    priorities: Priorities
    metrics: tuple[Metric, ...]
    targets: tuple[
        tuple[tuple[str, str], Duration | None], ...
    ]  # ((priority, metric), target); None = no target
    calendar: CalendarChoice  # the policy-wide calendar choice
    pause_statuses: frozenset[str] = frozenset()
    resolved_statuses: frozenset[str] = frozenset({"resolved", "closed"})
    exclusions: tuple[Exclusion, ...] = ()
    code_fixes: tuple[CodeFix, ...] = ()
    objectives: tuple[Objective, ...] = ()
    availability: Availability | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def target(self, priority: str, metric: str) -> Duration | None:
        for key, value in self.targets:
            if key == (priority, metric):
                return value
        return None
