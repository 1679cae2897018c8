"""`business hours`: which calendar a metric counts in (E206, E315-E317).

A mapping must be total, because the evaluator needs a calendar for every ticket at every
instant: `by priority` names every declared priority, `by FIELD` every value of an enumerated
field, and that field needs a default for tickets that never set it (decided here, for a ticket
whose region is unknown: docs/semantics.md#checks).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from slac.check.context import Context, error, first_line, hours_statements, repeats
from slac.check.world import quoted
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_business_hours(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    found = list(hours_statements(module.policy))
    for owner, statement in found:
        if isinstance(statement, nodes.BusinessHoursByPriority):
            # Beside a calendar or a mapping by field, the priorities it leaves out go there.
            rest = any(
                o is owner and not isinstance(s, nodes.BusinessHoursByPriority) for o, s in found
            )
            yield from _by_priority(statement, ctx, partial=rest)
        elif isinstance(statement, nodes.BusinessHoursByField):
            yield from _by_field(statement, ctx)
    yield from _metrics_without_hours(module, ctx)


def _by_priority(
    statement: nodes.BusinessHoursByPriority, ctx: Context, partial: bool
) -> Iterator[Diagnostic]:
    yield from _total(statement, list(ctx.priorities), "priority", "priority", ctx, partial)


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
    yield from _total(statement, values, field.name.text, "value", ctx)
    if field.default is None:
        yield error(
            "E317",
            f"`{field.name.text}` has no default, so a ticket without it has no business hours",
            statement.field.span,
            help=f"give the field a default: `field {field.name.text}: ... = {values[0]}`",
        )


def _total(
    statement: nodes.BusinessHoursByPriority | nodes.BusinessHoursByField,
    keys: Sequence[str],
    by: str,
    unit: str,
    ctx: Context,
    partial: bool = False,
) -> Iterator[Diagnostic]:
    """E316: a `business hours by BY` mapping gives each of `keys` one calendar, no more, and
    (unless `partial`) no fewer (keys that are not declared are E103/E104, from the name
    resolution)."""
    opening = "priority `" if unit == "priority" else "`"
    given = [key for entry in statement.entries for key in entry.keys]
    for key in repeats(given, keys):
        yield error(
            "E316",
            f"{opening}{key.text}` is given a calendar twice",
            key.span,
            help=f"keep one entry per {unit}",
        )
    missing = [key for key in keys if key not in {name.text for name in given}]
    if missing and not partial:
        yield error(
            "E316",
            f"`business hours by {by}` gives no calendar to {quoted(missing)}",
            first_line(statement.span, ctx),
            help=f"add an entry such as `{missing[0]}: CALENDAR`",
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
