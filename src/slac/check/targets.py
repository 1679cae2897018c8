"""The target table: its shape (E410-E414), its cells (E415 zero, E416 longer than a century),
business-day units against the calendar they are counted in (E311), and two lints (W603 first
response longer than resolution, W604 a metric with no target at all).

Durations are compared in seconds: hours as written, business days at the day length of the
calendar the metric uses for that priority. Wall-clock and business seconds are compared as they
stand: the lint is about a cell written in the wrong unit or row, not about exact instants.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping

from slac.check.context import Context, calendars_for, error, first_line, warning
from slac.check.world import counted
from slac.diagnostics import Diagnostic
from slac.syntax import nodes

HOUR = 3600
# 100 years of round-the-clock time (100 x 365.25 days). A target longer than this is never
# used up within a century in any calendar (none is open more than 24 hours a day), so it is a
# slip of the number or its unit, and its deadline lies past the supported years anyway.
CENTURY = 36_525 * 24 * HOUR


def check_targets(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    tables = module.policy.of(nodes.Targets)
    if not tables:
        if ctx.metrics:
            yield error(
                "E410",
                f"policy `{module.policy.name.text}` has no `targets` table",
                module.policy.name.span,
                help="add `targets { priority METRIC... }` with a row per priority",
            )
        return
    for table in tables:  # one per tier (slac.check.tiers), each checked in full
        yield from _check_table(table, ctx)


def _check_table(table: nodes.Targets, ctx: Context) -> Iterator[Diagnostic]:
    columns = yield from _check_columns(table, ctx)
    rows = yield from _check_rows(table, ctx)
    for priority in ctx.priorities if ctx.has_priorities() else ():
        if priority not in rows:
            yield error(
                "E411",
                f"priority `{priority}` has no row in the target table",
                ctx.priorities[priority].span,
                help="add a row; write `none` where it has no target",
            )
    for row in table.rows:
        for metric, cell in zip(table.metrics, row.cells, strict=False):
            yield from _check_cell(cell, metric.text, row.priority.text, ctx)
    yield from _first_response_after_resolution(rows, columns, ctx)
    for name, index in columns.items():
        cells = [row.cells[index] for row in table.rows if index < len(row.cells)]
        if cells and all(isinstance(c, nodes.NoneCell) for c in cells) and name in ctx.metrics:
            yield warning(
                "W604",
                f"metric `{name}` has no target for any priority",
                ctx.metrics[name].name.span,
                help="give it a target, or remove the metric",
            )


def _check_columns(
    table: nodes.Targets, ctx: Context
) -> Generator[Diagnostic, None, dict[str, int]]:
    """Report column problems; return {metric: column index} of the first column of each metric."""
    columns: dict[str, int] = {}
    for index, name in enumerate(table.metrics):
        if name.text not in ctx.metrics:
            continue  # E105, from the name resolution
        if name.text in columns:
            yield error(
                "E414",
                f"duplicate target column `{name.text}`",
                name.span,
                help="keep one column per metric",
            )
        else:
            columns[name.text] = index
    for declared, metric in ctx.metrics.items():
        if declared not in columns:
            yield error(
                "E412",
                f"metric `{declared}` has no column in the target table",
                metric.name.span,
                help="add the column; write `none` for priorities without a target",
            )
    return columns


def _check_rows(
    table: nodes.Targets, ctx: Context
) -> Generator[Diagnostic, None, dict[str, nodes.TargetRow]]:
    """Report row problems; return {priority: row} of the first row of each declared priority."""
    rows: dict[str, nodes.TargetRow] = {}
    for row in table.rows:
        if row.priority.text in rows:
            yield error(
                "E414",
                f"duplicate target row `{row.priority.text}`",
                row.priority.span,
                help=f"the first is on line {rows[row.priority.text].span.line}; keep one row per priority",
            )
        elif row.priority.text in ctx.priorities:
            rows[row.priority.text] = row
        if len(row.cells) != len(table.metrics):
            yield error(
                "E413",
                f"row `{row.priority.text}` has {counted(len(row.cells), 'cell')} but the table has "
                f"{counted(len(table.metrics), 'metric column')}",
                first_line(row.span, ctx),
                help="give one cell per column; write `none` for no target",
            )
    return rows


def _check_cell(cell: nodes.Cell, metric: str, priority: str, ctx: Context) -> Iterator[Diagnostic]:
    if (isinstance(cell, nodes.DurationCell) and cell.duration.seconds == 0) or (
        isinstance(cell, nodes.CountCell) and cell.count == 0
    ):
        yield error(
            "E415",
            "a target of zero time breaches at once",
            cell.span,
            help="use a positive duration, or `none` for no target",
        )
    lengths = cell_seconds(cell, metric, priority, ctx)
    if lengths and min(lengths) > CENTURY:
        yield error(
            "E416",
            f"a target of {_written(cell)} is longer than 100 years",
            cell.span,
            help="check the number and its unit",
        )
    if isinstance(cell, nodes.CountCell) and cell.unit == "day":
        for calendar in calendars_for(ctx, ctx.metrics.get(metric), priority):
            declaration = ctx.calendars.get(calendar)
            # An invalid `day length` is reported as E313 already.
            if (
                declaration is None
                or declaration.of(nodes.DayLength)
                or ctx.day_lengths[calendar] is not None
            ):
                continue
            why = (
                "a union"
                if declaration.of(nodes.CalendarUnion)
                else "its weekdays differ in length"
            )
            yield error(
                "E311",
                f"`{_cell_text(cell)}` needs a business-day length, but calendar `{calendar}` has none "
                f"({why})",
                cell.span,
                help=f"add `day length 8h` (say) to `{calendar}`, or state the target in hours",
            )
            break


def cell_seconds(cell: nodes.Cell, metric: str, priority: str, ctx: Context) -> tuple[int, ...]:
    """The cell's target in seconds, one value per calendar the metric may count in (a
    `by FIELD` calendar choice gives several); () when unknown or `none`."""
    if isinstance(cell, nodes.DurationCell):
        return (cell.duration.seconds,)
    if not isinstance(cell, nodes.CountCell):
        return ()
    if cell.unit == "hour":
        return (cell.count * HOUR,)
    lengths = [
        ctx.day_lengths.get(c) for c in calendars_for(ctx, ctx.metrics.get(metric), priority)
    ]
    return tuple(cell.count * length for length in lengths if length)


def _first_response_after_resolution(
    rows: Mapping[str, nodes.TargetRow], columns: Mapping[str, int], ctx: Context
) -> Iterator[Diagnostic]:
    if "first_response" not in columns or "resolution" not in columns:
        return
    first, last = columns["first_response"], columns["resolution"]
    for priority, row in rows.items():
        if max(first, last) >= len(row.cells):
            continue
        respond = cell_seconds(row.cells[first], "first_response", priority, ctx)
        resolve = cell_seconds(row.cells[last], "resolution", priority, ctx)
        if not (respond and resolve):
            continue
        # Days in the same calendars compare calendar by calendar; otherwise the longest possible
        # answer against the shortest possible resolution.
        pairs = (
            list(zip(respond, resolve, strict=False))
            if len(respond) == len(resolve)
            else [(max(respond), min(resolve))]
        )
        if any(a > b for a, b in pairs):
            a, b = next((a, b) for a, b in pairs if a > b)
            yield warning(
                "W603",
                f"`{priority}` must be answered within {_hours(a)} but resolved within {_hours(b)}",
                row.cells[first].span,
                help="check the units and rows of the first-response and resolution targets",
            )


def _written(cell: nodes.Cell) -> str:
    """A duration or count cell as the policy writes it."""
    if isinstance(cell, nodes.DurationCell):
        return f"`{cell.duration.text}{' wall-clock' if cell.wall_clock else ''}`"
    assert isinstance(cell, nodes.CountCell)  # the only other cell with a length
    return f"`{_cell_text(cell)}`"


def _cell_text(cell: nodes.CountCell) -> str:
    return f"{cell.count} {cell.qualifier} {cell.unit}{'s' if cell.count != 1 else ''}"


def _hours(seconds: int) -> str:
    hours, rest = divmod(seconds, HOUR)
    return f"{hours}h" + (f"{rest // 60}m" if rest else "")
