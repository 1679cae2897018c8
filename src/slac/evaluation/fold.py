"""Per-ticket folded state: one event at a time, integers only, no look-back.

Between two events of a ticket its status, fields, priority and every clock's counting state
are constant, so a clock only needs to know where its current *run* began and in which
calendar; a run is closed (one `Calendar.elapsed` call) only when the event changes that
calendar or stops the counting. Closed runs are kept (start, end, calendar, seconds) because a
later re-prioritisation may need the instant the count passed a smaller target.

A ticket may carry a `Recorder` (`slac.evaluation.recorder`, for `slac trace`): the fold tells
it each priority change and each clock transition (start, a new counting calendar, a pause,
a stop, a resume) where it happens. Without one (the evaluator's case) this costs one
`is not None` test at each transition and nothing per event besides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slac.business_time import Calendar
from slac.evaluation.plan import MetricPlan, Plan
from slac.inputs.events import Event
from slac.lower import Fields, Predicate

if TYPE_CHECKING:
    from slac.evaluation.recorder import Recorder

_NO_CHANGE: frozenset[str] = frozenset()

# What a clock is judged with: (priority, since when, fields, code-fix since per rule).
Context = tuple[str | None, int, Fields, tuple[int | None, ...]]


class Clock:
    """One metric (or one cycle of a repeating metric) of one ticket."""

    __slots__ = ("elapsed", "open_cal", "open_start", "runs", "start", "stop_ctx", "stopped_at")

    def __init__(self, start: int) -> None:
        self.start = start
        self.runs: list[tuple[int, int, Calendar, int]] | None = (
            None  # closed runs with seconds > 0
        )
        self.elapsed = 0  # seconds of the closed runs
        self.open_start = 0
        self.open_cal: Calendar | None = None  # None: not counting now (paused or stopped)
        self.stopped_at: int | None = None
        self.stop_ctx: Context | None = None  # the ticket's context when it stopped

    def close_run(self, t: int) -> None:
        cal = self.open_cal
        if cal is None:
            return
        seconds = cal.elapsed(self.open_start, t)
        if seconds:
            if self.runs is None:
                self.runs = []
            self.runs.append((self.open_start, t, cal, seconds))
            self.elapsed += seconds
        self.open_cal = None

    def count_in(self, cal: Calendar | None, t: int) -> None:
        """From `t` on, count in `cal` (None: do not count)."""
        if cal is not self.open_cal:
            self.close_run(t)
            if cal is not None:
                self.open_start, self.open_cal = t, cal

    def copy(self, share_runs: bool = False) -> Clock:
        """An independent copy. The closed runs are a new list (the fold appends to it), or with
        `share_runs` the same list, for a checkpoint that notes its length: the fold only ever
        appends, so the runs up to that length stay as they are."""
        twin = Clock(self.start)
        twin.runs = self.runs if share_runs or self.runs is None else list(self.runs)
        twin.elapsed, twin.open_start, twin.open_cal = self.elapsed, self.open_start, self.open_cal
        twin.stopped_at, twin.stop_ctx = self.stopped_at, self.stop_ctx  # stop_ctx: a tuple
        return twin


class Ticket:
    """A ticket's state after its events so far (in applied order)."""

    __slots__ = (
        "after_seen",
        "armed",
        "calendars",
        "cf_since",
        "clocks",
        "created_key",
        "cycles",
        "events",
        "fields",
        "id",
        "last_at",
        "named",
        "pause_was",
        "pausing",
        "prio_since",
        "priority",
        "recorder",
        "resolved",
        "status",
    )

    def __init__(
        self,
        plan: Plan,
        ticket_id: str | None,
        key: tuple[int, int],
        recorder: Recorder | None = None,
    ) -> None:
        assert ticket_id is not None, "a ticket event names its ticket"  # Event.ticket is optional
        self.id: str = ticket_id
        self.created_key = key
        self.events: list[Event] = []  # in applied order, for re-folding
        self.last_at = key[0]
        self.status: str | None = None  # no status until a status event: not paused, not resolved
        self.resolved = False
        self.fields: Fields = plan.defaults  # replaced, never mutated: contexts keep references
        self.priority: str | None = None
        self.named = False
        self.prio_since = key[0]
        self.cf_since: tuple[int | None, ...] = plan.no_code_fix
        # Per metric, its clock (a repeating metric's latest cycle), None while pending; and
        # per repeating metric every cycle so far (None when the policy has no such metric).
        self.clocks: list[Clock | None] = [None] * len(plan.metrics)
        self.cycles: list[list[Clock]] | None = (
            [[] for _ in plan.metrics] if plan.any_repeating else None
        )
        self.after_seen = list(plan.after_seen)
        # Bit i for pause rule i (`plan.pause_rules`): whether it holds now, and whether its
        # condition held after the last event (a condition pause starts when it becomes true).
        self.pausing = 0
        self.pause_was = 0
        # Per metric, the conditions of the starts its triggers armed while they did not hold.
        self.armed: list[tuple[Predicate, ...]] | None = (
            [()] * len(plan.metrics) if plan.any_conditional else None
        )
        # Each metric's counting calendar for the current priority and fields; None when
        # either changed and it must be worked out again.
        self.calendars: tuple[Calendar, ...] | None = None
        self.recorder = recorder  # `slac trace` only

    def copy(self, share_runs: bool = False) -> Ticket:
        """An independent copy of the folded state, for a checkpoint (`slac.evaluation.history`):
        folding into one leaves the other as it was (but for `share_runs`: `Clock.copy`). The
        copy has no recorder and no events; what the fold only ever replaces (fields, contexts,
        tuples) is shared. A repeating metric's latest cycle stays its `clocks` entry."""
        twin = Ticket.__new__(Ticket)
        for name in _SHARED:
            setattr(twin, name, getattr(self, name))
        twin.recorder = None
        twin.events = []
        copies = {id(c): c.copy(share_runs) for c in self.clocks if c is not None}
        twin.clocks = [None if c is None else copies[id(c)] for c in self.clocks]
        twin.cycles = (
            None
            if self.cycles is None
            else [[copies.get(id(c)) or c.copy(share_runs) for c in cycle] for cycle in self.cycles]
        )
        twin.after_seen = list(self.after_seen)
        twin.armed = None if self.armed is None else list(self.armed)
        return twin

    def all_clocks(self) -> list[Clock]:
        """Every clock: each metric's current one, then every cycle of the repeating ones (a
        latest cycle twice: it is also its metric's current clock)."""
        found = [c for c in self.clocks if c is not None]
        for cycle in self.cycles or ():
            found.extend(cycle)
        return found

    def context(self) -> Context:
        """What a clock is judged with: (priority, since when, fields, code-fix since)."""
        return (self.priority, self.prio_since, self.fields, self.cf_since)


# The slots `Ticket.copy` shares: immutable values, or objects the fold replaces whole. The
# others are the ones the fold mutates in place, which the copy makes anew.
_SHARED = tuple(
    name
    for name in Ticket.__slots__
    if name not in ("after_seen", "armed", "clocks", "cycles", "events", "recorder")
)


def apply(plan: Plan, ticket: Ticket, event: Event) -> None:
    """Fold one event (the ticket's latest in applied order) into the ticket's state."""
    t = event.at
    kind = event.kind
    priority_changed = False
    changed = _NO_CHANGE
    reopened = False
    state_changed = kind != "comment"
    if kind == "status":
        was_resolved = ticket.resolved
        ticket.status = event.status
        ticket.resolved = event.status in plan.resolved
        reopened = was_resolved and not ticket.resolved
    elif kind == "fields" or kind == "created":
        changed = _merge_fields(plan, ticket, event.fields)
        if kind == "created":
            _created_priority(plan, ticket, event)
        elif (
            changed
            and not (ticket.named and plan.named_wins)
            and not plan.derive.fields.isdisjoint(changed)
        ):
            derived = plan.derive(ticket.fields)
            if derived is not None and derived != ticket.priority:
                ticket.priority, ticket.prio_since, priority_changed = derived, t, True
                if ticket.recorder is not None:
                    ticket.recorder.priority(t, derived, "derived", changed)
        if plan.code_fixes and (changed or kind == "created"):  # defaults may already hold
            _update_code_fix(plan, ticket, t)
    elif kind == "priority":
        ticket.named = True
        if event.priority != ticket.priority:
            ticket.priority, ticket.prio_since, priority_changed = event.priority, t, True
            if ticket.recorder is not None:
                ticket.recorder.priority(t, event.priority, "named", _NO_CHANGE)
    # A comment can only end a pause (`until`), so with none in force it changes nothing.
    if kind in plan.pause_kinds and (ticket.pausing or kind != "comment"):
        state_changed |= _update_pauses(plan, ticket, event, priority_changed, changed)
    clocks = ticket.clocks
    for index, metric in plan.by_kind[kind]:
        if metric.repeating:
            state_changed |= _cycles(metric, ticket, index, event, priority_changed, changed, t)
            continue
        clock = clocks[index]
        if reopened or clock is None or clock.stopped_at is None:  # else: nothing to do
            state_changed |= _single(
                metric, ticket, index, event, priority_changed, changed, reopened, t
            )
    if priority_changed or changed:
        ticket.calendars = None
    if state_changed:
        _recount(plan, ticket, t)
    ticket.last_at = t


def _merge_fields(
    plan: Plan, ticket: Ticket, pairs: tuple[tuple[str, object], ...]
) -> frozenset[str]:
    declared = plan.declared
    old = ticket.fields
    new = None
    changed = []
    for name, value in pairs:
        if name in declared and old.get(name, _MISSING) != value:
            if new is None:
                new = dict(old)
            new[name] = value
            changed.append(name)
    if new is None:
        return _NO_CHANGE
    ticket.fields = new
    return frozenset(changed)


_MISSING = object()


def _created_priority(plan: Plan, ticket: Ticket, event: Event) -> None:
    named = event.priority
    ticket.named = named is not None
    capped = named
    if named is not None and plan.caps:  # the customer's choice; a `priority` event is not capped
        capped = plan.capped(named, ticket.fields)
    derived = None
    if capped is None or not plan.named_wins:
        derived = plan.derive(ticket.fields)
    ticket.priority = derived or capped
    ticket.prio_since = event.at
    if ticket.recorder is not None and ticket.priority is not None:
        how = "derived" if derived else ("capped" if capped != named else "named")
        ticket.recorder.priority(event.at, ticket.priority, how, _NO_CHANGE)


def _update_code_fix(plan: Plan, ticket: Ticket, t: int) -> None:
    since = list(ticket.cf_since)
    for rule in plan.code_fixes:
        if rule.when(ticket.fields):
            if since[rule.index] is None:
                since[rule.index] = t  # the instant the condition (last) became true
        else:
            since[rule.index] = None
    ticket.cf_since = tuple(since)


def _single(
    metric: MetricPlan,
    ticket: Ticket,
    index: int,
    e: Event,
    pc: bool,
    ch: frozenset[str],
    reopened: bool,
    t: int,
) -> bool:
    clock = ticket.clocks[index]
    touched = False
    if clock is None:
        if not (
            metric.start(e, pc, ch)
            or (metric.conditional and _armed(metric, ticket, index, e, pc, ch))
        ):
            return False
        clock = ticket.clocks[index] = Clock(t)
        if ticket.recorder is not None:
            ticket.recorder.start(index, clock, t, _paused_by(metric, ticket))
        touched = True
    if clock.stopped_at is not None:
        if reopened and metric.resume:
            clock.stopped_at = clock.stop_ctx = None
            if ticket.recorder is not None:
                ticket.recorder.resume(clock, t, _paused_by(metric, ticket))
            touched = True
        else:
            return touched
    if metric.stop(e, pc, ch):
        _stop(clock, ticket, t)
        touched = True
    return touched


def _armed(
    metric: MetricPlan, ticket: Ticket, index: int, e: Event, pc: bool, ch: frozenset[str]
) -> bool:
    """Whether a conditional start happens on `e`: a trigger of one fires and its condition
    holds, or `e` (a created or fields event) makes an armed one's condition hold. A trigger
    whose condition does not hold arms its start."""
    armed = ticket.armed
    assert armed is not None  # the plan made it: this metric has conditional starts
    fields = ticket.fields
    waiting = armed[index]
    for k, (trigger, holds) in enumerate(metric.conditional):
        if trigger(e, pc, ch):
            if holds(fields):
                return True
            if holds not in waiting:
                waiting = armed[index] = (*waiting, holds)
                if ticket.recorder is not None:
                    ticket.recorder.armed(index, e.at, metric.conditions[k])
    return (e.kind == "fields" or e.kind == "created") and any(h(fields) for h in waiting)


def _update_pauses(plan: Plan, ticket: Ticket, e: Event, pc: bool, ch: frozenset[str]) -> bool:
    """Each pause rule's state after `e`; whether any changed. An `until` ends a pause before
    a status event or a condition becoming true may start one."""
    before = pausing = ticket.pausing
    was = ticket.pause_was
    kind = e.kind
    for i, rule in enumerate(plan.pause_rules):
        bit = 1 << i
        if pausing & bit and rule.until is not None and rule.until(e, pc, ch):
            pausing &= ~bit
        when = rule.when
        if when is None:
            if kind == "status":
                pausing = pausing | bit if e.status in rule.statuses else pausing & ~bit
        elif kind == "created" or (kind == "fields" and ch):
            holds = when(ticket.fields)
            if holds != bool(was & bit):
                was ^= bit
                pausing = pausing | bit if holds else pausing & ~bit
    ticket.pausing, ticket.pause_was = pausing, was
    return pausing != before


def _cycles(
    metric: MetricPlan,
    ticket: Ticket,
    index: int,
    e: Event,
    pc: bool,
    ch: frozenset[str],
    t: int,
) -> bool:
    running = ticket.clocks[index]
    touched = False
    if running is not None and running.stopped_at is None and metric.stop(e, pc, ch):
        _stop(running, ticket, t)
        touched = True
    if (
        (running is None or running.stopped_at is not None)
        and ticket.after_seen[index]
        and not ticket.resolved
        and metric.start(e, pc, ch)
    ):
        ticket.clocks[index] = clock = Clock(t)
        assert ticket.cycles is not None  # the plan made them: this metric repeats
        ticket.cycles[index].append(clock)
        if ticket.recorder is not None:
            ticket.recorder.start(index, clock, t, _paused_by(metric, ticket))
        touched = True
    after = metric.after
    if after is not None and not ticket.after_seen[index] and after(e, pc, ch):
        ticket.after_seen[index] = True  # counts from the next event on
    return touched


def _paused_by(metric: MetricPlan, ticket: Ticket) -> str | None:
    """What keeps the clock from counting now, for the recorder: the status, or the pause
    rule in force (`MetricPlan.pause_texts`); None when nothing does."""
    status = ticket.status
    if status is not None and status in metric.pause:
        return status
    for bit, text in metric.pause_texts:
        if ticket.pausing & bit:
            return text
    return None


def _stop(clock: Clock, ticket: Ticket, t: int) -> None:
    clock.close_run(t)
    clock.stopped_at = t
    clock.stop_ctx = ticket.context()
    if ticket.recorder is not None:
        ticket.recorder.stop(clock, t)


def _recount(plan: Plan, ticket: Ticket, t: int) -> None:
    """Point every live clock at the calendar it counts in from `t` (or at none: paused)."""
    calendars = ticket.calendars
    if calendars is None:
        calendars = ticket.calendars = plan.calendars(ticket.priority, ticket.fields)
    status = ticket.status
    pausing = ticket.pausing
    for metric, clock, cal in zip(plan.metrics, ticket.clocks, calendars, strict=True):
        if clock is None or clock.stopped_at is not None:
            continue
        counting: Calendar | None = cal
        if (status is not None and status in metric.pause) or pausing & metric.pause_rules:
            counting = None
        if counting is not clock.open_cal:
            clock.count_in(counting, t)
            if ticket.recorder is not None:
                paused_by = _paused_by(metric, ticket) if counting is None else None
                ticket.recorder.count(clock, counting, t, paused_by)
