"""Metrics, code-fix overrides and objectives (E420-E423, E430-E432, E440, E205, E207).

Following `slac.ir.Metric`: `after` delays the first cycle of a *repeating* metric, and
`resume on reopen` resumes a *non-repeating* one; each is meaningless on the other kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.check.context import Context, error, first_line
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_metrics(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for metric in module.policy.of(nodes.Metric):
        name = metric.name.text
        starts, stops = metric.of(nodes.Start), metric.of(nodes.Stop)
        if not starts:
            yield error(
                "E420",
                f"metric `{name}` has no start trigger",
                metric.name.span,
                help="add `start on created` (or another trigger)",
            )
        if not stops:
            yield error(
                "E421",
                f"metric `{name}` has no stop trigger",
                metric.name.span,
                help="add `stop on resolved` (or another trigger)",
            )
        for start in starts:
            if start.after is not None and not metric.repeating:
                yield error(
                    "E422",
                    f"`after` on metric `{name}`, which is not repeating",
                    start.after.span,
                    help=f"mark it `metric {name} repeating`, or remove `after ...`",
                )
        if metric.repeating:
            for reopen in metric.of(nodes.OnReopen):
                yield error(
                    "E423",
                    f"`resume on reopen` on the repeating metric `{name}`",
                    reopen.span,
                    help="a repeating metric starts a new cycle at its next start trigger; remove the line",
                )


def check_code_fixes(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[str, nodes.CodeFix] = {}
    for fix in module.policy.of(nodes.CodeFix):
        if fix.metric.text in seen:
            yield error(
                "E432",
                f"a second `code fix` for metric `{fix.metric.text}`",
                first_line(fix.span, ctx),
                help=f"the first is on line {seen[fix.metric.text].span.line}; merge the two blocks",
            )
        seen.setdefault(fix.metric.text, fix)
        relevant_by = fix.of(nodes.RelevantBy)
        for statement in relevant_by:
            field = ctx.fields.get(statement.field.text)
            if field is not None and field.kind == "bool":
                yield error(
                    "E207",
                    f"`relevant by {field.name.text}` names a bool field",
                    statement.field.span,
                    help="name the text or enumerated field that holds the ticket's product",
                )
        covered: set[str] = set()
        for row in fix.of(nodes.CodeFixRow):
            for priority in row.priorities:
                if priority.text in covered:
                    yield error(
                        "E430",
                        f"priority `{priority.text}` has two code-fix targets",
                        priority.span,
                        help="keep one release target per priority",
                    )
                covered.add(priority.text)
            if row.target.relevant and not relevant_by:
                yield error(
                    "E431",
                    "a relevant release needs `relevant by FIELD`",
                    row.target.span,
                    help="add `relevant by product` (the field holding the ticket's product) to the block",
                )


def check_objectives(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, str | None], nodes.Objective] = {}
    for objective in module.policy.of(nodes.Objective):
        yield from percent_range(objective.percent, "an objective")
        keys: list[tuple[nodes.Name | None, str | None]] = [
            (p, p.text) for p in objective.priorities
        ] or [(None, None)]
        for name, priority in keys:
            key = (objective.metric.text, priority)
            if key in seen:
                whom = f"priority `{priority}`" if priority else "all priorities"
                yield error(
                    "E440",
                    f"a second objective for `{objective.metric.text}` and {whom}",
                    name.span if name is not None else objective.percent.span,
                    help=f"the first is on line {seen[key].span.line}; keep one",
                )
            else:
                seen[key] = objective


def percent_range(
    percent: nodes.Percent, what: str, allow_zero: bool = False
) -> Iterator[Diagnostic]:
    """E205: objectives and thresholds lie in (0, 100]; a credit may be 0."""
    low_ok = percent.value >= 0 if allow_zero else percent.value > 0
    if not (low_ok and percent.value <= 100):
        bounds = "0-100%" if allow_zero else "above 0% and at most 100%"
        yield error(
            "E205",
            f"`{percent.text}` is out of range for {what}",
            percent.span,
            help=f"use a percentage {bounds}",
        )
