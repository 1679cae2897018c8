"""A compiled policy lowered for evaluation: every lookup the per-event loop needs, done once.

`Plan` holds, per metric, its trigger predicates, pause set, calendar resolver, targets by
priority and code-fix rule, so folding an event never walks IR trees or scans tuples.

Pauses come in two kinds. One that is only "the status is one of these" (no `until`, no
condition) is a set the fold tests the status against, as before. Every other pause has state
of its own on the ticket (started at a status event or when its condition became true, ended by
its `until` event): those are `PauseRule`s, numbered across the policy so a metric lists the
ones it obeys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from slac import ir
from slac.business_time import AlwaysOpen, Calendar
from slac.evaluation.wording import condition_text, trigger_text
from slac.inputs.events import Event
from slac.lower import (
    Fields,
    Predicate,
    PriorityDeriver,
    initial_fields,
    lower_condition,
)

WALL_CLOCK = AlwaysOpen()

# A trigger predicate sees the event, whether the ticket's priority changed on it, and the
# declared fields whose value it changed (empty when none).
TriggerTest = Callable[[Event, bool, frozenset[str]], bool]


def _never(event: Event, priority_changed: bool, changed: frozenset[str]) -> bool:
    return False


def lower_trigger(trigger: ir.Trigger, resolved: frozenset[str]) -> TriggerTest:
    if isinstance(trigger, ir.Created):
        return lambda e, pc, ch: e.kind == "created"
    if isinstance(trigger, ir.Comment):
        authors, visibility = trigger.authors, trigger.visibility
        if visibility == "any":
            return lambda e, pc, ch: e.kind == "comment" and e.author in authors
        public = visibility == "public"
        return lambda e, pc, ch: e.kind == "comment" and e.public is public and e.author in authors
    if isinstance(trigger, (ir.StatusIn, ir.Resolved)):
        statuses = trigger.statuses if isinstance(trigger, ir.StatusIn) else resolved
        if not statuses:  # `status changed`: any status event
            return lambda e, pc, ch: e.kind == "status"
        return lambda e, pc, ch: e.kind == "status" and e.status in statuses
    if isinstance(trigger, ir.PriorityChanged):
        return lambda e, pc, ch: pc
    if isinstance(trigger, ir.FieldsChanged):
        names = trigger.fields
        if not names:
            return lambda e, pc, ch: bool(ch)
        return lambda e, pc, ch: not names.isdisjoint(ch)
    raise TypeError(f"not a trigger: {trigger!r}")


def trigger_kinds(trigger: ir.Trigger) -> frozenset[str]:
    """The event kinds on which a trigger can fire (the fold skips metrics for other kinds)."""
    if isinstance(trigger, ir.Created):
        return frozenset({"created"})
    if isinstance(trigger, ir.Comment):
        return frozenset({"comment"})
    if isinstance(trigger, (ir.StatusIn, ir.Resolved)):
        return frozenset({"status"})
    if isinstance(trigger, ir.PriorityChanged):
        return frozenset({"created", "priority", "fields"})
    return frozenset({"created", "fields"})


def lower_triggers(triggers: tuple[ir.Trigger, ...], resolved: frozenset[str]) -> TriggerTest:
    tests = tuple(lower_trigger(t, resolved) for t in triggers)
    if not tests:
        return _never
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:  # the usual "comment or resolved": no generator per call
        first, second = tests
        return lambda e, pc, ch: first(e, pc, ch) or second(e, pc, ch)
    return lambda e, pc, ch: any(t(e, pc, ch) for t in tests)


class CalendarResolver:
    """`ir.CalendarChoice` as a call: (priority, fields) -> the calendar in force.

    Per priority first, then by the field's value, then the default. Decision: when nothing
    gives a calendar (an unset field without a default and no default calendar), the clock
    counts wall-clock time rather than not at all, so a misrouted ticket is never free time.
    """

    __slots__ = ("by_priority", "by_value", "default", "field")

    def __init__(self, choice: ir.CalendarChoice) -> None:
        # Keyed by whatever the ticket holds: a priority or field value not listed misses.
        self.by_priority: dict[str | None, Calendar] = dict(choice.by_priority.items())
        self.field = choice.by_field
        self.by_value: dict[object, Calendar] = dict(choice.by_value.items())
        self.default = choice.default

    def __call__(self, priority: str | None, fields: Fields) -> Calendar:
        if self.by_priority:
            cal = self.by_priority.get(priority)
            if cal is not None:
                return cal
        if self.field is not None:
            cal = self.by_value.get(fields.get(self.field))
            if cal is not None:
                return cal
        return self.default if self.default is not None else WALL_CLOCK


class PauseRule:
    """An `ir.Pause` with state on the ticket: a status pause ended by an event, or a pause on
    a condition (docs/semantics.md, "Pauses")."""

    __slots__ = ("kinds", "statuses", "until", "when")

    def __init__(self, pause: ir.Pause, resolved: frozenset[str]) -> None:
        self.statuses = pause.statuses
        self.when: Predicate | None = lower_condition(pause.when) if pause.when else None
        self.until: TriggerTest | None = (
            lower_trigger(pause.until, resolved) if pause.until is not None else None
        )
        kinds = {"created", "fields"} if pause.when is not None else {"status"}
        if pause.until is not None:
            kinds |= trigger_kinds(pause.until)
        self.kinds = frozenset(kinds)  # the events that can start or end it


def pause_text(pause: ir.Pause) -> str:
    """A pause with state as `slac trace` names it: `awaiting_customer until public comment by
    customer`, `while on_hold`."""
    words = ", ".join(sorted(pause.statuses)) if pause.statuses else ""
    if pause.when is not None:
        words = f"{words} while {condition_text(pause.when)}".strip()
    if pause.until is not None:
        words = f"{words} until {trigger_text(pause.until)}".strip()
    return words


def _stateless(pause: ir.Pause) -> bool:
    """A pause that is only "the status is one of these"."""
    return pause.when is None and pause.until is None


class CodeFixPlan:
    __slots__ = ("index", "product_field", "targets", "texts", "when")

    def __init__(self, index: int, rule: ir.CodeFix) -> None:
        self.index = index  # position in the ticket's code-fix `since` tuple
        self.when = lower_condition(rule.when)
        self.product_field = rule.product_field
        self.targets: dict[str | None, ir.ReleaseTarget] = dict(rule.targets.items())
        self.texts = {p: ir.target_text(target) for p, target in self.targets.items()}


class MetricPlan:
    __slots__ = (
        "after",
        "calendar",
        "code_fix",
        "conditional",
        "conditions",
        "kinds",
        "name",
        "not_applicable",
        "pause",
        "pause_rules",
        "pause_texts",
        "repeating",
        "resume",
        "start",
        "stop",
        "targets",
        "texts",
        "tier_field",
        "tiers",
        "wall",
    )

    def __init__(
        self,
        policy: ir.Policy,
        metric: ir.Metric,
        code_fix: CodeFixPlan | None,
        rule_index: dict[ir.Pause, int],
    ) -> None:
        resolved = policy.resolved_statuses
        self.name = metric.name
        self.repeating = metric.repeating
        self.start = lower_triggers(metric.start, resolved)
        self.stop = lower_triggers(metric.stop, resolved)
        self.after = (
            lower_trigger(metric.start_after, resolved) if metric.start_after is not None else None
        )
        self.resume = metric.on_reopen == "resume"
        pauses = metric.pauses if metric.pauses is not None else policy.pauses
        self.pause = frozenset[str]().union(*(p.statuses for p in pauses if _stateless(p)))
        # The pause rules this metric obeys, as bits of the ticket's `pausing` mask.
        self.pause_rules = sum({1 << rule_index[p] for p in pauses if not _stateless(p)})
        # For `slac trace`: each rule's bit and how a pause by it is named.
        self.pause_texts = tuple(
            (1 << rule_index[p], pause_text(p)) for p in pauses if not _stateless(p)
        )
        # `start on T when C`: (T, C) pairs; T arms the start, C must hold for it to happen.
        self.conditional: tuple[tuple[TriggerTest, Predicate], ...] = tuple(
            (lower_trigger(s.trigger, resolved), lower_condition(s.when)) for s in metric.start_when
        )
        self.conditions = tuple(condition_text(s.when) for s in metric.start_when)  # for trace
        self.calendar = CalendarResolver(
            metric.calendar if metric.calendar is not None else policy.calendar
        )
        self.targets, self.texts, self.wall = _table(policy, policy.targets, metric.name)
        # `targets for plan premium`: the same three per tier value (slac.check.tiers).
        self.tier_field = policy.tiers.field if policy.tiers is not None else None
        self.tiers = {
            value: _table(policy, table, metric.name)
            for value, table in (policy.tiers.tables.items() if policy.tiers else ())
        }
        self.not_applicable = (
            lower_condition(metric.not_applicable) if metric.not_applicable is not None else None
        )
        self.code_fix = code_fix
        triggers = (
            *metric.start,
            *metric.stop,
            *((metric.start_after,) if metric.start_after else ()),
            *(s.trigger for s in metric.start_when),
        )
        kinds = frozenset[str]().union(*(trigger_kinds(t) for t in triggers))
        if metric.start_when:  # a created or fields event may make an armed start's condition hold
            kinds |= {"created", "fields"}
        self.kinds = kinds | {"status"} if self.resume else kinds  # a reopen is a status event

    def table(self, fields: Fields) -> Table:
        """(targets, texts, wall-clock flags) by priority for a ticket with these fields: its
        tier's table, else the plain one."""
        if self.tier_field is not None:
            value = fields.get(self.tier_field)
            tier = self.tiers.get(value) if isinstance(value, str) else None
            if tier is not None:
                return tier
        return self.targets, self.texts, self.wall

    def counting_calendar(self, priority: str | None, fields: Fields) -> Calendar:
        """The calendar the clock counts in: wall-clock where this priority's target says so."""
        wall = self.wall if self.tier_field is None else self.table(fields)[2]
        if wall.get(priority):
            return WALL_CLOCK
        return self.calendar(priority, fields)

    def target_seconds(self, duration: ir.Duration, priority: str | None, fields: Fields) -> int:
        if duration.seconds is not None:
            return duration.seconds
        cal = self.counting_calendar(priority, fields)
        day = cal.day_seconds  # worked out once by the calendar itself
        if duration.days is None or day is None:
            raise ValueError(
                f"metric `{self.name}`: target `{ir.target_text(duration)}` needs a business-day length "
                f"but calendar `{cal.name}` states none"
            )
        return duration.days * day


# Keyed by the ticket's priority, which may be None (a ticket the policy gave none): its
# duration, the JSON `target` of each (worked out once here, not per result), wall-clock or not.
Table = tuple[
    dict[str | None, ir.Duration | ir.Deadline | None],
    dict[str | None, str],
    dict[str | None, bool],
]


def _table(
    policy: ir.Policy,
    cells: Mapping[tuple[str, str], ir.Duration | ir.Deadline | None],
    metric: str,
) -> Table:
    targets: dict[str | None, ir.Duration | ir.Deadline | None] = {
        p: cells.get((p, metric)) for p in policy.priorities.names
    }
    texts: dict[str | None, str] = {
        p: ir.target_text(d) for p, d in targets.items() if d is not None
    }
    wall: dict[str | None, bool] = {
        p: isinstance(d, ir.Duration) and d.clock == "wall" for p, d in targets.items()
    }
    return targets, texts, wall


class Plan:
    """Everything the evaluator needs from one policy."""

    def __init__(self, policy: ir.Policy) -> None:
        self.policy = policy
        self.name = policy.name
        self.resolved = policy.resolved_statuses
        self.derive = PriorityDeriver(policy.priorities)
        self.named_wins = policy.priorities.named_wins
        self.declared = frozenset(f.name for f in policy.fields)
        self.defaults = initial_fields(policy)
        self.code_fixes = tuple(CodeFixPlan(i, cf) for i, cf in enumerate(policy.code_fixes))
        by_metric = {
            cf_rule.metric: cf
            for cf_rule, cf in zip(policy.code_fixes, self.code_fixes, strict=False)
        }
        # Every pause with state of its own, once, whichever blocks state it.
        rule_index: dict[ir.Pause, int] = {}
        for pauses in (policy.pauses, *(m.pauses or () for m in policy.metrics)):
            for pause in pauses:
                if not _stateless(pause):
                    rule_index.setdefault(pause, len(rule_index))
        self.pause_rules = tuple(PauseRule(p, self.resolved) for p in rule_index)
        self.pause_kinds = frozenset[str]().union(*(r.kinds for r in self.pause_rules))
        self.metrics = tuple(
            MetricPlan(policy, m, by_metric.get(m.name), rule_index) for m in policy.metrics
        )
        self.any_conditional = any(m.conditional for m in self.metrics)
        # Caps on the customer's priority: (rank of the cap, its priority, its condition).
        self.rank = {name: rank for rank, name in enumerate(policy.priorities.names)}
        self.caps = tuple(
            (self.rank[cap.priority], cap.priority, lower_condition(cap.when))
            for cap in policy.priorities.caps
        )
        # Templates of a new ticket's state (fold.Ticket).
        self.repeating = tuple(m.repeating for m in self.metrics)
        self.any_repeating = any(self.repeating)
        self.after_seen = tuple(m.after is None for m in self.metrics)
        self.no_code_fix = (None,) * len(self.code_fixes)
        # The metrics an event of each kind can start, stop or resume, in policy order.
        self.by_kind = {
            kind: tuple((i, m) for i, m in enumerate(self.metrics) if kind in m.kinds)
            for kind in ("created", "comment", "status", "priority", "fields")
        }
        self.exclusions = tuple((x.reason, lower_condition(x.when)) for x in policy.exclusions)
        # A ticket's counting calendars depend only on its priority and these fields' values.
        self._calendar_fields = tuple(
            sorted({m.calendar.field for m in self.metrics if m.calendar.field})
        )
        self._calendars: dict[tuple[object, ...], tuple[Calendar, ...]] = {}

    def calendars(self, priority: str | None, fields: Fields) -> tuple[Calendar, ...]:
        """Every metric's counting calendar (`MetricPlan.counting_calendar`), worked out once
        per priority and calendar-field values: a ticket asks on creation and on every
        priority or fields change (a third of the events at 10^6)."""
        key = (priority, *map(fields.get, self._calendar_fields))
        found = self._calendars.get(key)
        if found is None:
            found = self._calendars[key] = tuple(
                [m.counting_calendar(priority, fields) for m in self.metrics]
            )
        return found

    def capped(self, named: str, fields: Fields) -> str:
        """The priority named on `created` under the caps that hold for its fields."""
        rank = self.rank.get(named, -1)
        for limit, priority, holds in self.caps:
            if rank < limit and holds(fields):
                rank, named = limit, priority
        return named

    def excluded(self, fields: Fields) -> str | None:
        for reason, holds in self.exclusions:
            if holds(fields):
                return reason
        return None
