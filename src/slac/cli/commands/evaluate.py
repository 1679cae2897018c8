"""`slac evaluate POLICY EVENTS [--at T] [--format json|table|csv] [--skip-invalid] [--jobs N]` (docs/formats.md#slac-evaluate---format-json).

Stages: `--at` (a usage error before any file is read), the policy, the events read and
checked ticket by ticket (`read_batch`, `slac.evaluation.batch`: every problem reported before
anything is evaluated), evaluate, print. JSON is one compact document on one line, byte for
byte `json.dumps(evaluation.to_dict())` (`slac.cli.json_output`): a machine format, and the
cheapest to write for a million events; pipe it through `jq` or `python -m json.tool` to read
it. JSON and CSV (`slac.cli.csv_output`) are written ticket by ticket, each as it is judged
(`--jobs`: by several processes, `slac.cli.commands._jobs`).

The table has a title line (policy, instant, time zone) and one row per ticket metric: elapsed
and target as `h:mm` (a release target as `next planned`), and in `when` the due instant
(running), the breach instant (breached) or the stop instant (met) in the policy's time zone as
`YYYY-MM-DD HH:MM`. Excluded tickets are listed under the table with their reasons.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

import attrs

from slac.cli.commands._common import (
    CommandError,
    input_label,
    load_policy,
    parse_at,
    read_lines,
    report_event_problems,
    spooled,
)
from slac.cli.json_output import JsonText, TicketText, write_tickets
from slac.cli.tables import Column, format_columns, hours
from slac.evaluation.results import Evaluation, JsonKeys, MetricResult, TicketResult
from slac.text import printable

if TYPE_CHECKING:
    from slac.cli.commands._jobs import Index
    from slac.evaluation.batch import Batch
    from slac.inputs.events import Event
    from slac.inputs.measures import Measures
    from slac.inputs.reader import EventReader, RawProblems
    from slac.ir import Policy


def run(args: argparse.Namespace) -> int:
    """The subcommand; a CommandError becomes a message and exit 2 in `slac.cli`."""
    at = parse_at(args.at)
    from slac.desk import is_desk

    if is_desk(args.policy):  # several policies: routed, merged (docs/desk.md)
        from slac.cli.commands.runs import evaluate_run

        run_ = evaluate_run(args, at)
        if args.format == "table":
            sys.stdout.write(format_evaluation(run_.evaluation, run_.timezone, desk=True))
        else:  # as one policy's, with the keys a desk adds to each ticket
            from slac.desk.run import DeskTicketResult

            desk_text = _ticket_text(args.format, DeskTicketResult.JSON)
            sys.stdout.write(desk_text.head(run_.evaluation.policy, run_.evaluation.at))
            write_tickets(desk_text, run_.evaluation.tickets, sys.stdout)
            sys.stdout.write(desk_text.tail)
        return 0
    policy = load_policy(args.policy)
    if args.format == "table":  # its columns fit every row: written once every ticket is judged
        evaluation = _evaluated(read_batch(args, policy, at))
        sys.stdout.write(format_evaluation(evaluation, policy.timezone))
        return 0
    text = _ticket_text(args.format)
    if not _write_read_shares(args, policy, at, text, sys.stdout):
        write_batch(read_batch(args, policy, at), text, sys.stdout)
    return 0


def _ticket_text(format: str, ticket_keys: JsonKeys = TicketResult.JSON) -> TicketText:
    """How `--format` json or csv writes a ticket (`ticket_keys`: a desk's add two)."""
    if format == "csv":
        from slac.cli.csv_output import CsvText

        return CsvText(ticket_keys)
    return JsonText(ticket_keys)


def write_batch(batch: Batch, text: TicketText, out: TextIO) -> None:
    """The evaluation of `batch` in `text`'s format, each ticket written as it is judged, so a
    million events never hold every ticket's result, nor the whole text, at once."""
    try:
        out.write(text.head(batch.plan.name, batch.at))
        write_tickets(text, batch.results(), out)
    except ValueError as error:
        raise CommandError(f"cannot evaluate: {error}") from None
    out.write(text.tail)


def _write_read_shares(
    args: argparse.Namespace, policy: Policy, at: int, text: TicketText, out: TextIO
) -> bool:
    """`--format json` or `csv` by several processes that each read the events and keep
    their own tickets (`slac.cli.commands._jobs.write_read_shares`); False when one process is
    to read `args.events` (few bytes, `--jobs 1`, not a file, no process to be had): nothing
    read. Standard input and a named pipe are copied to a temporary file first (`spooled`)."""
    asked: int | None = getattr(args, "jobs", None)
    path = args.events
    if asked == 1:
        return False
    sharing = _Sharing(args, policy, at, text, out)
    if path == "-":
        if getattr(sys.stdin, "buffer", None) is None:
            return False  # closed, or a text stream put in its place (an embedder's): as it is
        return sharing.from_copy(path, asked)
    try:
        status = os.stat(path)
    except (OSError, ValueError):  # the reader words it
        return False
    if stat.S_ISFIFO(status.st_mode):
        return sharing.from_copy(path, asked)
    if not stat.S_ISREG(status.st_mode):
        return False
    count = _count(asked, status.st_size)
    return count > 1 and sharing.by(count, path)


def _count(asked: int | None, size: int) -> int:
    """How many processes share `size` bytes of events: `--jobs`, else what pays off."""
    from slac.cli.commands._jobs import default_jobs

    return default_jobs(size // BYTES_AN_EVENT) if asked is None else asked


@attrs.frozen
class _Sharing:
    """One `slac evaluate` run whose tickets `--jobs` processes share."""

    args: argparse.Namespace
    policy: Policy
    at: int
    text: TicketText
    out: TextIO

    def by(self, count: int, path: str) -> bool:
        """`write_read_shares` of `path` (events named as `args.events`) by `count` processes,
        then the text's tail; False when a process cannot be had (nothing read then)."""
        from slac.cli.commands._jobs import write_read_shares

        try:
            if not write_read_shares(count, _Shares(self, count, path), self.out):
                return False
        except ValueError as error:
            raise CommandError(f"cannot evaluate: {error}") from None
        self.out.write(self.text.tail)
        return True

    def from_copy(self, path: str, asked: int | None) -> bool:
        """`by` of a copy of standard input or a pipe: decided by the copy's size as a file
        is by its own, and read from the copy whatever is decided (the source is used up),
        so True."""
        with spooled(path) as copy:
            count = _count(asked, os.stat(copy).st_size)
            # One process reads the copy when a second does not pay, or cannot be had.
            if count < 2 or not self.by(count, copy):
                self.by(1, copy)
        return True


BYTES_AN_EVENT = 100
"""About the bytes of an event line, rounded down (107 in bench/gen_events.py's load, 113 in
its dense one): `--jobs`' default is decided from the file's size, before it is read, so a
file of 5 MB counts as `FORK_FROM_EVENTS` (bench/evaluate.md#forking-before-reading)."""


class _Shares:
    """`slac.cli.commands._jobs.Reading` for `slac evaluate`: in each process, its share of the
    file read and checked (`read_batch` with an `EventReader` `share`), its tickets written as
    records (each ticket's text) with their `(at, line)` in output order."""

    def __init__(self, sharing: _Sharing, count: int, path: str) -> None:
        self._args, self._policy, self._at = sharing.args, sharing.policy, sharing.at
        self._text, self._out, self._count = sharing.text, sharing.out, count
        self._path = path  # `args.events`, or a copy of it (`spooled`)
        self.separator = sharing.text.separator
        self._reader: EventReader | None = None
        self._batch: Batch | None = None

    def read(self, share: int) -> RawProblems:
        from slac.evaluation.batch import Batch
        from slac.inputs.reader import EventReader

        args = self._args
        label = input_label(args.events)
        reader = EventReader(self._policy, label, share=(share, self._count))
        events = reader.read(read_lines(self._path, label))
        self._batch = Batch(self._policy, events, self._at, reader.check_ticket_order)
        self._reader = reader
        return reader.raw_problems()

    def settle(self, others: list[RawProblems]) -> None:
        assert self._reader is not None and self._batch is not None
        report_event_problems(self._args, self._reader.problems(others))
        self._reader = None
        self._out.write(self._text.head(self._batch.plan.name, self._at))

    def write(self, share: int, file: IO[bytes]) -> tuple[Index, str | None]:
        batch = self._batch
        assert batch is not None
        self._batch = None
        keys, index, ticket, write = batch.keys(), [], self._text.ticket, file.write
        results = batch.results()
        try:
            for at, line in keys:
                record = ticket(next(results)).encode("utf-8")
                write(record)
                index.append((at, line, len(record), share))
        except ValueError as error:  # where one process would stop too
            at, line = keys[len(index)]
            index.append((at, line, -1, share))
            return index, str(error)
        return index, None


def evaluate_file(args: argparse.Namespace, policy: Policy, at: int) -> Evaluation:
    """`read_batch`, then every ticket's result at `at` (`slac due`, the table and csv)."""
    return _evaluated(read_batch(args, policy, at))


def read_batch(args: argparse.Namespace, policy: Policy, at: int) -> Batch:
    """Read and check `args.events` for evaluating at `at`, by ticket (`slac.evaluation.batch`).

    Every problem, the ticket-order ones included, is reported (`load_events`) before anything
    is evaluated or written: with a problem and no `--skip-invalid`, exit 2 and no output.
    """
    from slac.evaluation.batch import Batch
    from slac.inputs.reader import EventReader

    reader = EventReader(policy, input_label(args.events))
    events = reader.read(read_lines(args.events))
    # A ticket that breaks the ticket-order rules gets the reader's own check: its problems
    # worded as `read_events` words them, the events that fit kept.
    batch = Batch(policy, events, at, reader.check_ticket_order)
    del events  # the batch holds them by ticket, and lets each go once it is judged
    report_event_problems(args, reader.problems())
    return batch


def _evaluated(batch: Batch) -> Evaluation:
    try:  # `at` is within the calendars' years: `parse_at` refused any other before reading
        return batch.evaluation()
    except ValueError as error:  # a policy the checker let through
        raise CommandError(f"cannot evaluate: {error}") from None


def load_events(args: argparse.Namespace, policy: Policy) -> list[Event]:
    """Read and validate `args.events` (`-` for stdin): the good events in applied order.

    Every bad line goes to stderr as `EVENTS:LINE: reason` (prefixed `warning: ` with
    `args.skip_invalid`; a JSON list with `--problems-format json`). Without `--skip-invalid`
    any bad line raises CommandError (exit 2, nothing on stdout).
    """
    from slac.inputs.reader import read_events

    events, problems = read_events(read_lines(args.events), policy, input_label(args.events))
    report_event_problems(args, problems)
    return events


def load_events_and_measures(
    args: argparse.Namespace, policy: Policy
) -> tuple[list[Event], Measures]:
    """`load_events`, with the calls and worklogs of the file (`slac report`, `slac budget`)."""
    from slac.inputs.reader import EventReader

    reader = EventReader(policy, input_label(args.events))
    events, problems = reader.finish(reader.read(read_lines(args.events)))
    report_event_problems(args, problems)
    return events, reader.measures()


_Line = tuple[TicketResult, MetricResult]  # a table row: one metric (cycle) of one ticket


def format_evaluation(evaluation: Evaluation, zone_name: str, desk: bool = False) -> str:
    """The table for people: a title line with the instant, then one row per ticket metric
    (after the ticket, the policy each is under when `desk`, docs/desk.md)."""
    zone = ZoneInfo(zone_name)

    def local(t: int | None) -> str | None:
        if t is None:
            return None
        return datetime.fromtimestamp(t, UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")

    columns: tuple[Column[_Line], ...] = (
        Column("ticket", lambda line: line[0].ticket),
        *((Column("policy", lambda line: getattr(line[0], "policy", None)),) if desk else ()),
        Column("prio", lambda line: line[0].priority),
        Column("metric", lambda line: line[1].metric),
        Column("#", lambda line: line[1].cycle, right=True),
        Column("state", lambda line: line[1].state),
        Column("elapsed", lambda line: hours(line[1].elapsed_seconds), right=True),
        Column("target", lambda line: _target(line[1]), right=True),
        Column("when", lambda line: local(_when(line[1]))),
    )
    title = f"{evaluation.policy} at {local(evaluation.at)} ({zone_name}); instants below in {zone_name}\n"
    included = [t for t in evaluation.tickets if t.excluded is None]
    rows = [(ticket, m) for ticket in included for m in ticket.metrics]
    text = title + (format_columns(columns, rows) if rows else "no tickets under the agreement\n")
    excluded = [
        f"  {printable(t.ticket)}: {printable(t.excluded)}\n"  # the reason is escaped as ids are
        for t in evaluation.tickets
        if t.excluded is not None
    ]
    if excluded:
        # Reasons are long: listed under the table so its columns stay within 100.
        text += f"\nexcluded ({len(excluded)}), every metric not applicable:\n" + "".join(excluded)
    return text


def _target(m: MetricResult) -> str | None:
    if m.target_seconds is not None:
        return hours(m.target_seconds)
    # "next relevant release" -> "next relevant": the column stays narrow enough for 100 columns
    return m.target.removesuffix(" release") if m.target else None


def _when(m: MetricResult) -> int | None:
    """Due (running), breached (breached), stopped (met or not applicable)."""
    if m.state == "running":
        return m.due
    if m.state == "breached":
        return m.breached_at
    return m.stopped_at
