"""Source text and spans: where a piece of a `.sla` file is, for diagnostics."""

from __future__ import annotations

import bisect

import attrs


@attrs.frozen
class Span:
    """A half-open region of one source, as 1-based lines and columns (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


@attrs.frozen
class Source:
    """A file's path and text, with line lookup for rendering carets."""

    path: str
    text: str
    _line_starts: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        object.__setattr__(self, "_line_starts", tuple(starts))

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its newline ('' past the end)."""
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1
