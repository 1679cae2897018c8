"""Plain-text tables for people (`--format table`): columns aligned, no borders, fits 100 columns.

The one home of table layout for every command: a table is a tuple of `Column`s (header, how a
row shows in it, which side it aligns to) laid over rows by `format_columns`; numbers and yes/no
cells are shown by the helpers below, so `evaluate`, `report` and `availability` print alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

import attrs

from slac.text import printable

Row = TypeVar("Row")


@attrs.frozen
class Column(Generic[Row]):
    """One column: its header, its cell for a row (None prints as `-`), right-aligned or not."""

    header: str
    cell: Callable[[Row], object]
    right: bool = False


def format_columns(columns: Sequence[Column[Row]], rows: Iterable[Row]) -> str:
    """`rows` laid out under `columns`' headers (see `format_table`)."""
    return format_table(
        [c.header for c in columns],
        [[c.cell(row) for c in columns] for row in rows],
        right=[i for i, c in enumerate(columns) if c.right],
    )


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()
) -> str:
    """Rows under headers, two spaces between columns; column indexes in `right` align right.

    None prints as `-`; characters a terminal cannot show are escaped (`printable`). Returns
    text ending with a newline.
    """
    cells = [[("-" if value is None else printable(str(value))) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(value))

    def line(values: Sequence[str]) -> str:
        parts = [
            value.rjust(widths[i]) if i in right else value.ljust(widths[i])
            for i, value in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out) + "\n"


def decimal(value: float) -> str:
    """At most 3 decimals, no trailing zeros: 43200, 99.896, 99.5."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str | None:
    """`decimal` with a percent sign (95%, 66.667%); None stays None (`-`)."""
    return None if value is None else decimal(value) + "%"


def yes_or_no(value: bool | None) -> str | None:
    """`yes`, or `NO` in capitals so a failing row stands out; None stays None (`-`)."""
    return None if value is None else ("yes" if value else "NO")
