"""Reading an events file (docs/formats.md#ticket-events): JSON Lines in, every good `Event` and
every problem out.

`read_events` reports every bad line as a `slac.diagnostics.Diagnostic` (code E7xx, see
`slac.inputs.problems`) and returns the good events sorted stably by `at` (file order for ties):
that is the order the evaluator applies. `EventReader` is the same in halves, for a caller that
uses the events as they are read (`slac evaluate` groups them by ticket, `slac.evaluation.batch`)
or reads only its share of the tickets (`--jobs`, `owner`). One event on its own is checked by
`slac.inputs.events`, whose decisions (docs/semantics.md#input) this reader follows line by line.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from itertools import islice
from operator import attrgetter, itemgetter

from slac import ir
from slac.diagnostics import Diagnostic
from slac.inputs.events import (
    Event,
    Interned,
    _event,
    _NotATicketEvent,
    _vocabulary,
)
from slac.inputs.measures import (
    MEASURE_KINDS,
    Call,
    Measures,
    Worklog,
    measure_from_dict,
    measures_of,
)
from slac.inputs.order import no_priority, order_error
from slac.inputs.problems import (
    RAW_DECODE,
    InputError,
    decode_line,
    line_diagnostic,
    unknown_field_key,
)
from slac.lower import PriorityDeriver, initial_fields
from slac.source import Span

__all__ = ["REFERENCE_LINES", "EventReader", "RawProblems", "owner", "read_events"]

REFERENCE_LINES = 256
"""`EventReader.read` takes this many lines through the reference path before the fast one."""


def read_events(
    lines: Iterable[tuple[int, str]], policy: ir.Policy, path: str = ""
) -> tuple[list[Event], list[Diagnostic]]:
    """Validate JSON Lines `(line number, text)`; the good events in applied order, every problem.

    Blank lines are skipped. Problems come sorted by line; `path` names the file in them.
    """
    reader = EventReader(policy, path)
    return reader.finish(reader.read(lines))


class EventReader:
    """`read_events` in two halves, for a caller that uses each event as it is read.

    `read(lines)` returns the valid events in file order and collects the lines' problems;
    `finish(events)` puts those events in applied order and drops (and reports) the ones that
    do not fit their ticket's history. `slac evaluate` skips `finish`: it groups the events by
    ticket and checks each ticket's history on its own (`slac.evaluation.batch`), handing a
    ticket that breaks a rule to `check_ticket_order` for the same problems.
    """

    def __init__(
        self,
        policy: ir.Policy,
        path: str = "",
        also_declared: frozenset[str] = frozenset(),
        *,
        fast: bool = True,
        share: tuple[int, int] | None = None,
    ) -> None:
        """`also_declared`: field keys someone else reads (a desk routes on them), so they
        draw no W740 although the policy does not declare them. `fast=False` reads every line
        with the reference path alone (the tests compare the two). `share=(k, n)`: this
        reader is process `k` of `n` reading the same file (`slac evaluate --jobs`), and takes
        only the lines `owner` gives it (every release is kept, its problems are process 0's)."""
        self._share = share
        self._policy = policy
        self._path = path
        self._also_declared = also_declared
        self._fast = fast
        self._vocab = _vocabulary(policy)
        self._interned: Interned = {}
        self._problems: list[Diagnostic] = []
        self._bad_created: dict[str, int] = {}  # ticket -> line of a `created` rejected on its own
        self._measured: list[Call | Worklog] = []  # calls and worklogs, set aside in file order
        self._unknown: dict[str, int] = {}  # undeclared field key -> the first line it is on

    def read(self, lines: Iterable[tuple[int, str]]) -> list[Event]:
        """The valid events of `lines`, in file order; each bad line becomes a problem.

        The first `REFERENCE_LINES` lines take the reference path; the rest, if any, the fast
        path (`slac.inputs.fast_events`), which hands back to the reference every line it
        cannot take cleanly. A small file never imports msgspec (a few ms of start-up)."""
        events: list[Event] = []
        line = self._line
        lines = iter(lines)
        for number, text in islice(lines, REFERENCE_LINES if self._fast else None):
            line(number, text, events)
        if self._fast:
            from slac.inputs.fast_events import read_fast

            fields = self._vocab.fields.values()
            read_fast(
                lines, fields, self._vocab.priorities, self._interned, line, events, self._share
            )
        return events

    def _line(self, number: int, text: str, events: list[Event]) -> None:
        """The reference path for one line: its event appended to `events`, or its problem noted."""
        if not text or text.isspace():
            return
        d: object = None
        try:
            try:  # `decode_line` inlined for the common case: a call per line is 5%
                d, end = RAW_DECODE(text)
                if end != len(text) and not text[end:].isspace():
                    d = decode_line(text)
            except (ValueError, RecursionError):
                d = decode_line(text)
            if self._share is not None and not self._keeps(d):
                return
            try:
                events.append(_event(d, number, self._vocab, self._interned, self._unknown))
            except _NotATicketEvent as aside:
                assert isinstance(d, dict)  # `_event` reads the kind of an object only
                self._measured.append(measure_from_dict(d, aside.at, number, self._policy))
        except InputError as error:
            if self._share is not None and not self._reports(d):
                return
            self._problems.append(line_diagnostic(error, self._path, number, text))
            if isinstance(d, dict) and d.get("event") == "created":
                ticket = d.get("ticket")
                if isinstance(ticket, str):
                    self._bad_created.setdefault(ticket, number)

    def _keeps(self, d: object) -> bool:
        """Whether this share validates and keeps the line decoded as `d`."""
        assert self._share is not None
        k, n = self._share
        kind, ticket = (d.get("event"), d.get("ticket")) if isinstance(d, dict) else (None, None)
        mine = owner(kind, ticket, n)
        return mine is None or mine == k

    def _reports(self, d: object) -> bool:
        """Whether this share reports the problem of the line decoded as `d` (None: not JSON)."""
        assert self._share is not None
        k, n = self._share
        kind, ticket = (d.get("event"), d.get("ticket")) if isinstance(d, dict) else (None, None)
        return (owner(kind, ticket, n) or 0) == k

    def measures(self) -> Measures:
        """The calls and worklogs read so far, each in applied order."""
        return measures_of(self._measured)

    def finish(self, events: list[Event]) -> tuple[list[Event], list[Diagnostic]]:
        """`read`'s events (all of them, in file order) in applied order; every problem, by line."""
        events.sort(key=attrgetter("at"))  # stable: ties keep file order
        events = self.check_ticket_order(events)
        return events, self.problems()

    def problems(self, others: Iterable[RawProblems] = ()) -> list[Diagnostic]:
        """The problems found so far, by line, with a W740 warning for each undeclared field key
        (one per key, on its first line), and the ticket-order problems `finish` or
        `check_ticket_order` found; with the `raw_problems` of `others` (the other shares of
        the file, `share`) merged in, as one reader of the whole file words them."""
        found = list(self._problems)
        # Each key at its first line in any share, and W740s on one line in the order of the
        # keys on it (their place in the table of the share that read the line): equal sort
        # keys, so the stable sort below keeps them as one reader's table has them.
        first: dict[str, tuple[int, int]] = {}
        for table in (self._unknown, *(keys for _, keys in others)):
            for place, (name, line) in enumerate(table.items()):
                if (line, place) < first.get(name, (line + 1, 0)):
                    first[name] = (line, place)
        for problems, _ in others:
            found += problems
        found += [
            unknown_field_key(name, self._vocab.fields, self._path, line)
            for name, (line, _) in sorted(first.items(), key=itemgetter(1))
            if name not in self._also_declared
        ]
        return sorted(found, key=Diagnostic.sort_key)

    def raw_problems(self) -> RawProblems:
        """This reader's problems and its undeclared field keys (key -> first line), unworded:
        what another reader's `problems` merges (`slac evaluate --jobs`)."""
        return list(self._problems), dict(self._unknown)

    def check_ticket_order(self, events: list[Event]) -> list[Event]:
        """`events` (in applied order) less those that do not fit their ticket's history; each
        dropped one becomes a problem (`slac.inputs.order`'s codes and words)."""
        derive = PriorityDeriver(self._policy.priorities)
        defaults = initial_fields(self._policy)
        rejected = self._bad_created
        created: dict[str, int] = {}  # ticket -> line of its accepted created
        kept = []
        for e in events:
            ticket = e.ticket
            error = order_error(
                e.kind, ticket, created.get(ticket or ""), rejected.get(ticket or "")
            )
            if error is None and e.kind == "created" and ticket is not None:
                if e.priority is None and derive({**defaults, **dict(e.fields)}) is None:
                    rejected[ticket] = e.line
                    error = no_priority(ticket)
                else:
                    created[ticket] = e.line
            if error is not None:
                self._problems.append(_whole_line(error, self._path, e.line))
                continue
            kept.append(e)
        return kept


RawProblems = tuple[list[Diagnostic], dict[str, int]]
"""`EventReader.raw_problems`: the line and ticket-order problems, the undeclared keys' first lines."""


def owner(kind: object, ticket: object, count: int) -> int | None:
    """Which of `count` readers of one file (`EventReader`'s `share`) takes a line whose `event`
    and `ticket` keys hold `kind` and `ticket`: a ticket event naming a string ticket goes by a
    stable hash of the ticket (the CRC-32 of its UTF-8, the same in every process), a release
    to every reader (None: each needs every release, process 0 reports its problems), any other
    line (a call, a worklog, no string ticket) to reader 0."""
    if kind == "release":
        return None
    if ticket.__class__ is not str or kind in MEASURE_KINDS:  # a tuple: `kind` may be a list
        return 0
    return zlib.crc32(ticket.encode("utf-8", "surrogatepass")) % count


def _whole_line(error: InputError, path: str, line: int) -> Diagnostic:
    """A problem found after the line's text is gone: the whole line is its span."""
    return Diagnostic(error.code, error.message, Span(line, 1, line + 1, 1), path=path)
