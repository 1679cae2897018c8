"""`slac check PATH...`: parse and lint `.sla` files, printing every problem in every file in one run.

A folder means every `.sla` file below it, in sorted order; a file named explicitly is checked
whatever its suffix. Diagnostics go to standard output (text, or JSON with `--format json`);
unreadable paths go to standard error. Exit status: 0 clean or warnings only, 1 any error,
2 a usage problem (missing or unreadable path or folder, a folder without `.sla` files) — the
files that could be read are still checked and printed. Paths are printed as `shown_path` shows
them, so a name that is not UTF-8 cannot make the output invalid UTF-8. A file that is not UTF-8 is a diagnostic (E013), as
when a policy is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import attrs

from slac.cli.commands._common import USAGE_EXIT, shown_path
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
        shown = shown_path(path)
        try:
            source, problem = read_source(path)
        except OSError as error:
            problems.append(f"{shown}: cannot read: {error.strerror or error}")
            continue
        source = attrs.evolve(source, path=shown)  # messages name the file as printed
        sources[shown] = source
        if problem is not None:
            diagnostics.append(attrs.evolve(problem, path=shown))
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
    """(files to check, problems): folders expanded to their `.sla` files, sorted.

    A file reached twice (named and inside a named folder, through `a/../a`, a symbolic link or
    a hard link) is checked once, under the first name it was given: files are told apart by
    device and inode. A folder below a named one that cannot be listed is a problem, never
    skipped; an empty argument names no file (it is not the current folder).
    """
    files: list[str] = []
    seen: set[tuple[int, int]] = set()
    problems: list[str] = []
    for argument in arguments:
        found, trouble = _files_named(argument)
        problems.extend(trouble)
        for file in found:
            try:
                status = os.stat(file)
            except OSError as error:
                problems.append(f"{shown_path(file)}: cannot read: {error.strerror or error}")
                continue
            if (status.st_dev, status.st_ino) not in seen:
                seen.add((status.st_dev, status.st_ino))
                files.append(file)
    return files, problems


def _files_named(argument: str) -> tuple[list[str], list[str]]:
    """The files one argument names, and the problems met finding them."""
    shown = shown_path(argument)
    if argument == "" or not os.path.lexists(argument):
        return [], [f"{shown}: no such file or directory"]
    if not os.path.isdir(argument):
        return [argument], []
    problems: list[str] = []

    def unreadable(error: OSError) -> None:
        where = shown_path(os.fsdecode(error.filename)) if error.filename else shown
        problems.append(f"{where}: cannot read folder: {error.strerror or error}")

    found: list[Path] = []
    for folder, _folders, names in os.walk(argument, onerror=unreadable):
        found.extend(Path(folder, name) for name in names if name.endswith(".sla"))
    files = [str(p) for p in sorted(found) if p.is_file()]
    if not files and not problems:
        problems.append(f"{shown}: no .sla file found")
    return files, problems
