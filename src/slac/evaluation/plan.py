"""A compiled policy lowered for evaluation: every lookup the per-event loop needs, done once.

`Plan` holds, per metric, its trigger predicates, pause set, calendar resolver, targets by
priority and code-fix rule, so folding an event never walks IR trees or scans tuples.
"""

from __future__ import annotations

from collections.abc import Callable

from slac import ir
from slac.business_time import AlwaysOpen, Calendar
from slac.inputs.events import Event
from slac.lower import (
    Fields,
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
        "kinds",
        "name",
        "not_applicable",
        "pause",
        "repeating",
        "resume",
        "start",
        "stop",
        "targets",
        "texts",
        "wall",
    )

    def __init__(self, policy: ir.Policy, metric: ir.Metric, code_fix: CodeFixPlan | None) -> None:
        resolved = policy.resolved_statuses
        self.name = metric.name
        self.repeating = metric.repeating
        self.start = lower_triggers(metric.start, resolved)
        self.stop = lower_triggers(metric.stop, resolved)
        self.after = (
            lower_trigger(metric.start_after, resolved) if metric.start_after is not None else None
        )
        self.resume = metric.on_reopen == "resume"
        self.pause = (
            metric.pause_statuses if metric.pause_statuses is not None else policy.pause_statuses
        )
        self.calendar = CalendarResolver(
            metric.calendar if metric.calendar is not None else policy.calendar
        )
        # Keyed by the ticket's priority, which may be None (a ticket the policy gave none).
        self.targets: dict[str | None, ir.Duration | None] = {
            p: policy.target(p, metric.name) for p in policy.priorities.names
        }
        # Worked out once here, not per result: the JSON `target` of each priority's duration.
        self.texts = {p: ir.target_text(d) for p, d in self.targets.items() if d is not None}
        self.wall = {p: d is not None and d.clock == "wall" for p, d in self.targets.items()}
        self.not_applicable = (
            lower_condition(metric.not_applicable) if metric.not_applicable is not None else None
        )
        self.code_fix = code_fix
        triggers = (
            *metric.start,
            *metric.stop,
            *((metric.start_after,) if metric.start_after else ()),
        )
        kinds = frozenset[str]().union(*(trigger_kinds(t) for t in triggers))
        self.kinds = kinds | {"status"} if self.resume else kinds  # a reopen is a status event

    def counting_calendar(self, priority: str | None, fields: Fields) -> Calendar:
        """The calendar the clock counts in: wall-clock where this priority's target says so."""
        if self.wall.get(priority):
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
        self.metrics = tuple(MetricPlan(policy, m, by_metric.get(m.name)) for m in policy.metrics)
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

    def excluded(self, fields: Fields) -> str | None:
        for reason, holds in self.exclusions:
            if holds(fields):
                return reason
        return None
