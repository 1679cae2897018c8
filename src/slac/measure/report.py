"""Monthly compliance per metric and priority against the policy's objectives (docs/semantics.md#how-reports-count-months).

A metric result counts in the month (policy time zone) it reached its final state: met in the
month of `stopped_at`, breached in the month of `breached_at`, so a metric breached in March
and stopped in April counts in March, and a breached metric still running counts already.
Running, paused, pending and not-applicable results, and every metric of an excluded ticket,
are not counted. Each cycle of a repeating metric counts on its own. A result counts under
`MetricResult.priority`, the priority whose target applied (the ticket's priority when the
evaluator left it unset).

Rows: for each month with something counted, each metric in policy order, one row per priority
that has counted results (policy order), then the all-priorities row (`priority` None). A month
or metric with nothing counted has no rows: there is no percentage to report, and a row of
zeros would read as a failure. `percent_met` is rounded to 3 decimals (half up on the exact
ratio); the objective is judged on the exact ratio (19 of 20 against 95% is met).

Objectives: one that names priorities applies to those priority rows only, one that names none
applies to every row including the all-priorities row. When both kinds exist for a metric, the
one naming the row's priority wins (it is the more specific promise); among equals the first
stated wins. One stated `overall` applies to the all-priorities row only, so the priority rows
of its metric carry `objective_percent` and `objective_met` null (Impero's single 95%).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from slac.evaluation import evaluate
from slac.evaluation.results import Evaluation, MetricResult, TicketResult, iso_z
from slac.inputs.events import Event
from slac.inputs.measures import Call, Worklog
from slac.inputs.mixed import split_items
from slac.ir import Objective, Policy
from slac.measure import round3
from slac.measure.kpis import KpiRow, kpi_rows


@attrs.frozen
class ReportRow:
    month: str  # "2026-03"
    metric: str
    priority: str | None  # None: all priorities
    counted: int
    met: int
    breached: int
    percent_met: float
    objective_percent: float | None
    objective_met: bool | None

    def to_dict(self) -> dict[str, object]:
        return {
            "month": self.month,
            "metric": self.metric,
            "priority": self.priority,
            "counted": self.counted,
            "met": self.met,
            "breached": self.breached,
            "percent_met": self.percent_met,
            "objective_percent": self.objective_percent,
            "objective_met": self.objective_met,
        }


@attrs.frozen
class Report:
    policy: str
    at: int
    rows: tuple[ReportRow, ...]
    kpis: tuple[KpiRow, ...] = ()  # slac.measure.kpis

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "at": iso_z(self.at),
            "rows": [row.to_dict() for row in self.rows],
            "kpis": [row.to_dict() for row in self.kpis],
        }


def report(
    policy: Policy,
    events: Iterable[Event | Call | Worklog | dict[str, Any]],
    *,
    at: datetime | str | int,
) -> Report:
    """Evaluate `events` at `at` and report the months (see the module docstring) and the
    KPIs (`slac.measure.kpis`). `events` may hold calls and worklogs (values or dicts) among
    the ticket events; ValueError for an invalid one."""
    tickets, measures = split_items(events, policy)
    evaluation = evaluate(policy, tickets, at=at)
    ordered = sorted(tickets, key=lambda e: e.at)
    kpis = kpi_rows(policy, evaluation, ordered, measures.calls)
    return report_from_evaluation(policy, evaluation, kpis)


def report_from_evaluation(
    policy: Policy, evaluation: Evaluation, kpis: tuple[KpiRow, ...] = ()
) -> Report:
    """The report of an evaluation already made, with KPI rows already counted; pure."""
    return report_from_tally(
        policy, evaluation.policy, evaluation.at, tally_results(policy, evaluation), kpis
    )


def report_from_tally(
    policy: Policy, name: str, at: int, tally: Tally, kpis: tuple[KpiRow, ...] = ()
) -> Report:
    """The report of counts already tallied (`tally_results` of one evaluation, or the sum of
    several: `slac.spark` tallies each partition of tickets and adds them up), with KPI rows
    already counted; pure."""
    rows = []
    for month, metric in sorted(tally, key=_order_key(policy)):
        by_priority = tally[month, metric]
        for priority in _priority_order(policy, by_priority):
            met, breached = by_priority[priority]
            rows.append(_row(policy, month, metric, priority, met, breached))
        met = sum(m for m, _ in by_priority.values())
        breached = sum(b for _, b in by_priority.values())
        rows.append(_row(policy, month, metric, None, met, breached))
    return Report(name, at, tuple(rows), kpis)


# Tally: (month, metric) -> priority -> [met, breached]. A result without any priority counts in
# the all-priorities row only, under the key None.
Tally = dict[tuple[str, str], dict[str | None, list[int]]]


def tally_results(policy: Policy, evaluation: Evaluation) -> Tally:
    """Met and breached results per (month, metric) and priority (see the module docstring)."""
    zone = ZoneInfo(policy.timezone)
    tally: Tally = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for ticket in evaluation.tickets:
        if ticket.excluded is not None:
            continue
        for result in ticket.metrics:
            final = _final(result)
            if final is None:
                continue
            outcome, instant = final
            month = datetime.fromtimestamp(instant, zone).strftime("%Y-%m")
            tally[month, result.metric][_priority(result, ticket)][outcome] += 1
    return tally


def _final(result: MetricResult) -> tuple[int, int] | None:
    """(0 met / 1 breached, the instant it became so), or None when not counted."""
    if result.state == "met" and result.stopped_at is not None:
        return 0, result.stopped_at
    if result.state == "breached" and result.breached_at is not None:
        return 1, result.breached_at
    return None


def _priority(result: MetricResult, ticket: TicketResult) -> str | None:
    return result.priority if result.priority is not None else ticket.priority


def _order_key(policy: Policy) -> Callable[[tuple[str, str]], tuple[str, int, str]]:
    metric_order = {metric.name: i for i, metric in enumerate(policy.metrics)}

    def key(month_metric: tuple[str, str]) -> tuple[str, int, str]:
        month, metric = month_metric
        # A metric the policy does not declare (an embedder's hand-built evaluation) goes last.
        return (month, metric_order.get(metric, len(metric_order)), metric)

    return key


def _priority_order(policy: Policy, by_priority: dict[str | None, list[int]]) -> list[str]:
    rank = {name: i for i, name in enumerate(policy.priorities.names)}
    named = [p for p in by_priority if p is not None]
    return sorted(named, key=lambda p: (rank.get(p, len(rank)), p))


def _row(
    policy: Policy, month: str, metric: str, priority: str | None, met: int, breached: int
) -> ReportRow:
    counted = met + breached
    objective = _objective(policy.objectives, metric, priority)
    percent = None if objective is None else objective.percent
    achieved = (
        None if objective is None else met * 100 >= Fraction(repr(objective.percent)) * counted
    )
    return ReportRow(
        month,
        metric,
        priority,
        counted,
        met,
        breached,
        round3(Fraction(100 * met, counted)),
        percent,
        achieved,
    )


def _objective(
    objectives: tuple[Objective, ...], metric: str, priority: str | None
) -> Objective | None:
    mine = [o for o in objectives if o.metric == metric]
    if priority is not None:
        named = next((o for o in mine if priority in o.priorities), None)
        if named is not None:
            return named
        # An `overall` objective is for all priorities together: no verdict per priority.
        mine = [o for o in mine if not o.overall]
    return next((o for o in mine if not o.priorities), None)
