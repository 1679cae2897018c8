"""Plain-text tables for people (`--format table`): columns aligned, no borders, fits 100 columns."""

from __future__ import annotations

from collections.abc import Sequence


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


def printable(text: str) -> str:
    """`text` with each unprintable character as its Python escape (`\\n`, `\\x00`, `\\ud800`).

    Ticket ids come from users' files: a newline would split a row, a control character would
    drive the terminal, and a lone surrogate (valid JSON `"\\ud800"`) cannot be written to a
    UTF-8 stdout at all, which was a traceback.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )
