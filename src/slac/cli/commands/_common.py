"""What the subcommands share: loading a policy for a run, the `--at` instant, input files.

Every failure here becomes a message on standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, BinaryIO, TextIO, TypeVar

import attrs

from slac.diagnostics import Diagnostic
from slac.text import shown_path

if TYPE_CHECKING:
    from slac.desk import Desk, DeskError
    from slac.ir import Policy

USAGE_EXIT = 2


class CommandError(Exception):
    """A user-facing failure: print `message` to stderr and exit 2 (an empty message prints
    nothing: the failure was already reported, as JSON problems are)."""


def load_policy(path: str) -> Policy:
    """Parse, check and compile POLICY, or take it from the cache (`slac.loader.load_cached`);
    diagnostics go to stderr and raise CommandError."""
    from slac.loader import load_cached

    return load_or_fail(path, "policy", load_cached)


def load_desk(path: str) -> Desk:
    """A desk file and its policies (docs/desk.md), as `load_policy` loads a policy: each
    policy through the cache."""
    from slac.desk import DeskError
    from slac.desk import load_desk as load

    return load_or_fail(path, "desk", lambda desk: load(desk, cached=True), DeskError)


Loaded = TypeVar("Loaded")


def load_or_fail(
    path: str,
    what: str,
    load: Callable[[str], Loaded],
    failure: type[DeskError] | None = None,
) -> Loaded:
    """`load(path)`; its diagnostics (a PolicyError, or `failure`) rendered on stderr and an
    unreadable file become CommandError. `failure` is named by the caller so that loading a
    policy does not import the desk package."""
    from slac.loader import PolicyError

    failures: tuple[type[PolicyError | DeskError], ...] = (
        (PolicyError,) if failure is None else (PolicyError, failure)
    )
    try:
        return load(path)
    except OSError as error:
        raise CommandError(
            f"{shown_path(path)}: cannot read {what}: {error.strerror or error}"
        ) from None
    except failures as error:
        from slac.render import render_diagnostics

        sys.stderr.write(
            render_diagnostics(error.diagnostics, error.sources, terminal=sys.stderr.isatty())
        )
        shown = shown_path(path)
        raise CommandError(f"{shown}: the {what} has errors; run `slac check {shown}`") from None


@contextlib.contextmanager
def without_cycle_collector() -> Iterator[None]:
    """The cyclic garbage collector paused: a run's imports, syntax trees and events are tens
    of thousands to millions of long-lived acyclic objects, which it would rescan again and
    again for nothing. Reference counting still frees everything. Every command but the
    language server runs so (`slac.cli`): at 10^6 events, `slac report` 10.5 -> 8.3 s,
    `slac due` 7.4 -> 6.6 s; `slac check` is nearly all start-up, whose imports it rescanned."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_at(text: str | None) -> int:
    """`--at` as epoch seconds; the current time when omitted (the CLI is the only clock reader).

    Checked whole before any file is read: an instant outside the years the calendars cover is a
    usage error here, in the event reader's words, not a failure after the events are read.
    """
    from slac.inputs.instants import parse_instant
    from slac.inputs.problems import outside_years
    from slac.vocabulary import END_INSTANT, FIRST_INSTANT, INSTANT_RANGE_TEXT

    if text is None:
        return int(datetime.now(UTC).timestamp())
    try:
        at = parse_instant(text, "--at")
        if not FIRST_INSTANT <= at < END_INSTANT:
            raise outside_years("--at", text, "slac's calendars cover", INSTANT_RANGE_TEXT)
    except ValueError as error:
        raise CommandError(str(error)) from None
    return at


def read_lines(path: str, label: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, text) of a JSON Lines file, or of standard input for `-`; messages name
    it `label` (`input_label(path)` when None: a copy made by `spooled` is named as its source).

    Both are read the same way: strict UTF-8 (a bad byte is an error, not a `\\udcXX` that
    would slip into a ticket id through the locale's stdin decoding), a leading byte-order mark
    skipped (RFC 8259 lets a reader ignore it; Windows tools write one).
    """
    label = input_label(path) if label is None else label
    stream: TextIO
    if path == "-":
        if sys.stdin is None:  # started with descriptor 0 closed (`<&-`)
            raise CommandError(f"{label}: cannot read: standard input is closed")
        buffer = getattr(sys.stdin, "buffer", None)
        stream = sys.stdin if buffer is None else io.TextIOWrapper(buffer, encoding="utf-8-sig")
    else:
        try:
            stream = open(path, encoding="utf-8-sig")  # noqa: SIM115  (closed in `finally` below)
        except OSError as error:
            raise CommandError(f"{label}: cannot read: {error.strerror or error}") from None
    try:
        yield from enumerate(stream, start=1)
    except UnicodeDecodeError as error:
        raise CommandError(f"{label}: not UTF-8 text ({error.reason})") from None
    except OSError as error:  # a descriptor that fails mid-read (EIO, a folder as stdin)
        raise CommandError(f"{label}: cannot read: {error.strerror or error}") from None
    finally:
        if isinstance(stream, io.TextIOWrapper) and path == "-":
            stream.detach()  # leave the process's stdin open
        elif stream is not sys.stdin:
            stream.close()


@contextlib.contextmanager
def spooled(path: str) -> Iterator[str]:
    """Standard input (`-`) or a named pipe copied, bytes as they come, into a temporary file
    that several readers can each read whole (`slac evaluate --jobs`); the copy's path, for
    `read_lines(copy, input_label(path))`. The copy is removed on leaving. A source that
    cannot be read is worded as `read_lines` words it."""
    label = input_label(path)
    source: BinaryIO
    if path == "-":
        if sys.stdin is None:  # started with descriptor 0 closed (`<&-`)
            raise CommandError(f"{label}: cannot read: standard input is closed")
        source = sys.stdin.buffer
    else:
        try:
            source = open(path, "rb")  # noqa: SIM115  (closed in `finally` below)
        except OSError as error:
            raise CommandError(f"{label}: cannot read: {error.strerror or error}") from None
    try:
        copy = _copied(source, label)
    finally:
        if path != "-":
            source.close()
    with copy:
        yield copy.name


def _copied(source: BinaryIO, label: str) -> IO[bytes]:
    """A temporary file (removed when closed) holding what is left of `source`."""
    try:
        copy = tempfile.NamedTemporaryFile(prefix="slac-events-", suffix=".jsonl")  # noqa: SIM115
        try:
            while chunk := _read_chunk(source, label):
                copy.write(chunk)
            copy.flush()
        except BaseException:
            copy.close()
            raise
    except OSError as error:  # no temporary file to be had, or a full disk
        raise CommandError(
            f"{label}: cannot copy it to a temporary file for --jobs: {error.strerror or error}"
            " (set TMPDIR to a folder with room, or --jobs 1 to read it without a copy)"
        ) from None
    return copy


def _read_chunk(source: BinaryIO, label: str) -> bytes:
    try:
        return source.read(1 << 20)
    except OSError as error:  # a descriptor that fails mid-read (EIO, a folder as stdin)
        raise CommandError(f"{label}: cannot read: {error.strerror or error}") from None


def input_label(path: str) -> str:
    """How messages name an input file: `<stdin>` for `-`, else as `shown_path` shows it."""
    return "<stdin>" if path == "-" else shown_path(path)


def report_input_problems(
    problems: Sequence[Diagnostic], args: argparse.Namespace, what: str, consequence: str
) -> None:
    """Print the invalid lines of an input file, and its warnings, to stderr; CommandError (exit
    2) for an invalid line unless `--skip-invalid`, which makes each a warning and lets the run
    go on.

    `--problems-format text` (the default) prints the `FILE:LINE: reason` lines of docs/formats.md#problems-in-input-files and a
    count (`3 invalid event lines; nothing evaluated`); `json` prints only the list
    `slac check --format json` prints, so stderr is one JSON document a tool can read.
    """
    if not problems:
        return
    from slac.render import render_data_lines, render_json

    # Warnings (W740, an undeclared field key) are printed and never stop the run.
    errors = [p for p in problems if p.severity == "error"]
    skip = getattr(args, "skip_invalid", False)
    if skip:
        problems = [attrs.evolve(p, severity="warning") for p in problems]
    as_json = getattr(args, "problems_format", "text") == "json"
    sys.stderr.write(render_json(problems) if as_json else render_data_lines(problems))
    if errors and not skip:
        problems = errors
        count = len(problems)
        plural = "s" if count > 1 else ""
        label = problems[0].path
        raise CommandError("" if as_json else f"{label}: {count} {what}{plural}; {consequence}")


def report_event_problems(args: argparse.Namespace, problems: Sequence[Diagnostic]) -> None:
    """`report_input_problems` of an events file: the run stops with nothing evaluated, and
    the message points at `--skip-invalid` where the command has it (`slac trace` has not)."""
    hint = " (--skip-invalid evaluates the valid lines)" if hasattr(args, "skip_invalid") else ""
    report_input_problems(problems, args, "invalid event line", f"nothing evaluated{hint}")


def write_output(path: str | None, text: str) -> None:
    """`text` to standard output, or to the file `path` (`-`: standard output), written only
    once the whole output exists so a failed run leaves no half-written file."""
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as error:
        raise CommandError(f"{path}: cannot write: {error.strerror or error}") from None


def fail(error: CommandError) -> int:
    if str(error):
        sys.stderr.write(f"slac: {error}\n")
    return USAGE_EXIT
