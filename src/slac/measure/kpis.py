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


def kpi_rows(
    policy: ir.Policy, evaluation: Evaluation, events: Iterable[Event], calls: Sequence[Call]
) -> tuple[KpiRow, ...]:
    """Every KPI of `policy` per month, from the evaluation (which tickets are excluded), the
    ticket events (applied order) and the calls, all up to the evaluation's `at`."""
    if not policy.kpis:
        return ()
    month = _month_of(policy.timezone)
    at = evaluation.at
    excluded = {t.ticket for t in evaluation.tickets if t.excluded is not None}
    resolved = _final_resolutions(policy, events, at, excluded)
    answered = [c for c in calls if c.at <= at]
    rows: list[tuple[str, int, KpiRow]] = []
    for index, kpi in enumerate(policy.kpis):
        if isinstance(kpi, ir.ShareKpi):
            found = _share_rows(kpi, resolved, month)
        else:
            found = _call_rows(kpi, answered, month)
        rows.extend((row.month, index, row) for row in found)
    rows.sort(key=lambda item: item[:2])
    return tuple(row for _, _, row in rows)


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


def _share_rows(
    kpi: ir.ShareKpi, resolved: list[tuple[int, Fields]], month: _Month
) -> list[KpiRow]:
    holds = lower_condition(kpi.when)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # month -> [counted, satisfying]
    for instant, fields in resolved:
        counts = tally[month(instant)]
        counts[0] += 1
        counts[1] += holds(fields)
    rows = []
    for name, (counted, satisfying) in tally.items():
        objective = kpi.objective_percent
        met = None
        if objective is not None:
            met = satisfying * 100 >= Fraction(repr(objective)) * counted
        value = round3(Fraction(100 * satisfying, counted))
        rows.append(KpiRow(name, kpi.name, counted, value, "percent", objective, met))
    return rows


def _call_rows(kpi: ir.CallAnswerKpi, calls: list[Call], month: _Month) -> list[KpiRow]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # [counted, answered, seconds]
    for call in calls:
        counts = tally[month(call.at)]
        counts[0] += 1
        if call.answered_after is not None:
            counts[1] += 1
            counts[2] += call.answered_after
    rows = []
    for name, (counted, answered, seconds) in tally.items():
        objective = kpi.objective_seconds
        value = round3(Fraction(seconds, answered)) if answered else None
        met = None
        if objective is not None and answered:
            met = seconds <= objective * answered
        rows.append(
            KpiRow(name, kpi.name, counted, value, "seconds", objective, met, counted - answered)
        )
    return rows
