"""KPIs, the support budget and the maintenance notice (E455-E459, E509, E205 for a KPI's
percentage).

A KPI's condition is checked with every other condition (`slac.check.context.conditions`): an
undeclared field is E102, a value the field cannot take E201/E202. What is checked here:
- a KPI's objective has the kind its measure needs (a share's a percentage, a mean's a
  duration), and a KPI name is used once (KPIs and metrics share the report's names);
- a budget states its amount, its renewal and at least one rate; a rate is declared once (a
  second declaration could never be named by a worklog: the first would always be charged);
  the renewal is at least one month, from a real date;
- a `notice` names causes the block excuses: notice only decides whether an excused cause
  stays excused.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from slac.check.context import Context, error, first_line
from slac.check.metrics import percent_range
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_kpis(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    seen: set[str] = set(ctx.metrics)
    for kpi in module.policy.of(nodes.Kpi):
        name = kpi.name.text
        if name in seen:
            yield error(
                "E456",
                f"`{name}` is already the name of a {'metric' if name in ctx.metrics else 'KPI'}",
                kpi.name.span,
                help="each metric and KPI has its own name: the report's rows are named by it",
            )
        seen.add(name)
        yield from _check_goal(kpi)


def _check_goal(kpi: nodes.Kpi) -> Iterator[Diagnostic]:
    goal = kpi.goal
    if goal is None:
        return
    share = isinstance(kpi.measure, nodes.KpiShare)
    if share and isinstance(goal, nodes.Percent):
        yield from percent_range(goal, f"the objective of `{kpi.name.text}`")
    elif share or isinstance(goal, nodes.Percent):
        wanted = "a percentage (at least)" if share else "a duration (at most)"
        yield error(
            "E455",
            f"the objective `{goal.text}` of `{kpi.name.text}` is not {wanted}",
            goal.span,
            help="a share's objective is a percentage (`objective 70% monthly`), a mean answer "
            "time's a duration (`objective 45s monthly`)",
        )


def check_budget(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for block in module.policy.of(nodes.Budget):
        missing = [
            words
            for kind, words in (
                (nodes.BudgetAmount, "`amount N UNIT`"),
                (nodes.BudgetRenews, "`renews every N months from DATE`"),
                (nodes.BudgetRate, "a `rate NAME N per hour`"),
            )
            if not block.of(kind)
        ]
        if missing:
            yield error(
                "E457",
                "`budget` states no " + " and no ".join(missing),
                first_line(block.span, ctx),
                help="a budget needs what is bought, when it renews and what each rate charges",
            )
        yield from _check_rates(block)
        for renews in block.of(nodes.BudgetRenews):
            yield from _check_renewal(renews)


def _check_rates(block: nodes.Budget) -> Iterator[Diagnostic]:
    first: dict[str, nodes.BudgetRate] = {}
    for rate in block.of(nodes.BudgetRate):
        earlier = first.setdefault(rate.name.text, rate)
        if earlier is not rate:
            yield error(
                "E458",
                f"rate `{rate.name.text}` is declared twice (first on line "
                f"{earlier.span.line}); a worklog naming it is charged the first",
                rate.name.span,
                help="keep one `rate` line per rate",
            )


def _check_renewal(renews: nodes.BudgetRenews) -> Iterator[Diagnostic]:
    start = renews.start
    try:
        date(start.year, start.month, start.day)
        real = True
    except ValueError:
        real = False
    if renews.months < 1 or not real:
        what = f"`{start.text}` is not a date" if not real else "a period of 0 months"
        yield error(
            "E459",
            f"the budget cannot renew: {what}",
            renews.span,
            help="renew every 1 month or more, from a real date (`renews every 12 months from "
            "2026-01-01`)",
        )


def check_notice(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for block in module.policy.of(nodes.Availability):
        excused = {
            cause.text for statement in block.of(nodes.Excused) for cause in statement.causes
        }
        for notice in block.of(nodes.Notice):
            for cause in notice.causes:
                if cause.text not in excused:
                    yield error(
                        "E509",
                        f"notice for `{cause.text}`, which the block does not excuse",
                        cause.span,
                        help=f"add `excused {cause.text}`, or remove it from `notice`: notice "
                        "only decides whether an excused outage stays excused",
                    )
