"""Syntax-tree nodes of what is measured beyond a ticket's clock: KPIs and the support budget
(docs/language.md#kpis, docs/language.md#support-budget)."""

from __future__ import annotations

import attrs

from slac.source import Span
from slac.syntax.nodes._base import Node, _Block, span_field
from slac.syntax.nodes.leaves import Condition, DateLit, DurationLit, Name, Percent


@attrs.frozen(repr=False)
class KpiShare(Node):
    """`share resolved when COND`: of the tickets finally resolved in a month, those whose
    fields satisfy COND."""

    when: Condition
    span: Span = span_field()


@attrs.frozen(repr=False)
class KpiCallAnswer(Node):
    """`mean call answer`: the mean answer time of a month's answered calls."""

    span: Span = span_field()


@attrs.frozen(repr=False)
class Kpi(Node):
    """`kpi NAME MEASURE [objective GOAL monthly]`: GOAL is a percentage (a share's floor) or
    a duration (a mean's ceiling)."""

    name: Name
    measure: KpiShare | KpiCallAnswer
    goal: Percent | DurationLit | None = None
    span: Span = span_field()


@attrs.frozen(repr=False)
class BudgetAmount(Node):
    """`amount 6000 GBP`: what is pre-purchased for each period, in a unit of the policy's."""

    amount: int
    unit: Name
    span: Span = span_field()


@attrs.frozen(repr=False)
class BudgetRenews(Node):
    """`renews every 12 months from 2026-01-01`: the budget's periods, from that month on."""

    months: int
    start: DateLit
    span: Span = span_field()


@attrs.frozen(repr=False)
class BudgetRate(Node):
    """`rate consultancy 150 per hour`: what an hour worked at this rate charges."""

    name: Name
    charge: int
    span: Span = span_field()


@attrs.frozen(repr=False)
class BudgetExcluded(Node):
    """`excluded tickets use no budget`: time on an excluded ticket is not charged."""

    span: Span = span_field()


BudgetStatement = BudgetAmount | BudgetRenews | BudgetRate | BudgetExcluded


@attrs.frozen(repr=False)
class Budget(_Block):
    """`budget { ... }`; body holds BudgetAmount, BudgetRenews, BudgetRate and BudgetExcluded."""

    body: tuple[BudgetStatement, ...]
    span: Span = span_field()
