"""Diagnostics as text for people and as JSON for tools.

On a terminal each diagnostic is drawn as rustc and Ruff do: a headline, the location, the
source line under a gutter with carets beneath the span, and the help. Elsewhere (CI logs, editor
integrations reading stdout) one concise `path:line:col: error[CODE]: message (help: ...)` line
each. Both end with a summary line such as `2 errors, 1 warning`; no diagnostics render as "".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from slac.diagnostics import Diagnostic
from slac.source import Source

TAB_WIDTH = 4  # tabs are expanded so carets line up under what the terminal shows

_STYLES = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "bold": "\x1b[1m", "blue": "\x1b[1;34m"}
_RESET = "\x1b[0m"

Paint = Callable[[str, str], str]
"""`paint(style, text)`: `text` in one of `_STYLES`, or as it is when colour is off."""


def render_diagnostics(
    diagnostics: Iterable[Diagnostic],
    sources: dict[str, Source],
    terminal: bool,
    color: bool = False,
) -> str:
    """All `diagnostics`, sorted by position, then the summary line; "" when there are none.

    `sources` maps a diagnostic's `path` to its text for the source excerpt; a diagnostic whose
    source is missing is drawn without one. `color` adds ANSI styles (terminal form only).
    """
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    if not ordered:
        return ""
    paint = _painter(color and terminal)
    if terminal:
        blocks = [_rich(d, sources.get(d.path), paint) for d in ordered]
        return "\n".join(blocks) + "\n" + paint("bold", summary(ordered)) + "\n"
    lines = [_concise(d) for d in ordered]
    return "\n".join(lines) + "\n" + summary(ordered) + "\n"


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """docs/formats.md#slac-check: a JSON list of `{path, line, column, end_line, end_column, severity, code,
    message, help}`, sorted by position, ending with a newline."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    return json.dumps([d.to_dict() for d in ordered], indent=2, ensure_ascii=False) + "\n"


def render_data_lines(diagnostics: Iterable[Diagnostic]) -> str:
    """Problems in data files (event and outage lines) as docs/formats.md#problems-in-input-files words them: one
    `PATH:LINE: message` line each, sorted by position, `warning: ` before a warning (what
    `--skip-invalid` makes of an invalid line). Scripts parse this form, so it carries neither
    the code nor the column: `render_json` does."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    return "".join(
        f"{'warning: ' if d.severity == 'warning' else ''}{d.path}:{d.span.line}: {d.message}\n"
        for d in ordered
    )


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """`2 errors, 1 warning`; only the kinds present are named."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def _location(d: Diagnostic) -> str:
    return f"{d.path or '<input>'}:{d.span.line}:{d.span.column}"


def _concise(d: Diagnostic) -> str:
    text = f"{_location(d)}: {d.severity}[{d.code}]: {d.message}"
    return text + (f" (help: {d.help})" if d.help else "")


def _rich(d: Diagnostic, source: Source | None, paint: Paint) -> str:
    headline = paint(d.severity, f"{d.severity}[{d.code}]") + paint("bold", f": {d.message}")
    line_text = source.line_text(d.span.line) if source is not None else ""
    gutter = " " * len(str(d.span.line))
    out = [headline, f"{gutter}{paint('blue', '-->')} {_location(d)}"]
    if source is not None and line_text.strip():
        bar = paint("blue", "|")
        start, width = _caret_range(line_text, d)
        shown = line_text.expandtabs(TAB_WIDTH)
        out += [
            f"{gutter} {bar}",
            f"{paint('blue', str(d.span.line))} {bar} {shown}",
            f"{gutter} {bar} {' ' * start}{paint(d.severity, '^' * width)}",
        ]
        if d.help:
            out.append(f"{gutter} {bar}")
    if d.help:
        out.append(f"{gutter} {paint('blue', '=')} {paint('bold', 'help')}: {d.help}")
    return "\n".join(out) + "\n"


def _caret_range(line_text: str, d: Diagnostic) -> tuple[int, int]:
    """(display column, width) of the carets; a span running past this line is underlined to its
    end, and an empty span (a missing token at a position) still gets one caret."""
    first = max(d.span.column - 1, 0)
    last = d.span.end_column - 1 if d.span.end_line == d.span.line else len(line_text)
    first = min(first, len(line_text))
    last = max(min(last, len(line_text)), first)
    start = len(line_text[:first].expandtabs(TAB_WIDTH))
    end = len(line_text[:last].expandtabs(TAB_WIDTH))
    return start, max(end - start, 1)


def _painter(enabled: bool) -> Paint:
    def paint(style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if enabled else text

    return paint
