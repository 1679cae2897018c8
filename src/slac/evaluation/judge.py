"""Judging folded clocks at an instant: state, target, due, breached_at (contract §3, §4).

Reads the folded state and never changes it: the open run of a counting clock is closed only
in local arithmetic, so the same state can be judged at many instants.
"""

from __future__ import annotations

from bisect import bisect_left

from slac import ir
from slac.business_time import breach_instant
from slac.evaluation.fold import Clock, Ticket
from slac.evaluation.plan import MetricPlan, Plan
from slac.evaluation.results import MetricResult, TicketResult


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
    out = []
    for metric, state in zip(plan.metrics, ticket.clocks, strict=False):
        if metric.repeating:
            out.extend(
                judge_clock(metric, ticket, clock, n, at, releases)
                for n, clock in enumerate(state, 1)
            )
        else:
            out.append(judge_clock(metric, ticket, state, 1, at, releases))
    return TicketResult(ticket.id, ticket.priority, None, tuple(out))


def judge_clock(
    metric: MetricPlan, ticket: Ticket, clock: Clock | None, cycle: int, at: int, releases
) -> MetricResult:
    name = metric.name
    stopped = clock is not None and clock.stopped_at is not None
    # A stopped clock is judged as things stood when it stopped; a live one as they stand at `at`.
    priority, since, fields, cf_since = clock.stop_ctx if stopped else ticket.context()
    if clock is None:
        elapsed, stopped_at = 0, None
    else:
        elapsed = clock.elapsed
        if clock.open_cal is not None:
            elapsed += clock.open_cal.elapsed(clock.open_start, at)
        stopped_at = clock.stopped_at
    if metric.not_applicable is not None and metric.not_applicable(ticket.fields):
        return MetricResult(
            name, cycle, "not_applicable", None, None, elapsed, None, None, stopped_at, priority
        )
    fix = metric.code_fix
    if fix is not None and cf_since[fix.index] is not None:
        target = fix.targets.get(priority)
        if target is not None:
            return _judge_release(
                metric,
                ticket,
                clock,
                cycle,
                at,
                releases,
                target,
                cf_since[fix.index],
                fields,
                elapsed,
                priority,
            )
    duration = metric.targets.get(priority)
    if duration is None:
        return MetricResult(
            name, cycle, "not_applicable", None, None, elapsed, None, None, stopped_at, priority
        )
    seconds = metric.target_seconds(duration, priority, fields)
    if clock is None:
        return MetricResult(
            name, cycle, "pending", duration.text, seconds, 0, None, None, None, priority
        )
    if elapsed > seconds:
        passed = _passed_at(clock, seconds, at)
        return MetricResult(
            name,
            cycle,
            "breached",
            duration.text,
            seconds,
            elapsed,
            None,
            max(passed, since),
            stopped_at,
            priority,
        )
    if stopped:
        return MetricResult(
            name, cycle, "met", duration.text, seconds, elapsed, None, None, stopped_at, priority
        )
    if clock.open_cal is None:
        return MetricResult(
            name, cycle, "paused", duration.text, seconds, elapsed, None, None, None, priority
        )
    due = clock.open_cal.add(at, seconds - elapsed)
    return MetricResult(
        name, cycle, "running", duration.text, seconds, elapsed, due, None, None, priority
    )


def _passed_at(clock: Clock, target: int, at: int) -> int:
    """The instant the count first passed `target` (the caller knows it has by `at`)."""
    counted = 0
    for start, _end, cal, seconds in clock.runs or ():
        if counted + seconds > target:
            return breach_instant(cal, start, target - counted)
        counted += seconds
    return breach_instant(clock.open_cal, clock.open_start, target - counted)


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
    metric,
    ticket,
    clock,
    cycle,
    at,
    releases,
    target: ir.ReleaseTarget,
    since,
    fields,
    elapsed,
    priority,
):
    """Code-fix override: the first matching release decides; a resolution before it is met."""
    name, text = metric.name, target.text
    if clock is None:
        return MetricResult(name, cycle, "pending", text, None, 0, None, None, None, priority)
    end = clock.stopped_at if clock.stopped_at is not None else at
    product = fields.get(metric.code_fix.product_field) if metric.code_fix.product_field else None
    release = releases.first(since, end, target, product)
    if release is not None:
        release_at, fixes = release
        if ticket.id in fixes:
            return MetricResult(
                name,
                cycle,
                "met",
                text,
                None,
                _elapsed_until(clock, release_at),
                None,
                None,
                release_at,
                priority,
            )
        return MetricResult(
            name,
            cycle,
            "breached",
            text,
            None,
            elapsed,
            None,
            release_at,
            clock.stopped_at,
            priority,
        )
    if clock.stopped_at is not None:
        return MetricResult(
            name, cycle, "met", text, None, elapsed, None, None, clock.stopped_at, priority
        )
    state = "running" if clock.open_cal is not None else "paused"
    return MetricResult(name, cycle, state, text, None, elapsed, None, None, None, priority)


class Releases:
    """Release events in applied order (at, sequence), looked up by time window."""

    __slots__ = ("items", "keys")

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.items: list[
            tuple[int, str, tuple[str, ...], frozenset[str]]
        ] = []  # (at, kind, products, fixes)

    def add(self, key: tuple[int, int], release) -> None:
        index = bisect_left(self.keys, key)
        self.keys.insert(index, key)
        self.items.insert(index, (key[0], release.kind, release.products, release.fixes))

    def first(
        self, since: int, end: int, target: ir.ReleaseTarget, product
    ) -> tuple[int, frozenset] | None:
        """The first release in [since, end] of the target's kind that is relevant if it must be."""
        kind, relevant = target.kind, target.relevant
        items = self.items
        for index in range(bisect_left(self.keys, (since, -1)), len(items)):
            at, rkind, products, fixes = items[index]
            if at > end:
                return None
            if kind is not None and rkind != kind:
                continue
            if relevant and products and product not in products:
                continue
            return at, fixes
        return None
