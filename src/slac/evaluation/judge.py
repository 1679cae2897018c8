"""Judging folded clocks at an instant: state, target, due, breached_at (docs/semantics.md#breach-instant, #due, #re-prioritisation).

Reads the folded state and never changes it: the open run of a counting clock is closed only
in local arithmetic, so the same state can be judged at many instants.
"""

from __future__ import annotations

from slac import ir
from slac.business_time import Calendar, breach_instant
from slac.evaluation.deadlines import deadline
from slac.evaluation.fold import Clock, Ticket
from slac.evaluation.plan import CodeFixPlan, MetricPlan, Plan
from slac.evaluation.releases import Releases
from slac.evaluation.results import MetricResult, State, TicketResult
from slac.lower import Fields


def judge_ticket(plan: Plan, ticket: Ticket, at: int, releases: Releases) -> TicketResult:
    reason = plan.excluded(ticket.fields)
    if reason is not None:
        # Outside the agreement: every metric once, not applicable, nothing counted.
        metrics = tuple(
            MetricResult(
                m.name, 1, "not_applicable", None, None, 0, None, None, None, ticket.priority
            )
            for m in plan.metrics
        )
        return TicketResult(ticket.id, ticket.priority, reason, metrics)
    out: list[MetricResult] = []
    cycles = ticket.cycles
    for index, (metric, clock) in enumerate(zip(plan.metrics, ticket.clocks, strict=True)):
        if cycles is not None and metric.repeating:
            out.extend(
                judge_clock(metric, ticket, cycle, n, at, releases)
                for n, cycle in enumerate(cycles[index], 1)
            )
        else:
            out.append(judge_clock(metric, ticket, clock, 1, at, releases))
    return TicketResult(ticket.id, ticket.priority, None, tuple(out))


def judge_clock(
    metric: MetricPlan, ticket: Ticket, clock: Clock | None, cycle: int, at: int, releases: Releases
) -> MetricResult:
    stopped = clock is not None and clock.stopped_at is not None
    # A stopped clock is judged as things stood when it stopped; a live one as they stand at `at`.
    stop_ctx = clock.stop_ctx if clock is not None else None  # set exactly while it is stopped
    priority, since, fields, cf_since = stop_ctx if stop_ctx is not None else ticket.context()
    elapsed, stopped_at = 0, None
    if clock is not None:
        elapsed, stopped_at = clock.elapsed, clock.stopped_at
        if clock.open_cal is not None:
            elapsed += clock.open_cal.elapsed(clock.open_start, at)
    duration = None
    targets, texts, _ = metric.table(fields)  # the ticket's tier's table (slac.check.tiers)
    if metric.not_applicable is None or not metric.not_applicable(ticket.fields):
        fix = metric.code_fix
        fix_since = cf_since[fix.index] if fix is not None else None
        if fix is not None and fix_since is not None and priority in fix.targets:
            context = (priority, fix_since, fields, elapsed, cycle)
            return _judge_release(metric, fix, ticket, clock, at, releases, context)
        duration = targets.get(priority)
    if duration is None:
        return MetricResult(
            metric.name,
            cycle,
            "not_applicable",
            None,
            None,
            elapsed,
            None,
            None,
            stopped_at,
            priority,
        )
    if isinstance(duration, ir.Deadline):
        cal = metric.counting_calendar(priority, fields)
        return _judge_deadline(metric, duration, cal, clock, at, (priority, since, elapsed, cycle))
    seconds = metric.target_seconds(duration, priority, fields)
    due = breached_at = None
    state: State
    if clock is None:
        state = "pending"
    elif elapsed > seconds:
        state, breached_at = "breached", max(_passed_at(clock, seconds, at), since)
    elif stopped:
        state = "met"
    elif clock.open_cal is None:
        state = "paused"
    else:
        # None when the deadline lies past the supported years: never reached, so never breached
        # either, and the other tickets are judged as usual (docs/semantics.md, "The edge of time").
        state, due = "running", clock.open_cal.add_within(at, seconds - elapsed)
    text = texts[priority]
    return MetricResult(
        metric.name, cycle, state, text, seconds, elapsed, due, breached_at, stopped_at, priority
    )


def _judge_deadline(
    metric: MetricPlan,
    target: ir.Deadline,
    cal: Calendar,
    clock: Clock | None,
    at: int,
    context: tuple[str | None, int, int, int],
) -> MetricResult:
    """A deadline target: met when the clock stops at or before the instant, breached at it
    when it stops later or is still open after it; pauses do not move it. `context`: (priority,
    since when that priority holds, elapsed at `at`, the metric's cycle)."""
    priority, since, elapsed, cycle = context
    text = metric.texts[priority]
    if clock is None:
        return MetricResult(
            metric.name, cycle, "pending", text, None, 0, None, None, None, priority
        )
    instant = deadline(cal, clock.start, target.time, target.next_day)
    stopped_at = clock.stopped_at
    due = breached_at = None
    state: State
    if instant is not None and (stopped_at if stopped_at is not None else at) > instant:
        state, breached_at = "breached", max(instant, since)
    elif stopped_at is not None:
        state = "met"
    else:  # a deadline past the supported years (None) is never reached: no due
        state, due = ("running" if clock.open_cal is not None else "paused"), instant
    return MetricResult(
        metric.name, cycle, state, text, None, elapsed, due, breached_at, stopped_at, priority
    )


def _passed_at(clock: Clock, target: int, at: int) -> int:
    """The instant the count first passed `target` (the caller knows it has by `at`)."""
    counted = 0
    for start, _end, run_cal, seconds in clock.runs or ():
        if counted + seconds > target:
            return breach_instant(run_cal, start, target - counted)
        counted += seconds
    cal = clock.open_cal
    assert cal is not None  # not passed in the closed runs: it passes in the open one
    return breach_instant(cal, clock.open_start, target - counted)


def _elapsed_until(clock: Clock, x: int) -> int:
    total = 0
    for start, end, cal, _seconds in clock.runs or ():
        if start >= x:
            return total
        total += cal.elapsed(start, min(end, x))
    if clock.open_cal is not None and clock.open_start < x:
        total += clock.open_cal.elapsed(clock.open_start, x)
    return total


def _judge_release(
    metric: MetricPlan,
    fix: CodeFixPlan,
    ticket: Ticket,
    clock: Clock | None,
    at: int,
    releases: Releases,
    context: tuple[str | None, int, Fields, int, int],
) -> MetricResult:
    """Code-fix override, releases counted cumulatively: met at the first release that fixes
    the ticket, from the code-fix instant up to and including the target release (the first
    that matches the row); breached at the target release when none did; a resolution before
    either is met. `context`: (priority, code-fix since, fields, elapsed at `at`, the cycle)."""
    priority, since, fields, elapsed, cycle = context
    text = fix.texts[priority]
    if clock is None:
        return MetricResult(
            metric.name, cycle, "pending", text, None, 0, None, None, None, priority
        )
    end = clock.stopped_at if clock.stopped_at is not None else at
    product = fields.get(fix.product_field) if fix.product_field else None
    target = releases.first(since, end, fix.targets[priority], product)
    fixed_at = releases.fixing(since, target if target is not None else end, ticket.id)
    breached_at, stopped_at = None, clock.stopped_at
    state: State
    if fixed_at is not None:
        state, elapsed, stopped_at = "met", _elapsed_until(clock, fixed_at), fixed_at
    elif target is not None:
        state, breached_at = "breached", target
    elif clock.stopped_at is not None:
        state = "met"
    else:
        state = "running" if clock.open_cal is not None else "paused"
    return MetricResult(
        metric.name, cycle, state, text, None, elapsed, None, breached_at, stopped_at, priority
    )
