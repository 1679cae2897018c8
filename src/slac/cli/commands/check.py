"""`slac check PATH...`: parse and lint `.sla` files, printing every problem in every file in one run.

A `.desk` file (named, or below a named folder) is checked with every policy it names
(`slac.desk.check`); a policy both named and reached through a desk is reported once.

A folder means every `.sla` file below it, in sorted order; a file named explicitly is checked
whatever its suffix. Diagnostics go to standard output (text, or JSON with `--format json`);
unreadable paths go to standard error. Exit status: 0 clean or warnings only, 1 any error,
2 a usage problem (missing or unreadable path or folder, a folder without `.sla` files) — the
files that could be read are still checked and printed. Paths are printed as `shown_path` shows
them (`slac.text`), so a name that is not UTF-8 cannot make the output invalid UTF-8. A file that
is not UTF-8 is a diagnostic (E013), as
when a policy is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys

import attrs

from slac.cli.commands._common import USAGE_EXIT
from slac.diagnostics import Diagnostic
from slac.files import expand_paths, read_sources
from slac.source import Source
from slac.text import shown_path


def run(args: argparse.Namespace) -> int:
    from slac.check import check_sources
    from slac.render import render_diagnostics, render_json

    desks, others = _desks(args.paths)
    paths, problems = expand_paths(others) if others else ([], [])
    sources, diagnostics = read_sources(paths, problems)
    readable = [s for s in sources.values() if not any(d.path == s.path for d in diagnostics)]
    diagnostics = [*diagnostics, *check_sources(readable)]
    for desk in desks:  # a desk, and every policy it names (docs/desk.md#checks)
        desk_diagnostics, desk_sources = _check_desk(desk, problems)
        diagnostics += [d for d in desk_diagnostics if d not in diagnostics]
        sources.update(desk_sources)
    diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
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


def _desks(arguments: list[str]) -> tuple[list[str], list[str]]:
    """(desk files, other arguments): `.desk` files named, and those in named folders that
    also hold `.sla` files or are named for them alone."""
    desks = [a for a in arguments if a.endswith(".desk")]
    others = [a for a in arguments if not a.endswith(".desk")]
    for argument in list(others):
        if not (argument and os.path.isdir(argument)):  # "" names no folder (not the current)
            continue
        # Unreadable folders and a folder without `.sla` files are the `.sla` pass's to report.
        found, _problems = expand_paths([argument], ".desk")
        desks += found
        if found and not expand_paths([argument])[0]:
            others.remove(argument)  # a folder of desks only is not missing its policies
    return desks, others


def _check_desk(path: str, problems: list[str]) -> tuple[list[Diagnostic], dict[str, Source]]:
    from slac.desk.check import check_desk
    from slac.loader import read_source

    try:
        source, problem = read_source(path)
    except OSError as error:
        problems.append(f"{shown_path(path)}: cannot read: {error.strerror or error}")
        return [], {}
    # The desk is checked under its real path (its `use` paths are relative to its folder);
    # what is printed names every file as `shown_path` does, as for the `.sla` files.
    if problem is not None:
        return _shown([problem], {path: source})
    checked = check_desk(source)
    return _shown(checked.diagnostics, checked.sources)


def _shown(
    diagnostics: list[Diagnostic], sources: dict[str, Source]
) -> tuple[list[Diagnostic], dict[str, Source]]:
    """Diagnostics and sources with each path as messages print it (`shown_path`)."""
    return (
        [d if d.path is None else attrs.evolve(d, path=shown_path(d.path)) for d in diagnostics],
        {shown_path(p): attrs.evolve(s, path=shown_path(p)) for p, s in sources.items()},
    )
