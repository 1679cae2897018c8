"""`slac.trace(policy, events, ticket, at=...)`: one ticket's clocks as a timeline (docs/formats.md#slac-trace---format-json).

Stages: the ticket's events (and the releases) are folded by the evaluator itself with a
`Recorder` on the ticket (`slac.evaluation.recorder`), so the timeline follows the same clock
rules as `evaluate`, and judged at `at` as `evaluate` judges them (state, elapsed, due,
breach). Each clock's phases then become segments: a counting phase is split by its calendar
into `open` (counting), `closed hours` and `holiday: NAME` (not counting, from
`Calendar.closures`); a paused phase is `paused: STATUS`; before the metric starts,
`not started`; between a stop and a reopen, `stopped`; for an excluded ticket, one
`excluded: REASON`. Segments are consecutive from the ticket's creation (a repeating metric's
cycle: its start) to the metric's stop or `at`, and the counting ones add up to
`elapsed_seconds`. A breach instant inside a counting segment splits it, so the breach is a
segment boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from operator import attrgetter
from typing import Any

import attrs

from slac import ir
from slac.business_time import Calendar
from slac.evaluation import Evaluator, instant
from slac.evaluation.recorder import ClockLog, PriorityChange, Recorder
from slac.evaluation.results import MetricResult, TicketResult, iso_z
from slac.inputs.events import Event, ticket_events

__all__ = ["MetricTrace", "Segment", "Trace", "trace", "traces"]


@attrs.frozen
class Segment:
    start: int
    end: int
    counting: bool
    reason: str  # `open`, `closed hours`, `holiday: NAME`, `paused: STATUS`, `not started`, ...

    def to_dict(self) -> dict[str, object]:
        return {
            "from": iso_z(self.start),
            "to": iso_z(self.end),
            "counting": self.counting,
            "reason": self.reason,
        }


@attrs.frozen
class MetricTrace:
    """One metric (one cycle) of the ticket: `evaluate`'s result and the segments behind it."""

    result: MetricResult
    started_at: int | None
    reached_at: int | None  # when the count reached the target (None: it has not)
    segments: tuple[Segment, ...]
    zone: str  # the time zone of the calendar it counted in (for people's tables)

    def to_dict(self) -> dict[str, object]:
        r = self.result
        return {
            "metric": r.metric,
            "cycle": r.cycle,
            "state": r.state,
            "target": r.target,
            "target_seconds": r.target_seconds,
            "elapsed_seconds": r.elapsed_seconds,
            "started_at": iso_z(self.started_at),
            "reached_at": iso_z(self.reached_at),
            "due": iso_z(r.due),
            "breached_at": iso_z(r.breached_at),
            "stopped_at": iso_z(r.stopped_at),
            "segments": [s.to_dict() for s in self.segments],
        }


@attrs.frozen
class Trace:
    policy: str
    at: int
    ticket: str
    priority: str | None
    excluded: str | None
    created_at: int
    priorities: tuple[PriorityChange, ...]
    metrics: tuple[MetricTrace, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "at": iso_z(self.at),
            "ticket": self.ticket,
            "priority": self.priority,
            "excluded": self.excluded,
            "created_at": iso_z(self.created_at),
            "priorities": [p.to_dict() for p in self.priorities],
            "metrics": [m.to_dict() for m in self.metrics],
        }


def trace(
    policy: ir.Policy,
    events: Iterable[Event | dict[str, Any]],
    ticket: str,
    *,
    at: datetime | str | int,
) -> Trace:
    """The timeline of `ticket` at `at` (see the module docstring). `events` as for
    `slac.evaluate`: only the ticket's own and the releases matter. ValueError for an invalid
    event, or when no `created` of `ticket` is at or before `at`."""
    found = traces(policy, events, (ticket,), at=at)
    if ticket not in found:
        raise ValueError(f"no ticket `{ticket}` is created at or before {iso_z(instant(at))}")
    return found[ticket]


def traces(
    policy: ir.Policy,
    events: Iterable[Event | dict[str, Any]],
    tickets: Iterable[str],
    *,
    at: datetime | str | int,
) -> dict[str, Trace]:
    """`trace` of several tickets in one fold (the HTML report's breached tickets), by id;
    a ticket not created at or before `at` is left out."""
    at = instant(at)
    wanted = frozenset(tickets)
    items = ticket_events(events, policy)
    mine = [e for e in items if e.at <= at and (e.ticket in wanted or e.kind == "release")]
    mine.sort(key=attrgetter("at"))
    recorders = {ticket: Recorder() for ticket in wanted}
    evaluator = Evaluator(policy, recorders=recorders)
    for event in mine:  # in applied order: each is folded as it comes
        evaluator.feed(event)
    created = {e.ticket: e.at for e in mine if e.kind == "created"}
    return {
        result.ticket: _trace(policy, result, recorders[result.ticket], created[result.ticket], at)
        for result in evaluator.results(at).tickets
    }


def _trace(
    policy: ir.Policy, result: TicketResult, recorder: Recorder, created: int, at: int
) -> Trace:
    logs = _logs_by_result(policy, recorder)
    index = {m.name: i for i, m in enumerate(policy.metrics)}
    metrics = []
    for metric in result.metrics:
        log = logs.get((metric.metric, metric.cycle))
        end = metric.stopped_at if metric.stopped_at is not None else at
        if result.excluded is not None:
            excluded = Segment(created, at, False, f"excluded: {result.excluded}")
            segments = [excluded] if created < at else []
        else:
            waiting = recorder.waiting.get(index.get(metric.metric, -1), [])
            segments = list(_segments(log, created, end, waiting))
        segments = _split_at(segments, metric.breached_at)
        zone = _zone(log, policy.timezone)
        start = log.start if log is not None and result.excluded is None else None
        reached = _reached(segments, metric.target_seconds)
        metrics.append(MetricTrace(metric, start, reached, tuple(segments), zone))
    return Trace(
        policy.name,
        at,
        result.ticket,
        result.priority,
        result.excluded,
        created,
        tuple(recorder.priorities),
        tuple(metrics),
    )


def _logs_by_result(policy: ir.Policy, recorder: Recorder) -> dict[tuple[str, int], ClockLog]:
    """Each clock's log under the (metric, cycle) its result carries."""
    names = [m.name for m in policy.metrics]
    return {(names[log.index], log.cycle): log for log in recorder.logs.values()}


def _segments(
    log: ClockLog | None, created: int, end: int, waiting: list[tuple[int, str]]
) -> Iterator[Segment]:
    if log is None:  # never started
        yield from _not_started(created, end, waiting)
        return
    if log.cycle == 1:
        yield from _not_started(created, min(log.start, end), waiting)
    phases = log.phases
    for i, (t, calendar, reason) in enumerate(phases):
        lo = t
        hi = min(phases[i + 1][0] if i + 1 < len(phases) else end, end)
        if lo >= hi:
            continue
        if calendar is None:
            yield Segment(lo, hi, False, reason)
        else:
            yield from _counting(calendar, lo, hi)


def _not_started(a: int, b: int, waiting: list[tuple[int, str]]) -> Iterator[Segment]:
    """[a, b) before the start: `not started`, and from each conditional start armed on the
    way, `not started: waiting for CONDITION` (several: joined by `or`)."""
    bounds = [(a, "not started")]
    conditions: list[str] = []
    for t, condition in waiting:
        if a <= t < b and condition not in conditions:
            conditions.append(condition)
            bounds.append((t, "not started: waiting for " + " or ".join(conditions)))
    for (lo, reason), (hi, _) in zip(bounds, [*bounds[1:], (b, "")], strict=True):
        if lo < hi:
            yield Segment(lo, hi, False, reason)


def _counting(calendar: Calendar, a: int, b: int) -> Iterator[Segment]:
    """[a, b) counted in `calendar`: its open intervals, and what keeps the gaps shut."""
    closures = calendar.closures(a, b)
    cursor = a
    for lo, hi in calendar.open_intervals(a, b):
        if cursor < lo:
            yield from _closed(cursor, lo, closures)
        yield Segment(lo, hi, True, "open")
        cursor = hi
    if cursor < b:
        yield from _closed(cursor, b, closures)


def _closed(a: int, b: int, closures: list[tuple[int, int, str]]) -> Iterator[Segment]:
    """A shut stretch: `holiday: NAME` where a holiday closed a window, else `closed hours`."""
    cursor = a
    for lo, hi, name in closures:
        lo, hi = max(lo, cursor), min(hi, b)
        if lo >= hi:
            continue
        if cursor < lo:
            yield Segment(cursor, lo, False, "closed hours")
        yield Segment(lo, hi, False, f"holiday: {name}")
        cursor = hi
    if cursor < b:
        yield Segment(cursor, b, False, "closed hours")


def _split_at(segments: list[Segment], t: int | None) -> list[Segment]:
    """The segment containing `t` split there, so the instant is a boundary."""
    if t is None:
        return segments
    out: list[Segment] = []
    for s in segments:
        if s.start < t < s.end:
            out.extend((attrs.evolve(s, end=t), attrs.evolve(s, start=t)))
        else:
            out.append(s)
    return out


def _reached(segments: list[Segment], target: int | None) -> int | None:
    if target is None:
        return None
    counted = 0
    for s in segments:
        if s.counting:
            if counted + (s.end - s.start) >= target:
                return s.start + target - counted
            counted += s.end - s.start
    return None


def _zone(log: ClockLog | None, default: str) -> str:
    """The zone of the last calendar the clock counted in with a zone, else `default`."""
    for _, calendar, _ in reversed(log.phases if log is not None else []):
        zone = _calendar_zone(calendar)
        if zone is not None:
            return zone
    return default


def _calendar_zone(calendar: Calendar | None) -> str | None:
    zone = getattr(calendar, "zone", None)
    if isinstance(zone, str):
        return zone
    for member in getattr(calendar, "members", ()):
        found = _calendar_zone(member)
        if found is not None:
            return found
    return None
