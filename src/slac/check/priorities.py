"""Priorities and their derivation: `priorities`, `priority NAME when`, `priority default`, and
priority matrices (E401, E402, E403, E102-E104, E206).

A matrix must cover every combination of its two fields' values (decided here: the Impero matrix
does, and a hole would leave some incidents silently without a derived priority).
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.check.context import Context, error, first_line
from slac.check.fields import unknown_field
from slac.check.world import did_you_mean
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_priorities(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    policy = module.policy
    if not ctx.has_priorities():
        yield error(
            "E401",
            f"policy `{policy.name.text}` declares no priorities",
            policy.name.span,
            help="add `priorities P1, P2, ...`, most urgent first",
        )
    for statement in policy.body:
        if isinstance(statement, (nodes.PriorityWhen, nodes.PriorityDefault)):
            yield from priority_ref(statement.priority, ctx)
        elif isinstance(statement, nodes.PriorityMatrix):
            yield from _check_matrix(statement, ctx)


def priority_ref(name: nodes.Name, ctx: Context) -> Iterator[Diagnostic]:
    """E104 for a priority `priorities` does not list (nothing when there is no list: E401 says it)."""
    if name.text not in ctx.priorities and ctx.has_priorities():
        yield error(
            "E104",
            f"unknown priority `{name.text}`",
            name.span,
            did_you_mean(name.text, ctx.priorities, "the declared priorities are"),
        )


def _check_matrix(matrix: nodes.PriorityMatrix, ctx: Context) -> Iterator[Diagnostic]:
    row_values = yield from _axis_field(matrix.row_field, ctx)
    column_values = yield from _axis_field(matrix.column_field, ctx)
    columns = [c.text for c in matrix.columns]
    yield from _axis_values(matrix.columns, matrix.column_field.text, column_values, "column")
    yield from _axis_values(
        [row.value for row in matrix.rows], matrix.row_field.text, row_values, "row"
    )
    for row in matrix.rows:
        if len(row.cells) != len(columns):
            yield error(
                "E402",
                f"row `{row.value.text}` has {_count(len(row.cells), 'cell')} but the matrix has "
                f"{_count(len(columns), 'column')}",
                first_line(row.span, ctx.source),
                help="give one priority per column",
            )
        for cell in row.cells:
            yield from priority_ref(cell, ctx)
    headline = first_line(matrix.span, ctx.source)
    for axis, values, present in (
        ("row", row_values, {row.value.text for row in matrix.rows}),
        ("column", column_values, set(columns)),
    ):
        missing = [v for v in values or () if v not in present]
        if missing:
            listing = ", ".join(f"`{v}`" for v in missing)
            yield error(
                "E402",
                f"the matrix has no {axis} for {listing}",
                headline,
                help=f"every value needs a {axis}; add one for `{missing[0]}`",
            )


def _axis_field(name: nodes.Name, ctx: Context):
    """The field's values, or None after reporting why the field cannot be a matrix axis."""
    field = ctx.fields.get(name.text)
    if field is None:
        yield unknown_field(name, ctx)
        return None
    if field.kind != "enum":
        yield error(
            "E206",
            f"a priority matrix needs enumerations, but `{name.text}` is {field.kind}",
            name.span,
            help="declare the field with its values, e.g. `field impact: high | low`",
        )
        return None
    return [v.text for v in field.values]


def _axis_values(names, field: str, values: list[str] | None, axis: str) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for name in names:
        if values is not None and name.text not in values:
            help = did_you_mean(name.text, values) or f"the values of `{field}` are " + ", ".join(
                f"`{v}`" for v in values
            )
            yield error("E103", f"`{name.text}` is not a value of `{field}`", name.span, help)
        elif name.text in seen:
            yield error(
                "E403",
                f"duplicate matrix {axis} `{name.text}`",
                name.span,
                help=f"keep one {axis} per value",
            )
        seen.add(name.text)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
