"""Quick fixes: a diagnostic whose help says `did you mean `x`?` offers to write `x` in its place.

The help lines come from `slac.check.world.did_you_mean` (unknown names, zones, holiday
countries). The diagnostic's span covers what was written, so the fix replaces exactly that; a
quoted string (a zone) keeps its quotes.
"""

from __future__ import annotations

import re

import attrs

from slac.diagnostics import Diagnostic
from slac.lsp.analysis import Analysis
from slac.source import Span

_SUGGESTION = re.compile(r"did you mean `([^`]+)`\?")


@attrs.frozen
class Fix:
    title: str
    diagnostic: Diagnostic
    replacement: str


def fixes(analysis: Analysis, span: Span) -> tuple[Fix, ...]:
    """The quick fixes of the diagnostics that touch `span` (the editor's selection or line)."""
    found = []
    for diagnostic in analysis.diagnostics:
        match = _SUGGESTION.search(diagnostic.help or "")
        if match is None or not _overlap(diagnostic.span, span):
            continue
        written = _text(analysis, diagnostic.span)
        replacement = match.group(1)
        if written.startswith('"'):
            replacement = f'"{replacement}"'
        found.append(Fix(f"Change `{written}` to `{replacement}`", diagnostic, replacement))
    return tuple(found)


def _overlap(a: Span, b: Span) -> bool:
    return (a.line, a.column) <= (b.end_line, b.end_column) and (b.line, b.column) <= (
        a.end_line,
        a.end_column,
    )


def _text(analysis: Analysis, span: Span) -> str:
    """The text of a one-line span (a name or a string, as these diagnostics' spans are)."""
    return analysis.source.line_text(span.line)[span.column - 1 : span.end_column - 1]
