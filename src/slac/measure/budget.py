"""Support budget used and left per month (docs/semantics.md#kpis-and-support-budgets): `slac budget`.

The policy's `budget` buys `amount` (in its `unit`) for each period of `period_months` months,
the first period starting with the month `start_year`-`start_month` (earlier months belong to
earlier periods of the same length). A worklog charges `minutes / 60 * rate` in the month (policy
time zone) of its `at`; worklogs after `at` are not counted. A worklog on a ticket the policy
excludes still charges, unless the budget says `excluded tickets use no budget`.

Months shown: from the first month of the period holding the first counted worklog (or of the
period holding `at` when there is none) to the month of `at`, every month even with nothing
used. Per month: the minutes used at each declared rate (policy order, zeros kept), what was
charged, and what is left of the period's amount after the month (`left` starts again at
`amount` in a period's first month; it goes below zero when the budget is overdrawn).
Charges and amounts left are rounded to 3 decimals, half up on the exact value.

`runs_out`, the month the budget runs out at the current pace: the first shown month of the
current period whose `left` is 0 or less, when there is one (it has run out); otherwise, with
`pace` the charges of the current period so far divided by the months of the period up to and
including the month of `at`, the month of `at` plus ceil(left / pace) when that month still
belongs to the current period; otherwise (nothing charged, or the period renews first) None.

Two stages: `budget_tally` counts the minutes per month and rate, and `budget_report_from_tally`
makes the months from them. Tallies add up, so `slac.spark` tallies each partition's worklogs
on its own and makes the report from their sum on the driver.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from datetime import datetime
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from slac import ir
from slac.evaluation import evaluate, instant
from slac.evaluation.results import Evaluation, iso_z
from slac.inputs.events import Event
from slac.inputs.measures import Worklog
from slac.inputs.mixed import split_items
from slac.measure import round3


@attrs.frozen
class BudgetMonth:
    month: str  # "2026-03"
    used: tuple[tuple[str, int], ...]  # (rate, minutes) in the policy's rate order
    charged: float
    left: float

    def to_dict(self) -> dict[str, object]:
        return {
            "month": self.month,
            "used": dict(self.used),
            "charged": self.charged,
            "left": self.left,
        }


@attrs.frozen
class BudgetReport:
    policy: str
    at: int
    budget: int
    unit: str
    months: tuple[BudgetMonth, ...]
    runs_out: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "at": iso_z(self.at),
            "budget": self.budget,
            "unit": self.unit,
            "months": [month.to_dict() for month in self.months],
            "runs_out": self.runs_out,
        }


def budget(
    policy: ir.Policy,
    events: Iterable[Event | Worklog | dict[str, Any]],
    *,
    at: datetime | str | int,
) -> BudgetReport:
    """The budget months of `events` at `at` (see the module docstring). `events` are ticket
    events and worklogs (values, or dicts in the shape of docs/formats.md); ValueError for an
    invalid one, or for a policy without a budget."""
    tickets, measures = split_items(events, policy)
    return budget_report(
        policy, sorted(tickets, key=lambda e: e.at), measures.worklogs, instant(at)
    )


BudgetTally = dict[tuple[int, str], int]
"""(month index, rate) -> minutes of the counted worklogs charged in that month (policy time
zone; the index is `year * 12 + month - 1`). A key is there for every month and rate a counted
worklog has, so the smallest month index is the first counted worklog's month. Tallies add up
(the sum of two tallies is the tally of both), so `slac.spark` counts each partition on its
own."""


def budget_spec(policy: ir.Policy) -> ir.Budget:
    """The policy's budget; ValueError when it states none."""
    if policy.budget is None:
        raise ValueError(f"policy `{policy.name}` states no budget")
    return policy.budget


def budget_report(
    policy: ir.Policy, events: list[Event], worklogs: Iterable[Worklog], at: int
) -> BudgetReport:
    """The budget months from validated ticket events and worklogs (applied order)."""
    spec = budget_spec(policy)
    excluded: set[str] = set()
    if not spec.excluded_tickets_use_budget:  # evaluated only when the excluded tickets matter
        excluded = excluded_tickets(evaluate(policy, events, at=at))
    return budget_report_from_tally(policy, budget_tally(policy, worklogs, at, excluded), at)


def excluded_tickets(evaluation: Evaluation) -> set[str]:
    """The tickets the evaluation's policy excludes."""
    return {t.ticket for t in evaluation.tickets if t.excluded is not None}


def budget_tally(
    policy: ir.Policy, worklogs: Iterable[Worklog], at: int, excluded: Collection[str]
) -> BudgetTally:
    """The minutes of the counted worklogs (see `BudgetTally`): those at or before `at`, and not
    on one of the `excluded` tickets when the budget says `excluded tickets use no budget`."""
    spec = budget_spec(policy)
    uncharged: Collection[str] = () if spec.excluded_tickets_use_budget else frozenset(excluded)
    zone = ZoneInfo(policy.timezone)
    tally: BudgetTally = {}
    for worklog in worklogs:
        if worklog.at <= at and worklog.ticket not in uncharged:
            key = (_month_index(worklog.at, zone), worklog.rate)
            tally[key] = tally.get(key, 0) + worklog.minutes
    return tally


def budget_report_from_tally(policy: ir.Policy, tally: BudgetTally, at: int) -> BudgetReport:
    """The budget months of a tally at `at` (see the module docstring)."""
    spec = budget_spec(policy)
    last = _month_index(at, ZoneInfo(policy.timezone))
    first = _period_start(spec, min(index for index, _ in tally) if tally else last)
    minutes: dict[int, dict[str, int]] = {}
    for (index, rate), used_minutes in tally.items():
        minutes.setdefault(index, dict.fromkeys(spec.rates, 0))[rate] += used_minutes
    months, left, spent, ran_out = [], Fraction(0), Fraction(0), None
    for index in range(first, last + 1):
        if index == _period_start(spec, index):
            left, spent, ran_out = Fraction(spec.amount), Fraction(0), None
        used = minutes.get(index, dict.fromkeys(spec.rates, 0))
        charged = sum((Fraction(m * spec.rates[rate], 60) for rate, m in used.items()), Fraction(0))
        left -= charged
        spent += charged
        if ran_out is None and left <= 0:
            ran_out = index
        months.append(BudgetMonth(_name(index), tuple(used.items()), _round(charged), _round(left)))
    runs_out = ran_out if ran_out is not None else _projected(spec, last, left, spent)
    return BudgetReport(
        policy.name,
        at,
        spec.amount,
        spec.unit,
        tuple(months),
        None if runs_out is None else _name(runs_out),
    )


def _projected(spec: ir.Budget, last: int, left: Fraction, spent: Fraction) -> int | None:
    """The month `left` is used up at the current period's pace, if before the period renews."""
    elapsed = last - _period_start(spec, last) + 1
    if spent <= 0:
        return None
    month = last + math.ceil(left / (spent / elapsed))
    return month if month < _period_start(spec, last) + spec.period_months else None


def _period_start(spec: ir.Budget, index: int) -> int:
    """The first month of the budget period holding month `index`."""
    anchor = spec.start_year * 12 + spec.start_month - 1
    return index - (index - anchor) % spec.period_months


def _month_index(t: int, zone: ZoneInfo) -> int:
    local = datetime.fromtimestamp(t, zone)
    return local.year * 12 + local.month - 1


def _name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _round(value: Fraction) -> float:
    """Half up to 3 decimals, also below zero (an overdrawn budget): -2.5 stays -2.5."""
    return -round3(-value) if value < 0 else round3(value)
