"""Declarations: duplicate names (E110-E116) and statements that may appear only once (E117).

Every other check looks a name up in its *first* declaration (`Context`), so a duplicate is
reported here once, at the later declaration, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import attrs

from slac.check.context import Context, error, first_line
from slac.diagnostics import Diagnostic
from slac.source import Source
from slac.syntax import nodes

# Statement kinds that may appear once per block, with the words a reader knows them by.
# The three `business hours` forms are one statement: a block picks its calendar one way.
_HOURS = (nodes.BusinessHours, nodes.BusinessHoursByPriority, nodes.BusinessHoursByField)
UNIQUE: dict[type, tuple[tuple[tuple[type, ...], str], ...]] = {
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
        ((nodes.OnReopen,), "resume on reopen"),
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

_WHERE = {
    nodes.Policy: "the policy",
    nodes.Calendar: "a calendar",
    nodes.Metric: "a metric",
    nodes.Availability: "`availability`",
    nodes.CodeFix: "a `code fix`",
}


def check_duplicates(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    policy = module.policy
    yield from _repeated(
        "E110", "duplicate calendar `{}`", (c.name for c in policy.of(nodes.Calendar))
    )
    yield from _repeated("E111", "duplicate field `{}`", (f.name for f in policy.of(nodes.Field)))
    yield from _repeated("E114", "duplicate metric `{}`", (m.name for m in policy.of(nodes.Metric)))
    for field in policy.of(nodes.Field):
        yield from _repeated(
            "E112", f"duplicate value `{{}}` in field `{field.name.text}`", field.values
        )
    for statement in policy.of(nodes.Priorities):
        yield from _repeated("E113", "duplicate priority `{}`", statement.names)
    for availability in policy.of(nodes.Availability):
        yield from _repeated(
            "E115", "duplicate service `{}`", (s.name for s in availability.of(nodes.Service))
        )


def _repeated(code: str, message: str, names: Iterable[nodes.Name]) -> Iterator[Diagnostic]:
    """`message` (a format with one `{}` for the name) at every repetition of a name."""
    first: dict[str, nodes.Name] = {}
    for name in names:
        if name.text in first:
            line = first[name.text].span.line
            yield error(
                code, message.format(name.text), name.span, help=f"first declared on line {line}"
            )
        else:
            first[name.text] = name


def check_unique_statements(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    blocks: list = [module.policy]
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


def duplicate_policies(modules: Sequence[tuple[Source, nodes.Module]]) -> Iterator[Diagnostic]:
    """E116 across the files checked together, at every declaration after the first."""
    first: dict[str, Source] = {}
    for source, module in modules:
        name = module.policy.name
        if name.text in first:
            problem = error(
                "E116",
                f"duplicate policy name `{name.text}`",
                name.span,
                help=f"`{first[name.text].path}` also declares policy `{name.text}`; rename one",
            )
            yield attrs.evolve(problem, path=source.path)
        else:
            first[name.text] = source
