"""Diagnostics are values: created where a problem is found, collected, sorted, then rendered.

Codes are stable and never reused; their meanings live in `slac.codes`. Wording follows Cedar:
what was found, lowercase start, no final period, names in backticks; the fix goes in `help`.
"""

from __future__ import annotations

from typing import Literal

import attrs

from slac.source import Span

Severity = Literal["error", "warning"]


@attrs.frozen
class Diagnostic:
    code: str  # "E101"; the letter is the severity's, the number the kind's
    message: str
    span: Span
    severity: Severity = "error"
    help: str | None = None
    path: str = ""  # filled in by the file-level driver

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "help": self.help,
        }
