"""Compiling what is measured beyond a ticket's clock: KPIs, the support budget, and the
maintenance notice of an `availability` block (syntax nodes in, `slac.ir` values out).

Kept apart from `slac.compile` so that module stays about the ticket clocks; it calls these.
"""

from __future__ import annotations

from collections.abc import Callable

from slac import ir
from slac.intervals import DAY
from slac.syntax import nodes as n


def compile_kpi(statement: n.Kpi, condition: Callable[[n.Condition], ir.Condition]) -> ir.Kpi:
    """A checked `kpi` statement (a share's goal is a percentage, a mean's a duration)."""
    goal = statement.goal
    if isinstance(statement.measure, n.KpiShare):
        percent = goal.value if isinstance(goal, n.Percent) else None
        return ir.ShareKpi(statement.name.text, condition(statement.measure.when), percent)
    seconds = goal.seconds if isinstance(goal, n.DurationLit) else None
    return ir.CallAnswerKpi(statement.name.text, seconds)


def compile_budget(block: n.Budget) -> ir.Budget:
    """A checked `budget` block (the checks require its amount, renewal and a rate)."""
    amount = block.of(n.BudgetAmount)[-1]
    renews = block.of(n.BudgetRenews)[-1]
    return ir.Budget(
        amount=amount.amount,
        unit=amount.unit.text,
        period_months=renews.months,
        start_year=renews.start.year,
        start_month=renews.start.month,
        rates=ir.FrozenMap((r.name.text, r.charge) for r in block.of(n.BudgetRate)),
        excluded_tickets_use_budget=not block.of(n.BudgetExcluded),
    )


def compile_notice(block: n.Availability) -> ir.FrozenMap[str, int]:
    """Excused cause -> the notice it needs, in seconds (a later statement wins for a cause)."""
    return ir.FrozenMap(
        (cause.text, statement.days * DAY)
        for statement in block.of(n.Notice)
        for cause in statement.causes
    )
