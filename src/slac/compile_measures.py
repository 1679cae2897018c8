"""Compiling what is measured beyond a ticket's clock: KPIs, the support budget, and the
maintenance notice and credit bands of an `availability` block (syntax nodes in, `slac.ir`
values out).

Kept apart from `slac.compile` so that module stays about the ticket clocks; it calls these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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


def compile_credit_bands(statements: Iterable[n.Credit]) -> tuple[ir.CreditBand, ...]:
    """Credit bands, highest threshold first."""
    bands = (ir.CreditBand(s.below.value, s.credit.value) for s in statements)
    return tuple(sorted(bands, key=lambda band: band.below_percent, reverse=True))


def compile_service_credits(
    block: n.Availability,
) -> ir.FrozenMap[str, tuple[ir.CreditBand, ...]]:
    """Service -> its own credit bands, for the services a `credit ... for` names."""
    named = [s for s in block.of(n.Credit) if s.services]
    services = dict.fromkeys(name.text for s in named for name in s.services)
    return ir.FrozenMap(
        (service, compile_credit_bands(s for s in named if service in _texts(s.services)))
        for service in services
    )


def _texts(names: tuple[n.Name, ...]) -> tuple[str, ...]:
    return tuple(name.text for name in names)


def compile_notice(block: n.Availability) -> ir.FrozenMap[str, int]:
    """Excused cause -> the notice it needs, in seconds (a later statement wins for a cause)."""
    return ir.FrozenMap(
        (cause.text, statement.days * DAY)
        for statement in block.of(n.Notice)
        for cause in statement.causes
    )
