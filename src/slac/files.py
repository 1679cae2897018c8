"""The files a command works on: paths named on the command line, folders expanded.

`slac check` and `slac fmt` take `.sla` files, `slac test` `.slatest` files; all three read
their arguments the same way (docs/formats.md#command-line): a file reached twice is taken once,
a folder that cannot be listed is a problem (never skipped), an empty argument names no file,
and paths are printed escaped so output stays valid UTF-8 under any locale.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from slac.diagnostics import Diagnostic
from slac.source import Source
from slac.text import shown_path


def expand_paths(arguments: list[str], suffix: str = ".sla") -> tuple[list[str], list[str]]:
    """(files, problems): a folder means every `*SUFFIX` file below it, sorted; a file named
    explicitly is taken whatever its suffix.

    A file reached twice (named and inside a named folder, through `a/../a`, a symbolic link or
    a hard link) is taken once, under the first name it was given: files are told apart by
    device and inode. A folder below a named one that cannot be listed is a problem, never
    skipped; an empty argument names no file (it is not the current folder).
    """
    files: list[str] = []
    seen: set[tuple[int, int]] = set()
    problems: list[str] = []
    for argument in arguments:
        found, trouble = _files_named(argument, suffix)
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


def _files_named(argument: str, suffix: str) -> tuple[list[str], list[str]]:
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
        found.extend(Path(folder, name) for name in names if name.endswith(suffix))
    files = [str(p) for p in sorted(found) if p.is_file()]
    if not files and not problems:
        problems.append(f"{shown}: no {suffix} file found")
    return files, problems


def read_sources(
    paths: list[str], problems: list[str]
) -> tuple[dict[str, Source], list[Diagnostic]]:
    """Each `.sla` file as a Source named as it is printed (`shown_path`), and E013 for one that
    is not UTF-8; a file that cannot be read is added to `problems` (a usage problem, exit 2)."""
    from slac.loader import read_source

    sources: dict[str, Source] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        shown = shown_path(path)
        try:
            source, problem = read_source(path)
        except OSError as error:
            problems.append(f"{shown}: cannot read: {error.strerror or error}")
            continue
        sources[shown] = attrs.evolve(source, path=shown)  # messages name the file as printed
        if problem is not None:
            diagnostics.append(attrs.evolve(problem, path=shown))
    return sources, diagnostics
