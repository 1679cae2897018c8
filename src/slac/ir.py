"""The compiled policy: frozen, name-resolved objects the evaluator, reports and availability run on.

`compile` turns a checked AST into these; nothing here refers back to source text. Tests and
embedders may also build them directly. Everything is immutable (attrs frozen, tuples,
frozensets, `FrozenMap`) and hashable, so a compiled policy can be shared between threads, cached
and pickled.

Vocabulary (docs/formats.md#ticket-events, docs/semantics.md#a-metrics-clock):
- a *trigger* is a pattern over one ticket event (`created`, a comment by an author with a
  visibility, a status change into a set of statuses, a priority change, a fields change);
- a *condition* is a predicate over the ticket's current fields;
- a *target* is what a metric is measured against for one priority.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import attrs

# Re-exported for readers that import them from here; `slac.vocabulary` is their home.

if TYPE_CHECKING:  # only annotations use it: the calendars import `holidays`, ir stays light
    from slac.business_time import Calendar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable mapping in insertion order, for the IR's lookup tables.

    Built from a mapping or from (key, value) pairs; equal to another mapping with the same
    items, whatever their order; hashable when its values are; picklable. Consumers read it
    like a dict (`get`, `items`, `in`); the evaluator's plan copies the hot ones into dicts.
    """

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._items: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._items == other._items
        return isinstance(other, Mapping) and self._items == dict(other.items())

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return FrozenMap, (self._items,)


def _frozen_map(items: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> FrozenMap[Any, Any]:
    """attrs converter: hand-built IR may pass pairs or a dict."""
    return items if isinstance(items, FrozenMap) else FrozenMap(items)


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
    cells: FrozenMap[tuple[str, str], str] = attrs.field(converter=_frozen_map)
    """(row value, column value) -> priority."""


@attrs.frozen
class PriorityRule:
    """One derivation rule: when `when` holds (or always, if None), the priority is `fixed` or
    the `matrix` cell. Rules are tried in order; the first that yields a priority wins. A matrix
    whose fields are unset yields nothing and the next rule is tried."""

    when: Condition | None
    fixed: str | None = None
    matrix: Matrix | None = None


@attrs.frozen
class PriorityCap:
    """`priority at most P2 when plan == standard`: when the fields of `created` satisfy `when`,
    a priority named there that is more urgent than `priority` becomes `priority`."""

    priority: str
    when: Condition


@attrs.frozen
class Priorities:
    names: tuple[str, ...]  # in order, most urgent first
    rules: tuple[PriorityRule, ...] = ()
    default: str | None = None  # when no explicit priority and no rule yields one
    # docs/semantics.md#re-prioritisation / Impero: a priority named on `created` or by a `priority` event wins over
    # derivation, and fields changes no longer re-derive. "derived" lets derivation win instead.
    named_wins: bool = True
    # Caps on the priority the customer names on `created` (never on a `priority` event, the
    # desk's); with several that hold, the least urgent wins.
    caps: tuple[PriorityCap, ...] = ()


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
    """The status becomes one of `statuses`; empty: any status event (`status changed`)."""

    statuses: frozenset[str]


@attrs.frozen
class Resolved:
    """The status becomes one of the policy's resolved statuses (default `resolved`, `closed`: docs/semantics.md#resolution-and-reopen)."""


@attrs.frozen
class PriorityChanged:
    pass


@attrs.frozen
class FieldsChanged:
    fields: frozenset[str]  # empty: any field


Trigger = Created | Comment | StatusIn | Resolved | PriorityChanged | FieldsChanged


@attrs.frozen
class StartWhen:
    """`start on TRIGGER when CONDITION`: the trigger arms the start, which happens at the first
    instant the ticket's fields satisfy the condition (that event, or a later `created` or
    `fields` event). Non-repeating metrics only."""

    trigger: Trigger
    when: Condition


@attrs.frozen
class Pause:
    """One pause: from a `status` event into `statuses` to the next status change, or (with
    `when`) while the ticket's fields satisfy the condition; `until`, when set, also ends it at
    that event, and it starts again only at the next status event into `statuses` or when
    `when` next becomes true. A pause with neither `until` nor `when` is simply "the status is
    one of `statuses`"."""

    statuses: frozenset[str] = frozenset()
    when: Condition | None = None
    until: Trigger | None = None


@attrs.frozen
class CalendarChoice:
    """Which calendar a metric counts in: fixed, per priority, or by a field's value.

    Evaluated on the ticket's state at each instant, so a region or priority change moves the
    clock to the other calendar from that instant on.
    """

    default: Calendar | None = None
    by_priority: FrozenMap[str, Calendar] = attrs.field(factory=FrozenMap, converter=_frozen_map)
    by_field: str | None = None
    by_value: FrozenMap[str, Calendar] = attrs.field(factory=FrozenMap, converter=_frozen_map)


@attrs.frozen
class Metric:
    """When a clock starts, stops and pauses.

    Non-repeating: the first start trigger starts it, or the first instant a `start_when`
    trigger has happened and its condition holds; a stop trigger stops it (before the start it
    does nothing); after a stop only a reopen can resume it (`on_reopen == "resume"`), elapsed
    time kept. It counts while no pause of `pauses` (the policy's when None) holds.
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
    pauses: tuple[Pause, ...] | None = None  # None: the policy's pauses
    calendar: CalendarChoice | None = None  # None: the policy's calendar choice
    not_applicable: Condition | None = None
    start_when: tuple[StartWhen, ...] = ()  # starts that wait for a condition


# ---------------------------------------------------------------------------------------------
# Targets


Clock = Literal["business", "wall"]
CountUnit = Literal["business hour", "working hour", "business day", "working day"]
DAY_UNITS: frozenset[str] = frozenset({"business day", "working day"})


@attrs.frozen
class Duration:
    """A target of counted time: `2h`, `1h30m wall-clock`, `24 business hours`, `3 working days`.

    `seconds` is its length, resolved at compile time (hours x 3600, days x the calendar's
    day length); None for days on a calendar chosen per field, which the evaluator multiplies
    by the calendar in force. `clock`: counted in the metric's calendar, or on the wall clock.
    `count` and `unit` keep a count of hours or days as the agreement words it (`working` and
    `business` mean the same; the JSON prints the policy's word); a plain time has neither.
    """

    seconds: int | None
    clock: Clock = "business"
    count: int | None = None
    unit: CountUnit | None = None

    @property
    def days(self) -> int | None:
        """The count of business days, or None when the target is not counted in days."""
        return self.count if self.unit in DAY_UNITS else None


@attrs.frozen
class ReleaseTarget:
    """Code-fix override target: the next release at or after `code_fix` became true that is
    of `kind` (None: any kind) and, when `relevant`, lists the ticket's product or no products."""

    kind: str | None = None
    relevant: bool = False


@attrs.frozen
class Deadline:
    """A deadline target: the close of the business day the clock started in (`next_day`: of
    the business day after it), or `time` (seconds after local midnight) on that day
    (docs/semantics.md, "Deadlines")."""

    time: int | None = None
    next_day: bool = False


Target = Duration | ReleaseTarget | Deadline


def target_text(target: Target) -> str:
    """A target as a person reads it, the JSON `target` (docs/formats.md#slac-evaluate---format-json):
    `2h`, `1h30m wall-clock`, `3 business days`, `next relevant release`, `by end of next
    business day`. The one place that words a target."""
    if isinstance(target, ReleaseTarget):
        words = ["next", "relevant" if target.relevant else "", target.kind or "", "release"]
        return " ".join(word for word in words if word)
    if isinstance(target, Deadline):
        when = (
            "end of"
            if target.time is None
            else f"{target.time // 3600:02d}:{target.time % 3600 // 60:02d}"
        )
        return f"by {when} {'next ' if target.next_day else ''}business day"
    if target.unit is not None and target.count is not None:
        return f"{target.count} {target.unit}{'' if target.count == 1 else 's'}"
    text = _hms(target.seconds or 0)
    return text + " wall-clock" if target.clock == "wall" else text


def _hms(seconds: int) -> str:
    """`1h30m`, `45s`, `0s`: hours, minutes and seconds, the parts that are not zero."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n]
    return "".join(parts) or "0s"


@attrs.frozen
class CodeFix:
    metric: str  # the metric overridden (Impero: resolution)
    when: Condition  # Impero: IsTrue("code_fix")
    product_field: str | None  # field compared with a release's `products`
    targets: FrozenMap[str, ReleaseTarget] = attrs.field(converter=_frozen_map)
    """priority -> release target."""


@attrs.frozen
class Exclusion:
    reason: str
    when: Condition


@attrs.frozen
class Objective:
    metric: str
    percent: float
    priorities: tuple[str, ...] = ()  # empty: every priority and the all-priorities row
    overall: bool = False  # the all-priorities row only: per-priority rows carry no verdict


# ---------------------------------------------------------------------------------------------
# Availability


@attrs.frozen
class CreditBand:
    below_percent: float  # availability strictly below this earns `credit_percent`
    credit_percent: float


@attrs.frozen
class Availability:
    """Monthly availability (docs/semantics.md#availability-merging-splitting-and-the-two-totals).

    availability = (total - excused - downtime) / (total - excused), where total is the month's
    minutes (within `calendar` if set: "during supported hours"), excused the minutes of
    `excused` causes, downtime the minutes of other causes except `not_downtime` ones. A minute
    covered by several outages counts once; excused wins over downtime.
    """

    services: FrozenMap[str, float] = attrs.field(converter=_frozen_map)
    """service name -> objective percent, in the policy's order."""
    timezone: str
    calendar: Calendar | None = None
    excused: frozenset[str] = frozenset()
    not_downtime: frozenset[str] = frozenset()
    partial_is_downtime: bool = False
    credits: tuple[CreditBand, ...] = ()  # sorted by below_percent descending
    credit_after_failing: int = 1  # ELB: 2 failing months ...
    credit_window_months: int = 1  # ... in the 6 calendar months ending with this one
    material_breach_consecutive: int | None = None  # ELB: 4
    notice: FrozenMap[str, int] = attrs.field(factory=FrozenMap, converter=_frozen_map)
    """excused cause -> the notice (seconds) `announced_at` must give for it to be excused."""
    service_credits: FrozenMap[str, tuple[CreditBand, ...]] = attrs.field(
        factory=FrozenMap, converter=_frozen_map
    )
    """service -> its own credit bands (sorted as `credits`), used instead of `credits`."""


# ---------------------------------------------------------------------------------------------
# Measures beyond a ticket's clock (docs/semantics.md#kpis-and-support-budgets)


@attrs.frozen
class ShareKpi:
    """The share of tickets finally resolved in a month whose fields satisfy `when`; the
    objective is a floor (at least `objective_percent`)."""

    name: str
    when: Condition
    objective_percent: float | None = None


@attrs.frozen
class CallAnswerKpi:
    """The mean `answered_after_seconds` of a month's answered calls; the objective is a
    ceiling (at most `objective_seconds`)."""

    name: str
    objective_seconds: int | None = None


Kpi = ShareKpi | CallAnswerKpi


@attrs.frozen
class Budget:
    """Pre-purchased support: `amount` of `unit` per period of `period_months` months counted
    from the month `start_year`-`start_month`; a worklog charges its rate per hour."""

    amount: int
    unit: str
    period_months: int
    start_year: int
    start_month: int
    rates: FrozenMap[str, int] = attrs.field(converter=_frozen_map)
    """rate name -> charge per hour worked, in `unit`, in the policy's order."""
    excluded_tickets_use_budget: bool = True


# ---------------------------------------------------------------------------------------------
# The policy


@attrs.frozen
class Tiers:
    """Target tables by the value of one enumeration field (`targets for plan premium`)."""

    field: str
    tables: FrozenMap[str, FrozenMap[tuple[str, str], Duration | Deadline | None]] = attrs.field(
        converter=_frozen_map
    )
    """tier value -> (priority, metric) -> target, as `Policy.targets`."""


@attrs.frozen
class Policy:
    name: str
    title: str
    version: str | None
    timezone: str  # IANA zone reports use
    fields: tuple[Field, ...]
    priorities: Priorities
    metrics: tuple[Metric, ...]
    targets: FrozenMap[tuple[str, str], Duration | Deadline | None] = attrs.field(
        converter=_frozen_map
    )
    """(priority, metric) -> target; None: the table says `none` (no target)."""
    calendar: CalendarChoice  # the policy-wide calendar choice
    pauses: tuple[Pause, ...] = ()
    resolved_statuses: frozenset[str] = frozenset({"resolved", "closed"})
    exclusions: tuple[Exclusion, ...] = ()
    code_fixes: tuple[CodeFix, ...] = ()
    objectives: tuple[Objective, ...] = ()
    availability: Availability | None = None
    kpis: tuple[Kpi, ...] = ()
    budget: Budget | None = None
    warnings: tuple[float, ...] = ()  # `warn at 50%, 75%`: ascending percentages of a target
    tiers: Tiers | None = None  # `targets for plan premium { ... }`

    def targets_for(
        self, fields: Mapping[str, object]
    ) -> FrozenMap[tuple[str, str], Duration | Deadline | None]:
        """The target table of a ticket with these fields: its tier's, else the plain one."""
        if self.tiers is not None:
            value = fields.get(self.tiers.field)
            table = self.tiers.tables.get(value) if isinstance(value, str) else None
            if table is not None:
                return table
        return self.targets

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def target(self, priority: str, metric: str) -> Duration | Deadline | None:
        return self.targets.get((priority, metric))
