"""`slac fmt PATH... [--check] [--diff]`: rewrite `.sla` files in the one canonical layout.

A folder means every `.sla` file below it (as for `slac check`). Every file is read and
formatted first; if any cannot be read or has a syntax error, its diagnostic goes to standard
error, nothing is written and the exit status is 2. Otherwise: without options the files that
change are rewritten (exit 0); `--check` writes nothing and lists the files that would change
(exit 1 when there is one); `--diff` writes nothing and prints the unified diff of each (exit 1
when there is one). A summary line goes to standard error.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Any

from slac.cli.commands._common import USAGE_EXIT
from slac.files import expand_paths, read_sources
from slac.source import Source


def run(args: Any) -> int:
    from slac.fmt import format_source
    from slac.render import render_diagnostics

    paths, problems = expand_paths(args.paths)
    sources, diagnostics = read_sources(paths, problems)
    changed: dict[str, str] = {}
    for path, source in sources.items():
        if any(d.path == path for d in diagnostics):
            continue  # not UTF-8 (E013)
        formatted, found = format_source(source)
        diagnostics += found
        if formatted is not None and formatted != source.text:
            changed[path] = formatted
    if problems or diagnostics:
        terminal = sys.stderr.isatty()
        color = terminal and not os.environ.get("NO_COLOR")
        sys.stderr.write(render_diagnostics(diagnostics, sources, terminal=terminal, color=color))
        for message in problems:
            sys.stderr.write(f"slac: {message}\n")
        sys.stderr.write("slac: nothing written\n")
        return USAGE_EXIT
    return _report(args, paths, changed, sources)


def _report(
    args: Any, paths: list[str], changed: dict[str, str], sources: dict[str, Source]
) -> int:
    unchanged = len(paths) - len(changed)
    if args.diff:
        for path, text in changed.items():
            sys.stdout.writelines(
                difflib.unified_diff(
                    sources[path].text.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=path,
                    tofile=path,
                )
            )
    elif args.check:
        for path in changed:
            sys.stdout.write(f"would reformat {path}\n")
    else:
        for path, text in changed.items():
            # newline="" keeps the text's own line endings (the formatter writes \n).
            Path(path).write_text(text, encoding="utf-8", newline="")
        sys.stderr.write(
            f"{_files(len(changed))} reformatted, {_files(unchanged)} left unchanged\n"
        )
        return 0
    sys.stderr.write(
        f"{_files(len(changed))} would be reformatted, {_files(unchanged)} already formatted\n"
    )
    return 1 if changed else 0


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"
