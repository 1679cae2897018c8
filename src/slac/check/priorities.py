"""Priorities and their derivation: `priorities`, `priority NAME when`, `priority default`, and
priority matrices (E401, E402, E403, E206). Names that do not resolve are `resolve`'s.

A matrix must cover every combination of its two fields' values (decided here: the Impero matrix
does, and a hole would leave some incidents silently without a derived priority).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence

from slac.check.context import Context, error, first_line, repeats
from slac.check.world import counted, quoted
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
    for matrix in policy.of(nodes.PriorityMatrix):
        yield from _check_matrix(matrix, ctx)


def _check_matrix(matrix: nodes.PriorityMatrix, ctx: Context) -> Iterator[Diagnostic]:
    row_values = yield from _axis_field(matrix.row_field, ctx)
    column_values = yield from _axis_field(matrix.column_field, ctx)
    columns = [c.text for c in matrix.columns]
    yield from _axis_values(matrix.columns, column_values, "column")
    yield from _axis_values([row.value for row in matrix.rows], row_values, "row")
    for row in matrix.rows:
        if len(row.cells) != len(columns):
            yield error(
                "E402",
                f"row `{row.value.text}` has {counted(len(row.cells), 'cell')} but the matrix has "
                f"{counted(len(columns), 'column')}",
                first_line(row.span, ctx),
                help="give one priority per column",
            )
    headline = first_line(matrix.span, ctx)
    for axis, values, present in (
        ("row", row_values, {row.value.text for row in matrix.rows}),
        ("column", column_values, set(columns)),
    ):
        missing = [v for v in values or () if v not in present]
        if missing:
            yield error(
                "E402",
                f"the matrix has no {axis} for {quoted(missing)}",
                headline,
                help=f"every value needs a {axis}; add one for `{missing[0]}`",
            )


def _axis_field(name: nodes.Name, ctx: Context) -> Generator[Diagnostic, None, list[str] | None]:
    """The field's values, or None after reporting why the field cannot be a matrix axis."""
    field = ctx.fields.get(name.text)
    if field is None:
        return None  # E102, from the name resolution
    if field.kind != "enum":
        yield error(
            "E206",
            f"a priority matrix needs enumerations, but `{name.text}` is {field.kind}",
            name.span,
            help="declare the field with its values, e.g. `field impact: high | low`",
        )
        return None
    return [v.text for v in field.values]


def _axis_values(
    names: Sequence[nodes.Name], values: list[str] | None, axis: str
) -> Iterator[Diagnostic]:
    """E403 for a value given a second row or column (an undeclared value is E103, resolve's)."""
    among = values if values is not None else {name.text for name in names}
    for name in repeats(names, among):
        yield error(
            "E403",
            f"duplicate matrix {axis} `{name.text}`",
            name.span,
            help=f"keep one {axis} per value",
        )
