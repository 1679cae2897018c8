"""`slac check PATH...`: parse and lint `.sla` files, printing every problem in every file in one run.

A folder means every `.sla` file below it, in sorted order; a file named explicitly is checked
whatever its suffix. Diagnostics go to standard output (text, or JSON with `--format json`);
unreadable paths go to standard error. Exit status: 0 clean or warnings only, 1 any error,
2 a usage problem (missing or unreadable path, a folder without `.sla` files) — the files that
could be read are still checked and printed. A file that is not UTF-8 is a diagnostic (E013), as
when a policy is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from slac.cli.commands._common import USAGE_EXIT
from slac.diagnostics import Diagnostic
from slac.loader import read_source
from slac.source import Source


def run(args: argparse.Namespace) -> int:
    from slac.check import check_sources
    from slac.render import render_diagnostics, render_json

    paths, problems = expand_paths(args.paths)
    sources: dict[str, Source] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        try:
            source, problem = read_source(path)
        except OSError as error:
            problems.append(f"{path}: cannot read: {error.strerror or error}")
            continue
        sources[path] = source
        if problem is not None:
            diagnostics.append(problem)
    readable = [s for s in sources.values() if not any(d.path == s.path for d in diagnostics)]
    diagnostics = sorted([*diagnostics, *check_sources(readable)], key=Diagnostic.sort_key)
    if args.format == "json":
        sys.stdout.write(render_json(diagnostics))
    else:
        terminal = sys.stdout.isatty()
        color = terminal and not os.environ.get("NO_COLOR")
        sys.stdout.write(render_diagnostics(diagnostics, sources, terminal=terminal, color=color))
    for unreadable in problems:
        sys.stderr.write(f"slac: {unreadable}\n")
    if problems:
        return USAGE_EXIT
    return 1 if any(d.severity == "error" for d in diagnostics) else 0


def expand_paths(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(files to check, problems): folders expanded to their `.sla` files, sorted; a file reached
    twice (named and inside a named folder) is checked once, under the first name it was given."""
    files: list[str] = []
    seen: set[Path] = set()
    problems: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.sla") if p.is_file())
            if not found:
                problems.append(f"{argument}: no .sla file found")
        elif path.exists():
            found = [path]
        else:
            problems.append(f"{argument}: no such file or directory")
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(str(file))
    return files, problems
