"""From a `.sla` file to a compiled policy: read, parse (`slac.syntax.parse_source`), check,
compile. This module only strings the stages together.

- `check_source(source)`: every diagnostic of one file (syntax errors, else the semantic checks).
- `load(path)` / `loads(text)`: the compiled `slac.ir.Policy`; `PolicyError` when any diagnostic
  is an error (warnings do not stop a load), `OSError` when the file cannot be read.
- `load_cached(path)`: `load(path)` through the user's cache (`slac.cache`), as the command line
  loads a policy: a file loaded before, unchanged, by the same slac, skips parsing, checking and
  compiling (and importing Lark and the syntax tree), ~100 ms of a process start.

Text that is not UTF-8 is a diagnostic (E013 at the first bad byte's line), not a crash: the file
is read as bytes and decoded here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from slac.diagnostics import Diagnostic
from slac.source import Source, Span
from slac.syntax import parse_source

if TYPE_CHECKING:
    from slac import ir
    from slac.syntax import nodes


# How many compiled policies the user cache keeps (the most recently compiled; ~20 KB each).
CACHED_POLICIES = 100


class PolicyError(Exception):
    """A policy that has errors: `diagnostics` (sorted, errors and warnings) and the `sources`
    they point into, keyed by path, for rendering."""

    def __init__(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, Source]) -> None:
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


def check_source(source: Source) -> list[Diagnostic]:
    """Every diagnostic of `source`, sorted by position, each with `path` set to `source.path`."""
    _, diagnostics = _diagnosed(source)
    return diagnostics


def loads(text: str, path: str = "<string>") -> ir.Policy:
    """The compiled policy in `text`; raises PolicyError when it has errors."""
    return _load_source(Source(path, text))


def read_source(path: str | os.PathLike[str]) -> tuple[Source, Diagnostic | None]:
    """The file at `path` as a Source, and E013 when it is not UTF-8 (the text is then decoded
    with replacement characters, for rendering only); raises OSError."""
    name = os.fspath(path)
    with open(name, "rb") as stream:
        return _decoded(name, stream.read())


def _decoded(name: str, data: bytes) -> tuple[Source, Diagnostic | None]:
    try:
        return Source(name, data.decode("utf-8-sig")), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Diagnostic(
            "E013",
            "the file is not UTF-8 text",
            Span(line, 1, line, 2),
            path=name,
            help="save the file as UTF-8",
        )
        return Source(name, data.decode("utf-8", errors="replace")), problem


def load(path: str | os.PathLike[str]) -> ir.Policy:
    """The compiled policy in the file at `path`; raises OSError or PolicyError."""
    return _compiled(*read_source(path))


def _compiled(source: Source, problem: Diagnostic | None) -> ir.Policy:
    """`source` compiled, or PolicyError with `problem` (E013) or the checks' errors."""
    if problem is not None:
        raise PolicyError([problem], {source.path: source})
    return _load_source(source)


def load_cached(path: str | os.PathLike[str]) -> ir.Policy:
    """`load(path)`, or the policy compiled from the same bytes at the same path by the same
    code (`slac.cache.code_stamp`) in an earlier run. Only policies without errors are kept, one
    entry per path, so a policy's errors are reported afresh each time."""
    import zlib

    from slac import cache

    name = os.fspath(path)
    with open(name, "rb") as stream:
        data = stream.read()
    where = os.path.abspath(name)
    entry = f"policy-{zlib.crc32(os.fsencode(where)):08x}.pickle"
    stamp = cache.code_stamp()
    key = ("policy", where, data, stamp)
    cached = cache.read(entry, key) if stamp is not None else None
    if cached is not None:
        from slac import ir  # already loaded by unpickling a policy

        if isinstance(cached, ir.Policy):
            return cached
    policy = _compiled(*_decoded(name, data))
    if stamp is not None:
        cache.write(entry, key, policy)
        cache.prune("policy-", keep=CACHED_POLICIES)
    return policy


def _load_source(source: Source) -> ir.Policy:
    module, diagnostics = _diagnosed(source)
    if module is None or any(d.severity == "error" for d in diagnostics):
        raise PolicyError(diagnostics, {source.path: source})
    from slac.compile import compile_module

    return compile_module(module)


def _diagnosed(source: Source) -> tuple[nodes.Module | None, list[Diagnostic]]:
    """The syntax tree and every diagnostic, sorted: the syntax error, else the checks'."""
    module, diagnostics = parse_source(source)
    if module is not None:
        from slac.check import run_checks  # the checks import their world (zones, holidays) lazily

        diagnostics = [attrs.evolve(d, path=source.path) for d in run_checks(module, source)]
    return module, sorted(diagnostics, key=Diagnostic.sort_key)
