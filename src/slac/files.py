"""The files a command works on: paths named on the command line, folders expanded.

`slac check` and `slac fmt` take `.sla` files, `slac test` `.slatest` files; all three read
their arguments the same way (docs/formats.md).
"""

from __future__ import annotations

from pathlib import Path

from slac.diagnostics import Diagnostic
from slac.source import Source


def expand_paths(arguments: list[str], suffix: str = ".sla") -> tuple[list[str], list[str]]:
    """(files, problems): a folder means every `*SUFFIX` file below it, sorted; a file named
    explicitly is taken whatever its suffix; a file reached twice (named and inside a named
    folder) is taken once, under the first name it was given."""
    files: list[str] = []
    seen: set[Path] = set()
    problems: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob(f"*{suffix}") if p.is_file())
            if not found:
                problems.append(f"{argument}: no {suffix} file found")
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


def read_sources(
    paths: list[str], problems: list[str]
) -> tuple[dict[str, Source], list[Diagnostic]]:
    """Each `.sla` file as a Source, and E013 for one that is not UTF-8; a file that cannot be
    read is added to `problems` (a usage problem, exit 2)."""
    from slac.loader import read_source

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
    return sources, diagnostics
