"""What the editor shows on hover: a diagnostic code's explanation, a name's declaration, or what a
target cell comes to in hours.

`hover(analysis, line, column)` tries each answer in turn (`ANSWERS`) and returns the first, as
Markdown with the span it is about. A target cell counts in the calendar its metric uses for the
row's priority (`slac.check.context.calendars_for`, what the checks and the compiler use), so
`3 working days` in Impero's table reads "3 working days = 51h on `uk` (17h day)".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

import attrs

from slac.codes import ALL_CODES
from slac.lsp.analysis import Analysis, covers, declaration_of, occurrence_at
from slac.source import Span
from slac.syntax import nodes

HOUR = 3600
MAX_DECLARATION_LINES = 12  # a long calendar or metric block is cut, not pasted whole
_CODE = re.compile(r"\b[EWT]\d{3}\b")


@attrs.frozen
class Hover:
    markdown: str
    span: Span


def hover(analysis: Analysis, line: int, column: int) -> Hover | None:
    for answer in ANSWERS:
        found = answer(analysis, line, column)
        if found is not None:
            return found
    return None


def _code_written(analysis: Analysis, line: int, column: int) -> Hover | None:
    """A code written in the text (`# E311: ...`, `slac explain W601`)."""
    for match in _CODE.finditer(analysis.source.line_text(line)):
        if match.start() + 1 <= column <= match.end() + 1 and match.group() in ALL_CODES:
            span = Span(line, match.start() + 1, line, match.end() + 1)
            return Hover(explanation(match.group()), span)
    return None


def _diagnostic(analysis: Analysis, line: int, column: int) -> Hover | None:
    """Under a diagnostic's span: its message, help and the explanation of its code."""
    for diagnostic in analysis.diagnostics:
        if covers(diagnostic.span, line, column):
            help = f"\n\nhelp: {diagnostic.help}" if diagnostic.help else ""
            text = f"{diagnostic.message}{help}\n\n---\n\n{explanation(diagnostic.code)}"
            return Hover(text, diagnostic.span)
    return None


def explanation(code: str) -> str:
    """`slac explain CODE`, as Markdown."""
    title, body = ALL_CODES[code]
    return f"**{code}**: {title}\n\n{body}"


def _name(analysis: Analysis, line: int, column: int) -> Hover | None:
    """On a declared name, or a use of one: what it is and the statement that declares it."""
    occurrence = occurrence_at(analysis, line, column)
    if occurrence is None:
        return None
    declaration = declaration_of(analysis, occurrence)
    if declaration is None or declaration.statement is None:
        return None
    what = f"{occurrence.kind} `{occurrence.name.text}`"
    if occurrence.kind == "value":
        what += f" of field `{occurrence.field}`"
    statement = declaration.statement
    lines = [analysis.source.line_text(n) for n in range(statement.line, statement.end_line + 1)]
    shown = _dedent(lines[:MAX_DECLARATION_LINES])
    if len(lines) > MAX_DECLARATION_LINES:
        shown.append("  ...")
    where = f"declared on line {declaration.name.span.line}"
    text = f"{what}, {where}\n\n```slac\n" + "\n".join(shown) + "\n```"
    return Hover(text, occurrence.name.span)


def _dedent(lines: list[str]) -> list[str]:
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return [x[indent:] for x in lines]


def _target_cell(analysis: Analysis, line: int, column: int) -> Hover | None:
    """On a target cell: the target in hours, in each calendar the metric counts it in."""
    if analysis.module is None:
        return None
    for table in analysis.module.policy.of(nodes.Targets):
        for row in table.rows:
            for metric, cell in zip(table.metrics, row.cells, strict=False):
                if covers(cell.span, line, column):
                    heading = f"`{metric.text}` for `{row.priority.text}`: "
                    return Hover(
                        heading + cell_meaning(analysis, cell, metric.text, row), cell.span
                    )
    return None


def cell_meaning(analysis: Analysis, cell: nodes.Cell, metric: str, row: nodes.TargetRow) -> str:
    """`3 working days = 51h on `uk` (17h day)`, one part per calendar the cell may count in."""
    from slac.check.context import calendars_for

    if isinstance(cell, nodes.NoneCell):
        return "no target"
    ctx = analysis.context
    assert ctx is not None  # a module that parsed has its context
    calendars = calendars_for(ctx, ctx.metrics.get(metric), row.priority.text)
    if isinstance(cell, nodes.DurationCell):
        if cell.wall_clock:
            return f"{cell.duration.text} wall-clock: real time, 24 hours a day"
        return f"{cell.duration.text} of business time" + _counted_in(calendars)
    if isinstance(cell, nodes.DeadlineCell):
        when = "the closing time" if cell.time is None else cell.time.text
        day = "the next business day" if cell.next_day else "the business day the clock starts"
        return f"a deadline: {when} of {day}" + _counted_in(calendars)
    written = f"{cell.count} {cell.qualifier} {cell.unit}{'s' if cell.count != 1 else ''}"
    if cell.unit == "hour":
        return f"{written} = {cell.count}h of business time" + _counted_in(calendars)
    if not calendars:
        return f"{written}: no calendar to take a business-day length from"
    parts = list(_day_parts(cell.count, calendars, ctx.day_lengths))
    return f"{written} = " + ", ".join(parts)


def _day_parts(
    count: int, calendars: tuple[str, ...], lengths: Mapping[str, int | None]
) -> Iterator[str]:
    for calendar in calendars:
        length = lengths.get(calendar)
        if length:
            yield f"{hours(count * length)} on `{calendar}` ({hours(length)} day)"
        else:
            yield f"no business-day length on `{calendar}`"


def _counted_in(calendars: tuple[str, ...]) -> str:
    if not calendars:
        return ", counted around the clock (no `business hours` names a calendar for it)"
    return " on " + ", ".join(f"`{c}`" for c in calendars)


def hours(seconds: int) -> str:
    """`17h`, `8h30m`."""
    whole, rest = divmod(seconds, HOUR)
    return f"{whole}h" + (f"{rest // 60}m" if rest else "")


# Most specific first: a code under the cursor, then a name (a declaration's own hover beats the
# diagnostic on it, which `_diagnostic` still shows elsewhere on its span), then a target cell.
ANSWERS: tuple[Callable[[Analysis, int, int], Hover | None], ...] = (
    _code_written,
    _name,
    _target_cell,
    _diagnostic,
)
