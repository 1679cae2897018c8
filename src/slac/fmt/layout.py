"""The printer's lines and the file's comments -> the formatted text.

- An own-line comment goes before the first line that came from further down the file, at that
  line's indentation (one level in when that line is a block's `}`).
- An end-of-line comment goes after the line it ended, two spaces after the code; in a table,
  the end-of-line comments line up two spaces after the widest row.
- Blank lines: one where the author left one or more, never just inside `{` or before `}`, and
  always between a block and the statement beside it at its level.
- Tables: each column as wide as its widest cell, two spaces between columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from slac.fmt.printer import Line
from slac.syntax import nodes as n

INDENT = "  "


@attrs.frozen
class _Item:
    """A line of output: code, an own-line comment, with what the blank-line rules need."""

    depth: int
    text: str
    src: int
    kind: str  # "code", "continued", "open", "close", "comment"
    table: int | None = None
    cells: tuple[str, ...] | None = None
    trailing: str | None = None  # an end-of-line comment


def render(lines: list[Line], comments: Sequence[n.Comment], text: str) -> str:
    blank = {number for number, line in enumerate(text.split("\n"), start=1) if not line.strip()}
    items = _with_comments(lines, comments)
    widths = _table_widths(items)
    table_width: dict[int, int] = {}
    for item in items:
        if item.table is not None:
            table_width[item.table] = max(table_width.get(item.table, 0), len(_text(item, widths)))
    out: list[str] = []
    previous: _Item | None = None
    for item in items:
        if previous is not None and _blank_between(previous, item, blank):
            out.append("")
        code = _text(item, widths)
        if item.trailing is not None:
            column = table_width[item.table] if item.table is not None else len(code)
            code = code.ljust(column) + "  " + item.trailing
        out.append(code)
        previous = item
    return "\n".join(out) + "\n"


def _with_comments(lines: list[Line], comments: Sequence[n.Comment]) -> list[_Item]:
    items = [
        _Item(line.depth, line.text, line.src, line.kind, line.table, line.cells) for line in lines
    ]
    before: dict[int, list[_Item]] = {}  # own-line comments, by the index they go before
    for comment in comments:
        line = comment.span.line
        index = _last_from(items, line)
        # A comment after code that printed no line of its own (a lone `;`) keeps its place
        # among the comments around it as an own-line comment.
        if comment.own_line or index is None:
            index = next((i for i, item in enumerate(items) if item.src > line), len(items))
            target = items[index] if index < len(items) else None
            depth = 0 if target is None else target.depth + (target.kind == "close")
            before.setdefault(index, []).append(_Item(depth, comment.text, line, "comment"))
            continue
        # One comment a source line, so the line has no end-of-line comment yet.
        items[index] = attrs.evolve(items[index], trailing=comment.text)
    merged: list[_Item] = []
    for index, item in enumerate(items):
        merged += before.get(index, [])
        merged.append(item)
    return merged + before.get(len(items), [])


def _last_from(items: list[_Item], line: int) -> int | None:
    """The last output line that came from source line `line`, if any."""
    same = [i for i, item in enumerate(items) if item.src == line]
    return same[-1] if same else None


def _blank_between(previous: _Item, item: _Item, blank: set[int]) -> bool:
    if previous.kind == "open" or item.kind == "close":
        return False
    if previous.kind == "close" and item.depth == previous.depth > 0:
        return True  # after a block inside the policy (after the policy: as the author wrote)
    if item.kind == "open" and previous.kind != "comment" and _level(previous) == item.depth:
        return True  # before a block (its comments above it are its own)
    return any(line in blank for line in range(previous.src + 1, item.src))


def _level(item: _Item) -> int:
    """The block depth of the statement a line belongs to (continuation lines are two deeper)."""
    return item.depth - 2 if item.kind == "continued" else item.depth


def _table_widths(items: list[_Item]) -> dict[int, list[int]]:
    widths: dict[int, list[int]] = {}
    for item in items:
        if item.table is None or item.cells is None:
            continue
        current = widths.setdefault(item.table, [])
        for column, cell in enumerate(item.cells):
            if column == len(current):
                current.append(0)
            current[column] = max(current[column], len(cell))
    return widths


def _text(item: _Item, widths: dict[int, list[int]]) -> str:
    if item.kind == "comment":
        return INDENT * item.depth + item.text
    if item.cells is not None and item.table is not None:
        columns = widths[item.table]
        body = "  ".join(cell.ljust(columns[i]) for i, cell in enumerate(item.cells)).rstrip()
    else:
        body = item.text
    return INDENT * item.depth + body
