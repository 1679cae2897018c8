"""`slac test PATH...`: run the policy tests (`.slatest` files) found under PATH.

A folder means every `.slatest` file below it, sorted; a file named explicitly is run whatever
its suffix. Per failure one line `FILE:LINE: TEST: SUBJECT KEY: expected X, got Y`, then the
summary `N passed, N failed`. Under the failures about one ticket's metric, once per test, that
metric's trace as `slac trace --format table` shows it (under a failed `priority`, the ticket's
priority history), indented; `--no-trace` leaves them out, and JSON carries them as `traces`.
A test file that cannot be run (a syntax error, a policy with errors, a bad instant) is a
coded diagnostic (T1xx, T2xx), printed as `slac check` prints.
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
from slac.testing.run import CaseResult

# The trace under a failure is indented past the failure line's own text.
TRACE_INDENT = "    "


def run(args: Any) -> int:
    paths, problems = find(args.paths)
    load = policy_cache()
    outcomes: list[FileResult] = []
    for path in paths:
        try:
            outcomes.append(run_file(path, load, traces=args.trace))
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

    lines = [
        line
        for outcome in outcomes
        for result in outcome.results
        for line in _failed(outcome.path, result, outcome.policy_zone)
    ]
    text = "".join(line + "\n" for line in lines)
    diagnostics = [d for o in outcomes for d in o.diagnostics]
    if diagnostics:
        sources = {o.path: o.source for o in outcomes if o.source is not None}
        terminal = sys.stdout.isatty()
        color = terminal and not os.environ.get("NO_COLOR")
        text += render_diagnostics(diagnostics, sources, terminal=terminal, color=color)
    return text + summary(outcomes) + "\n"


def _failed(path: str, result: CaseResult, zone: str | None) -> list[str]:
    """A line per failure; after the last of a run of failures about one ticket's metric (or
    priority), its trace, unless this test showed it already."""
    lines: list[str] = []
    shown: set[tuple[str, str | None]] = set()
    for i, f in enumerate(result.failures):
        what = f"{f.subject} {f.key}" if f.key else f.subject
        lines.append(f"{path}:{f.line}: {result.name}: {what}: expected {f.expected}, got {f.got}")
        after = result.failures[i + 1].about if i + 1 < len(result.failures) else None
        subject = None if f.about is None else (f.about.ticket, f.about.metric)
        if subject is None or subject in shown:
            continue
        if after is not None and (after.ticket, after.metric) == subject:
            continue  # the next failure is about it too: the trace goes under the last
        shown.add(subject)
        lines += [TRACE_INDENT + line for line in _trace_lines(result, *subject, zone)]
    return lines


def _trace_lines(
    result: CaseResult, ticket: str, metric: str | None, zone: str | None
) -> list[str]:
    """`metric`'s cycles as `slac trace` shows them, or (None) the ticket's priority history."""
    from slac.cli.commands.trace import format_metric, format_priorities

    trace = next((t for t in result.traces if t.ticket == ticket), None)
    if trace is None:  # `--no-trace`, or a ticket not created by `at`
        return []
    if metric is None:
        return format_priorities(trace, zone or "UTC")
    blocks = [format_metric(m) for m in trace.metrics if m.result.metric == metric]
    return "".join(blocks).splitlines()


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
                **({} if r.passed else {"traces": [t.to_dict() for t in r.traces]}),
            }
            for path, r in results
        ],
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
