"""Policy tests: `.slatest` files beside a policy, run by `slac test` (docs/language.md
"Testing a policy").

Stages, one module each: `parse` (text -> Lark tree, T1xx syntax errors), `build` (tree ->
`nodes`), `prepare` (the policy loaded, instants and values read: T2xx), `run` (evaluate and
compare). `run_file` chains them for one file; `find` lists the test files under paths. Nothing
here prints: the CLI renders the results.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from slac.diagnostics import Diagnostic
from slac.source import Source

if TYPE_CHECKING:
    from slac import ir
    from slac.testing.run import CaseResult

SUFFIX = ".slatest"


@attrs.frozen
class FileResult:
    """One test file's outcome: its cases' results, or the diagnostics that stopped them."""

    path: str
    source: Source | None
    results: tuple[CaseResult, ...]
    diagnostics: tuple[Diagnostic, ...]
    # The policy's `timezone`, the zone of its tickets' priority history (None: not loaded).
    policy_zone: str | None = attrs.field(default=None, kw_only=True)


def find(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(test files, problems): a folder means every `*.slatest` file below it, sorted; a file
    named explicitly is taken whatever its suffix; a file reached twice is run once."""
    from slac.files import expand_paths

    return expand_paths(arguments, SUFFIX)


def policy_cache() -> Callable[[str], ir.Policy]:
    """Each policy loaded once however many test files name it, through the compiled-policy
    cache (`slac.loader.load_cached`, docs/formats.md#the-cache) as the other commands load it:
    an unchanged policy tested again skips parsing, checking and compiling."""
    from slac.loader import load_cached

    loaded: dict[Path, ir.Policy] = {}

    def load_once(path: str) -> ir.Policy:
        key = Path(path).resolve()
        if key not in loaded:
            loaded[key] = load_cached(path)
        return loaded[key]

    return load_once


def run_file(path: str, load: Callable[[str], ir.Policy], *, traces: bool = False) -> FileResult:
    """Parse, build, prepare and run the tests in `path`, with the traces that explain each
    failure when `traces` (`slac.testing.run`); raises OSError when it cannot be read."""
    from slac.testing import build, parse, prepare, run

    source, problem = parse.read(path)
    if problem is not None:
        return FileResult(path, source, (), (problem,))
    tree, problem = parse.parse(source)
    if tree is None:
        return FileResult(path, source, (), (problem,) if problem else ())
    policy, cases, diagnostics = prepare.prepare(build.build(tree), path, load)
    results: list[CaseResult] = []
    if policy is not None:
        for case in cases:
            outcome = run.run_case(policy, case, path, traces=traces)
            if isinstance(outcome, Diagnostic):
                diagnostics.append(outcome)
            else:
                results.append(outcome)
    zone = policy.timezone if policy is not None else None
    return FileResult(path, source, tuple(results), tuple(diagnostics), policy_zone=zone)
