"""`business hours`: which calendar a metric counts in (E206, E315-E317).

A mapping must be total, because the evaluator needs a calendar for every ticket at every
instant: `by priority` names every declared priority, `by FIELD` every value of an enumerated
field, and that field needs a default for tickets that never set it (decided here; the contract
is silent on a ticket whose region is unknown).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from slac.check.context import Context, error, first_line, hours_statements
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_business_hours(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for _, statement in hours_statements(module.policy):
        if isinstance(statement, nodes.BusinessHoursByPriority):
            yield from _by_priority(statement, ctx)
        elif isinstance(statement, nodes.BusinessHoursByField):
            yield from _by_field(statement, ctx)
    yield from _metrics_without_hours(module, ctx)


def _by_priority(statement: nodes.BusinessHoursByPriority, ctx: Context) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for entry in statement.entries:
        for key in entry.keys:
            if key.text not in ctx.priorities:
                continue  # E104, from the name resolution
            if key.text in seen:
                yield error(
                    "E316",
                    f"priority `{key.text}` is given a calendar twice",
                    key.span,
                    help="keep one entry per priority",
                )
            seen.add(key.text)
    missing = [p for p in ctx.priorities if p not in seen]
    if missing:
        yield error(
            "E316",
            f"`business hours by priority` gives no calendar to {_names(missing)}",
            first_line(statement.span, ctx.source),
            help=f"add an entry such as `{missing[0]}: CALENDAR`",
        )


def _by_field(statement: nodes.BusinessHoursByField, ctx: Context) -> Iterator[Diagnostic]:
    field = ctx.fields.get(statement.field.text)
    if field is None:
        return  # E102, from the name resolution
    if field.kind != "enum":
        yield error(
            "E206",
            f"`business hours by {field.name.text}` needs an enumeration, but the field is {field.kind}",
            statement.field.span,
            help="declare the field with its values, e.g. `field region: uk | us = uk`",
        )
        return
    values = [v.text for v in field.values]
    seen: set[str] = set()
    for entry in statement.entries:
        for key in entry.keys:
            if key.text not in values:
                continue  # E103, from the name resolution
            if key.text in seen:
                yield error(
                    "E316",
                    f"`{key.text}` is given a calendar twice",
                    key.span,
                    help="keep one entry per value",
                )
            seen.add(key.text)
    missing = [v for v in values if v not in seen]
    if missing:
        yield error(
            "E316",
            f"`business hours by {field.name.text}` gives no calendar to {_names(missing)}",
            first_line(statement.span, ctx.source),
            help=f"add an entry such as `{missing[0]}: CALENDAR`",
        )
    if field.default is None:
        yield error(
            "E317",
            f"`{field.name.text}` has no default, so a ticket without it has no business hours",
            statement.field.span,
            help=f"give the field a default: `field {field.name.text}: ... = {values[0]}`",
        )


def _metrics_without_hours(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    if any(metric is None for metric, _ in hours_statements(module.policy)):
        return
    governed = {id(metric) for metric, _ in hours_statements(module.policy)}
    for metric in module.policy.of(nodes.Metric):
        if id(metric) not in governed:
            yield error(
                "E315",
                f"metric `{metric.name.text}` has no business hours",
                metric.name.span,
                help="add `business hours CALENDAR` to the policy or to the metric",
            )


def _names(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)
