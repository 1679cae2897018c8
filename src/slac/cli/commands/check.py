"""`slac check PATH...`: parse and lint `.sla` files, printing every problem in every file in one run.

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

from slac.cli.commands._common import USAGE_EXIT
from slac.diagnostics import Diagnostic
from slac.files import expand_paths, read_sources


def run(args: argparse.Namespace) -> int:
    from slac.check import check_sources
    from slac.render import render_diagnostics, render_json

    paths, problems = expand_paths(args.paths)
    sources, diagnostics = read_sources(paths, problems)
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
