"""Monthly KPIs (docs/semantics.md#kpis-and-support-budgets): the `"kpis"` of `slac report`.

Two kinds, one row per month (policy time zone) and KPI, months with nothing counted left out
as for metrics, rows by month then in the policy's KPI order:
- a share (`share resolved when COND`): of the tickets under the agreement whose final
  resolution falls in the month, the percentage whose fields satisfy COND. A ticket's final
  resolution is the last time its status became a resolved one, when it is still resolved at
  `at` (a ticket reopened and not resolved again is not counted); COND is judged on the
  ticket's fields at `at`, so a field set just after the resolution (which line resolved it)
  counts. Excluded tickets are not counted.
- a mean call answer time (`mean call answer`): the mean `answered_after_seconds` of the
  month's answered calls (month of the call's `at`). Unanswered calls are in `counted` and in
  `unanswered`, not in the mean; a month with calls but none answered has no mean (`value`
  and `objective_met` null).

Values are rounded to 3 decimals (half up on the exact value); objectives are judged on the
exact value: a share meets its objective at or above it, a mean at or below it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

import attrs

from slac import ir
from slac.evaluation.results import Evaluation
from slac.inputs.events import Event
from slac.inputs.measures import Call
from slac.lower import Fields, initial_fields, lower_condition
from slac.measure import round3

Unit = Literal["percent", "seconds"]
_Month = Callable[[int], str]  # epoch seconds -> "2026-03" in the policy's zone


@attrs.frozen
class KpiRow:
    month: str  # "2026-03"
    kpi: str
    counted: int  # tickets finally resolved, or calls (answered or not)
    value: float | None  # percent, or mean seconds; None: no answered call to average
    unit: Unit
    objective: float | None
    objective_met: bool | None
    unanswered: int | None = None  # calls only; shown in the table, not in the JSON

    def to_dict(self) -> dict[str, object]:
        return {
            "month": self.month,
            "kpi": self.kpi,
            "counted": self.counted,
            "value": self.value,
            "unit": self.unit,
            "objective": self.objective,
            "objective_met": self.objective_met,
        }


KpiTally = dict[tuple[str, str], list[int]]
"""(month, KPI) -> [counted, hits, seconds]: hits are the tickets satisfying a share's
condition or the answered calls; seconds the answered calls' total. Tallies add up (the sum
of two tallies is the tally of both), so `slac.spark` counts each partition on its own."""


def kpi_rows(
    policy: ir.Policy, evaluation: Evaluation, events: Iterable[Event], calls: Sequence[Call]
) -> tuple[KpiRow, ...]:
    """Every KPI of `policy` per month, from the evaluation (which tickets are excluded), the
    ticket events (applied order) and the calls, all up to the evaluation's `at`."""
    return kpi_rows_from_tally(policy, kpi_tally(policy, evaluation, events, calls))


def kpi_tally(
    policy: ir.Policy, evaluation: Evaluation, events: Iterable[Event], calls: Sequence[Call]
) -> KpiTally:
    """The counts behind `kpi_rows` (see `KpiTally`)."""
    tally: KpiTally = defaultdict(lambda: [0, 0, 0])
    if not policy.kpis:
        return tally
    month = _month_of(policy.timezone)
    at = evaluation.at
    excluded = {t.ticket for t in evaluation.tickets if t.excluded is not None}
    resolved = _final_resolutions(policy, events, at, excluded)
    for kpi in policy.kpis:
        if isinstance(kpi, ir.ShareKpi):
            holds = lower_condition(kpi.when)
            for instant, fields in resolved:
                counts = tally[month(instant), kpi.name]
                counts[0] += 1
                counts[1] += holds(fields)
            continue
        for call in calls:
            if call.at > at:
                continue
            counts = tally[month(call.at), kpi.name]
            counts[0] += 1
            if call.answered_after is not None:
                counts[1] += 1
                counts[2] += call.answered_after
    return tally


def kpi_rows_from_tally(policy: ir.Policy, tally: KpiTally) -> tuple[KpiRow, ...]:
    """The rows of a tally: by month, then in the policy's KPI order."""
    order = {kpi.name: (i, kpi) for i, kpi in enumerate(policy.kpis)}
    rows = []
    for month, name in sorted(tally, key=lambda key: (key[0], order[key[1]][0])):
        counted, hits, seconds = tally[month, name]
        kpi = order[name][1]
        if isinstance(kpi, ir.ShareKpi):
            rows.append(_share_row(kpi, month, counted, hits))
        else:
            rows.append(_call_row(kpi, month, counted, hits, seconds))
    return tuple(rows)


def _share_row(kpi: ir.ShareKpi, month: str, counted: int, satisfying: int) -> KpiRow:
    objective = kpi.objective_percent
    met = None
    if objective is not None:
        met = satisfying * 100 >= Fraction(repr(objective)) * counted
    value = round3(Fraction(100 * satisfying, counted))
    return KpiRow(month, kpi.name, counted, value, "percent", objective, met)


def _call_row(
    kpi: ir.CallAnswerKpi, month: str, counted: int, answered: int, seconds: int
) -> KpiRow:
    objective = kpi.objective_seconds
    value = round3(Fraction(seconds, answered)) if answered else None
    met = None
    if objective is not None and answered:
        met = seconds <= objective * answered
    return KpiRow(month, kpi.name, counted, value, "seconds", objective, met, counted - answered)


def _month_of(zone_name: str) -> _Month:
    zone = ZoneInfo(zone_name)
    return lambda t: datetime.fromtimestamp(t, zone).strftime("%Y-%m")


def _final_resolutions(
    policy: ir.Policy, events: Iterable[Event], at: int, excluded: set[str]
) -> list[tuple[int, Fields]]:
    """(instant of the final resolution, fields at `at`) of every ticket resolved at `at`."""
    resolved_statuses = policy.resolved_statuses
    defaults = initial_fields(policy)
    fields: dict[str, Fields] = {}
    resolved_at: dict[str, int | None] = {}
    for event in events:
        ticket = event.ticket
        if event.at > at or ticket is None or ticket in excluded:
            continue
        if event.kind == "created":
            fields[ticket] = {**defaults, **dict(event.fields)}
            resolved_at[ticket] = None
        elif ticket not in fields:
            continue  # no `created`: the reader reports it; nothing to count
        elif event.kind == "fields":
            fields[ticket] = {**fields[ticket], **dict(event.fields)}
        elif event.kind == "status":
            now = event.status in resolved_statuses
            if not now:
                resolved_at[ticket] = None
            elif resolved_at[ticket] is None:
                resolved_at[ticket] = event.at
    return [(t, fields[ticket]) for ticket, t in resolved_at.items() if t is not None]
