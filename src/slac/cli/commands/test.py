"""`slac test PATH...`: run the policy tests (`.slatest` files) found under PATH.

A folder means every `.slatest` file below it, sorted; a file named explicitly is run whatever
its suffix. Per failure one line `FILE:LINE: TEST: SUBJECT KEY: expected X, got Y`, then the
summary `N passed, N failed`. A test file that cannot be run (a syntax error, a policy with
errors, a bad instant) is a coded diagnostic (T1xx, T2xx), printed as `slac check` prints.
Exit status (docs/formats.md): 0 every test passed, 1 a test failed, 2 a usage problem, an
unreadable path, or a test file with a diagnostic.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from slac.cli.commands._common import USAGE_EXIT
from slac.diagnostics import Diagnostic
from slac.testing import FileResult, find, policy_cache, run_file


def run(args: Any) -> int:
    paths, problems = find(args.paths)
    load = policy_cache()
    outcomes: list[FileResult] = []
    for path in paths:
        try:
            outcomes.append(run_file(path, load))
        except OSError as error:
            problems.append(f"{path}: cannot read: {error.strerror or error}")
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(outcomes), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(outcomes))
    for problem in problems:
        sys.stderr.write(f"slac: {problem}\n")
    if problems or any(o.diagnostics for o in outcomes):
        return USAGE_EXIT
    return 1 if any(not r.passed for o in outcomes for r in o.results) else 0


def render_text(outcomes: list[FileResult]) -> str:
    from slac.render import render_diagnostics

    lines = []
    for outcome in outcomes:
        for result in outcome.results:
            for f in result.failures:
                what = f"{f.subject} {f.key}" if f.key else f.subject
                lines.append(
                    f"{outcome.path}:{f.line}: {result.name}: {what}: "
                    f"expected {f.expected}, got {f.got}"
                )
    text = "".join(line + "\n" for line in lines)
    diagnostics = [d for o in outcomes for d in o.diagnostics]
    if diagnostics:
        sources = {o.path: o.source for o in outcomes if o.source is not None}
        terminal = sys.stdout.isatty()
        color = terminal and not os.environ.get("NO_COLOR")
        text += render_diagnostics(diagnostics, sources, terminal=terminal, color=color)
    return text + summary(outcomes) + "\n"


def summary(outcomes: list[FileResult]) -> str:
    """`89 passed, 0 failed`, and the files that could not be run."""
    results = [r for o in outcomes for r in o.results]
    failed = sum(1 for r in results if not r.passed)
    text = f"{len(results) - failed} passed, {failed} failed"
    broken = sum(1 for o in outcomes if o.diagnostics)
    if broken:
        text += f", {broken} test file{'s' if broken != 1 else ''} with errors"
    return text


def to_json(outcomes: list[FileResult]) -> dict[str, object]:
    results = [(o.path, r) for o in outcomes for r in o.results]
    diagnostics: list[Diagnostic] = sorted(
        (d for o in outcomes for d in o.diagnostics), key=Diagnostic.sort_key
    )
    failed = sum(1 for _, r in results if not r.passed)
    return {
        "passed": len(results) - failed,
        "failed": failed,
        "tests": [
            {
                "path": path,
                "name": r.name,
                "line": r.line,
                "passed": r.passed,
                "failures": [f.to_dict() for f in r.failures],
            }
            for path, r in results
        ],
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
