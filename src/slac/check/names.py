"""Statements that may appear only once in their block (E117)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from slac.check.context import Context, error, first_line
from slac.diagnostics import Diagnostic
from slac.source import Span
from slac.syntax import nodes


class _Statement(Protocol):
    @property
    def span(self) -> Span: ...


Block = nodes.Policy | nodes.Calendar | nodes.Metric | nodes.Availability | nodes.CodeFix

# Statement kinds that may appear once per block, with the words a reader knows them by.
# The three `business hours` forms are one statement: a block picks its calendar one way.
_HOURS = (nodes.BusinessHours, nodes.BusinessHoursByPriority, nodes.BusinessHoursByField)
UNIQUE: dict[type[Block], tuple[tuple[tuple[type[_Statement], ...], str], ...]] = {
    nodes.Policy: (
        ((nodes.Timezone,), "timezone"),
        ((nodes.Version,), "version"),
        ((nodes.Effective,), "effective"),
        ((nodes.Priorities,), "priorities"),
        ((nodes.Targets,), "targets"),
        ((nodes.Availability,), "availability"),
        (_HOURS, "business hours"),
        ((nodes.Pause,), "pause when"),
        ((nodes.ResolvedWhen,), "resolved when"),
        ((nodes.PriorityDefault,), "priority default"),
        ((nodes.PriorityPrecedence,), "priority wins"),
    ),
    nodes.Calendar: (
        ((nodes.Zone,), "zone"),
        ((nodes.DayLength,), "day length"),
        ((nodes.CalendarUnion,), "union"),
        ((nodes.AlwaysOpen,), "always open"),
    ),
    nodes.Metric: (
        ((nodes.OnReopen,), "on reopen"),
        ((nodes.NotApplicable,), "not applicable"),
        (_HOURS, "business hours"),
        ((nodes.Pause,), "pause when"),
    ),
    nodes.Availability: (
        ((nodes.Timezone,), "timezone"),
        ((nodes.During,), "during"),
        ((nodes.Excused,), "excused"),
        ((nodes.NotDowntime,), "not downtime"),
        ((nodes.PartialOutages,), "partial outages"),
        ((nodes.CreditWhen,), "credit when"),
        ((nodes.MaterialBreach,), "material breach"),
    ),
    nodes.CodeFix: (((nodes.RelevantBy,), "relevant by"),),
}

_WHERE: dict[type[Block], str] = {
    nodes.Policy: "the policy",
    nodes.Calendar: "a calendar",
    nodes.Metric: "a metric",
    nodes.Availability: "`availability`",
    nodes.CodeFix: "a `code fix`",
}


def check_unique_statements(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    blocks: list[Block] = [module.policy]
    blocks += module.policy.of(nodes.Calendar)
    blocks += module.policy.of(nodes.Metric)
    blocks += module.policy.of(nodes.Availability)
    blocks += module.policy.of(nodes.CodeFix)
    for block in blocks:
        for kinds, words in UNIQUE[type(block)]:
            found = [statement for statement in block.body if isinstance(statement, kinds)]
            for again in found[1:]:
                yield error(
                    "E117",
                    f"`{words}` is given more than once in {_WHERE[type(block)]}",
                    first_line(again.span, ctx.source),
                    help=f"the first is on line {found[0].span.line}; merge them into one",
                )
