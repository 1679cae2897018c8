"""`slac import FORMAT FILE... [--map MAP] [-o OUT] [--join FILE] [--skip-invalid]`.

Stages: the map file (a usage error before any export is read), the format's reader into the
spool, the problems (exit 2 and nothing written unless `--skip-invalid`), the second pass
writing events to OUT (through a temporary file beside it, renamed at the end) or to standard
output, then the warnings and the summary on standard error. docs/import.md is the reference.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING

from slac.cli.commands._common import CommandError
from slac.importers import MODULES

if TYPE_CHECKING:  # the readers load when the command runs, not when `slac check` parses
    from slac.importers.notes import Notes, Problem
    from slac.importers.settings import Settings
    from slac.importers.spool import Spool


def run(args: argparse.Namespace) -> int:
    from slac.importers.mapfile import MapError
    from slac.importers.notes import Notes
    from slac.importers.sources import SourceError
    from slac.importers.spool import Spool

    settings = _settings(args)
    reader = importlib.import_module(MODULES[args.import_format])
    notes, spool = Notes(), Spool()
    try:
        try:
            reader.read(args.files, settings, notes, spool)
        except (SourceError, MapError) as error:
            raise CommandError(str(error)) from None
        _report_problems(args, notes.problems)
        _write(args.output, spool, notes)
    finally:
        spool.close()
    _print("warning: ", notes.warnings)
    sys.stderr.writelines(f"warning: {line}\n" for line in notes.unmapped_lines())
    sys.stderr.writelines(f"note: {what}: {count:,}\n" for what, count in notes.remarks.items())
    target = "standard output" if args.output is None else args.output
    summary = notes.summary()
    sys.stderr.write(
        f"slac import: {_count(spool.tickets, 'ticket')}, {_count(spool.events, 'event')}"
        f" written to {target}"
        f"{'; ' + summary if summary else ''}\n"
    )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _settings(args: argparse.Namespace) -> Settings:
    from slac.importers.mapfile import MapError, load_map
    from slac.importers.settings import Settings

    if args.join is not None and args.import_format != "csv":
        raise CommandError(f"--join is for the csv format, not {args.import_format}")
    if args.map is None:
        return Settings(join=args.join)
    try:
        return Settings(load_map(args.map), args.map, args.join)
    except MapError as error:
        raise CommandError(str(error)) from None


def _print(prefix: str, problems: Iterable[Problem]) -> None:
    sys.stderr.writelines(f"{prefix}{p.text()}\n" for p in problems)


def _report_problems(args: argparse.Namespace, problems: list[Problem]) -> None:
    _print("warning: " if args.skip_invalid else "", problems)
    if problems and not args.skip_invalid:
        count = len(problems)
        raise CommandError(
            f"{count:,} invalid record{'s' if count > 1 else ''}; nothing written"
            " (--skip-invalid converts the valid records)"
        )


def _write(output: str | None, spool: Spool, notes: Notes) -> None:
    if output is None:
        spool.write_to(sys.stdout, notes)
        return
    folder = os.path.dirname(os.path.abspath(output))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".slac-import-", suffix=".tmp")
    except OSError as error:
        raise CommandError(f"{output}: cannot write: {error.strerror or error}") from None
    try:
        with open(handle, "w", encoding="utf-8") as out:
            spool.write_to(out, notes)
        os.replace(temporary, output)
    except OSError as error:
        _remove(temporary)
        raise CommandError(f"{output}: cannot write: {error.strerror or error}") from None
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The `import` subcommand's arguments (called from `slac.cli.parser`)."""
    command.add_argument(
        "import_format", metavar="FORMAT", choices=tuple(MODULES), help=", ".join(MODULES)
    )
    command.add_argument("files", nargs="+", metavar="FILE", help="export files (.gz read too)")
    command.add_argument("--map", metavar="MAP", help="TOML map file (required for csv)")
    command.add_argument("-o", "--output", metavar="OUT", help="events file (default: stdout)")
    command.add_argument(
        "--join", metavar="FILE", help="csv: per-ticket attributes joined on [join] key"
    )
    command.add_argument(
        "--skip-invalid",
        action="store_true",
        help="report malformed records as warnings and convert the rest",
    )
