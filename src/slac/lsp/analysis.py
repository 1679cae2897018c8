"""One open document, parsed and checked: its diagnostics and every place a name is declared or used.

`analyse(text, path)` runs the same stages as `slac check` on one file (`parse_source`, then
`run_checks`), so the editor shows the same codes, spans and messages. The name index comes from
the checks' own name resolution (`slac.check.resolve.references`), plus the declarations, so go
to definition and find references agree with what E101-E105 report. Positions are 1-based lines
and columns in characters, as in `slac.source.Span`; `server` converts them for the client.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from slac.check import run_checks
from slac.check.context import Context, build_context
from slac.check.resolve import Kind, references
from slac.diagnostics import Diagnostic
from slac.source import Source, Span
from slac.syntax import nodes, parse_source

KINDS: tuple[Kind, ...] = ("calendar", "field", "value", "priority", "metric")


@attrs.frozen
class Occurrence:
    """A name as written: a declaration, or a use of one. A value's `field` is its field's name;
    `statement` is the span of the declaring statement (the calendar block, the `field` line)."""

    kind: Kind
    name: nodes.Name
    declaration: bool
    field: str | None = None
    statement: Span | None = None

    def key(self) -> tuple[str, str, str | None]:
        return (self.kind, self.name.text, self.field)


@attrs.frozen
class Analysis:
    """A document's text and what `slac check` finds in it; `module` and `context` are None when
    it does not parse."""

    source: Source
    module: nodes.Module | None
    context: Context | None
    diagnostics: tuple[Diagnostic, ...]
    occurrences: tuple[Occurrence, ...]


def analyse(text: str, path: str) -> Analysis:
    source = Source(path, text)
    module, diagnostics = parse_source(source)
    if module is None:
        return Analysis(source, None, None, tuple(diagnostics), ())
    found = sorted(run_checks(module, source), key=Diagnostic.sort_key)
    found = [attrs.evolve(d, path=path) for d in found]
    occurrences = (*_declarations(module.policy), *_uses(module.policy))
    return Analysis(source, module, build_context(module, source), tuple(found), occurrences)


def _declarations(policy: nodes.Policy) -> Iterator[Occurrence]:
    for calendar in policy.of(nodes.Calendar):
        yield Occurrence("calendar", calendar.name, True, statement=calendar.span)
    for field in policy.of(nodes.Field):
        yield Occurrence("field", field.name, True, statement=field.span)
        for value in field.values:
            yield Occurrence("value", value, True, field.name.text, field.span)
    for statement in policy.of(nodes.Priorities):
        for name in statement.names:
            yield Occurrence("priority", name, True, statement=statement.span)
    for metric in policy.of(nodes.Metric):
        yield Occurrence("metric", metric.name, True, statement=metric.span)


def _uses(policy: nodes.Policy) -> Iterator[Occurrence]:
    for reference in references(policy):
        yield Occurrence(reference.kind, reference.name, False, reference.field)
    # A field's default names one of its values: a use the checks read in `check_field_defaults`.
    for field in policy.of(nodes.Field):
        default = field.default
        if field.kind == "enum" and default is not None and default.kind == "name":
            name = nodes.Name(str(default.value), span=default.span)
            yield Occurrence("value", name, False, field.name.text)


def covers(span: Span, line: int, column: int) -> bool:
    """Whether (line, column) is in `span` or just after its end (a cursor at a word's end)."""
    if not span.line <= line <= span.end_line:
        return False
    if line == span.line and column < span.column:
        return False
    return not (line == span.end_line and column > span.end_column)


def occurrence_at(analysis: Analysis, line: int, column: int) -> Occurrence | None:
    for occurrence in analysis.occurrences:
        if covers(occurrence.name.span, line, column):
            return occurrence
    return None


def declaration_of(analysis: Analysis, occurrence: Occurrence) -> Occurrence | None:
    """The first declaration of what `occurrence` names (the one the checks resolve to)."""
    for candidate in analysis.occurrences:
        if candidate.declaration and candidate.key() == occurrence.key():
            return candidate
    return None


def uses_of(
    analysis: Analysis, occurrence: Occurrence, with_declaration: bool
) -> tuple[Occurrence, ...]:
    """Every occurrence of the same name of the same kind, in source order."""
    found = [
        candidate
        for candidate in analysis.occurrences
        if candidate.key() == occurrence.key() and (with_declaration or not candidate.declaration)
    ]
    return tuple(sorted(found, key=lambda o: (o.name.span.line, o.name.span.column)))


def declared_names(analysis: Analysis) -> dict[tuple[Kind, str], str | None]:
    """(kind, name) -> its field (values) or None, each once, in declaration order."""
    names: dict[tuple[Kind, str], str | None] = {}
    for occurrence in analysis.occurrences:
        if occurrence.declaration:
            names.setdefault((occurrence.kind, occurrence.name.text), occurrence.field)
    return names
