"""From a `.sla` file to a compiled policy: read, parse, build, check, compile.

- `check_source(source)`: every diagnostic of one file (syntax errors, else the semantic checks).
- `parse_source(source)`: the syntax tree, or None with the syntax errors.
- `load(path)` / `loads(text)`: the compiled `slac.ir.Policy`; `PolicyError` when any diagnostic
  is an error (warnings do not stop a load), `OSError` when the file cannot be read.

Text that is not UTF-8 is a diagnostic (E013 at the first bad byte's line), not a crash: the file
is read as bytes and decoded here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slac.diagnostics import Diagnostic
from slac.source import Source, Span

if TYPE_CHECKING:
    from slac import ir
    from slac.syntax import nodes


class PolicyError(Exception):
    """A policy that has errors: `diagnostics` (sorted, errors and warnings) and the `sources`
    they point into, keyed by path, for rendering."""

    def __init__(self, diagnostics, sources: dict[str, Source]):
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        self.sources = dict(sources)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0] if errors else None
        where = (
            f"{first.path}:{first.span.line}:{first.span.column}: {first.message}" if first else ""
        )
        super().__init__(
            f"{len(errors)} error(s) in the policy" + (f"; first: {where}" if where else "")
        )


def parse_source(source: Source) -> tuple[nodes.Module | None, list[Diagnostic]]:
    """The syntax tree of `source`, or (None, [the syntax error])."""
    from lark.exceptions import UnexpectedInput

    from slac.syntax import build, errors, parser

    try:
        tree, comments = parser.parse(source.text)
    except UnexpectedInput as error:
        return None, [_located(errors.syntax_diagnostic(error, source), source)]
    deep = build.too_deep(tree)
    if deep is not None:
        return None, [_located(errors.nesting_diagnostic(deep, build.MAX_DEPTH), source)]
    return build.build(tree, comments, source.text), []


def check_source(source: Source) -> list[Diagnostic]:
    """Every diagnostic of `source`, sorted by position, each with `path` set to `source.path`."""
    module, diagnostics = parse_source(source)
    if module is not None:
        diagnostics = _checks(module, source)
    return sorted(diagnostics, key=Diagnostic.sort_key)


def loads(text: str, path: str = "<string>") -> ir.Policy:
    """The compiled policy in `text`; raises PolicyError when it has errors."""
    return _load_source(Source(path, text))


def read_source(path) -> tuple[Source, Diagnostic | None]:
    """The file at `path` as a Source, and E013 when it is not UTF-8 (the text is then decoded
    with replacement characters, for rendering only); raises OSError."""
    path = str(path)
    with open(path, "rb") as stream:
        data = stream.read()
    try:
        return Source(path, data.decode("utf-8-sig")), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Diagnostic(
            "E013",
            "the file is not UTF-8 text",
            Span(line, 1, line, 2),
            path=path,
            help="save the file as UTF-8",
        )
        return Source(path, data.decode("utf-8", errors="replace")), problem


def load(path) -> ir.Policy:
    """The compiled policy in the file at `path`; raises OSError or PolicyError."""
    source, problem = read_source(path)
    if problem is not None:
        raise PolicyError([problem], {source.path: source})
    return _load_source(source)


def _load_source(source: Source) -> ir.Policy:
    module, diagnostics = parse_source(source)
    if module is not None:
        diagnostics = _checks(module, source)
    if any(d.severity == "error" for d in diagnostics):
        raise PolicyError(sorted(diagnostics, key=Diagnostic.sort_key), {source.path: source})
    from slac.compile import compile_module

    return compile_module(module)


def _checks(module: nodes.Module, source: Source) -> list[Diagnostic]:
    from slac.check import run_checks  # the checks import their world (zones, holidays) lazily too

    return [_located(d, source) for d in run_checks(module, source)]


def _located(diagnostic: Diagnostic, source: Source) -> Diagnostic:
    import attrs

    return (
        diagnostic if diagnostic.path == source.path else attrs.evolve(diagnostic, path=source.path)
    )
