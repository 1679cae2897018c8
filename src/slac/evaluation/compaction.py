"""Compacting finished tickets: what a long-running `Evaluator` keeps of a ticket it is done with.

A ticket is *finished* when its status is a resolved one; once its last event is older than
the evaluator's horizon (or `Evaluator.compact(now)` is called) it is compacted: its events
and checkpoints go, and what judging it needs stays.

- Most finished tickets have every clock stopped (or never started) and no code-fix override
  in force: their results no longer depend on the instant they are judged at (at or after
  their last event) nor on releases, so they are kept as those results, packed into one
  `bytes` (`Packer`): the metric results' strings become small numbers in a per-evaluator
  table of the policy's words, the numbers a pickled tuple; about 150 bytes for a ticket of
  four metrics, against some 4 kB for a live one with its events (bench/README.md).
- The others (a clock still running or paused, or a release deciding a code-fix metric) keep
  their folded state without events, pickled (`PackedState`, the calendars it points at kept
  aside by reference), and are unpickled and judged as usual: about 1 kB against some 3 kB
  as objects.

A compacted ticket has no history left: it takes no more events (`Evaluator.feed` raises
`Compacted`, carrying the event, so it is reported rather than lost) and is judged only at
or after its last event (`Evaluator.results` raises `Compacted` for an earlier instant).
"""

from __future__ import annotations

import io
import pickle
from typing import Any

import attrs

from slac.business_time import Calendar
from slac.evaluation.fold import Clock, Ticket
from slac.evaluation.plan import Plan
from slac.evaluation.results import MetricResult, TicketResult, iso_z

_WORDS = frozenset(("metric", "state", "target", "priority"))  # the policy's strings
_IS_WORD = tuple(f.name in _WORDS for f in attrs.fields(MetricResult))
_FIELDS = len(_IS_WORD)
_WORD_AT = tuple(i for i, is_word in enumerate(_IS_WORD) if is_word)


class Compacted(ValueError):
    """The history of a compacted ticket was needed: an event for it was fed (`event`, not
    applied: the evaluator is unchanged), or results at an instant before its last event
    (`since`) were asked for. To take the event, `forget` the ticket and feed its whole
    history again (with the event) from the embedder's own store."""

    def __init__(self, ticket: str, since: int, event: object = None) -> None:
        self.ticket, self.since, self.event = ticket, since, event
        when = iso_z(since)
        if event is not None:
            text = (
                f"ticket `{ticket}` was compacted after its last event at {when}: event not applied"
            )
        else:
            text = f"ticket `{ticket}` was compacted: it is judged only at or after {when}"
        super().__init__(text)


def finished_results_fixed(plan: Plan, ticket: Ticket) -> bool:
    """Whether judging `ticket` gives the same results at every instant from its last event
    on, whatever releases come: every clock stopped or never started, and no stopped clock
    whose metric a code-fix rule could hand to the releases (`judge._judge_release`)."""
    if plan.excluded(ticket.fields) is not None:
        return True  # every metric not applicable, nothing counted
    for index, metric in enumerate(plan.metrics):
        fix = metric.code_fix
        cycles = ticket.cycles[index] if ticket.cycles is not None and metric.repeating else ()
        clock: Clock | None
        for clock in (ticket.clocks[index], *cycles):
            if clock is None:
                continue
            if clock.stopped_at is None or clock.open_cal is not None:
                return False
            ctx = clock.stop_ctx
            if fix is not None and ctx is not None and ctx[3][fix.index] is not None:
                return False
    return True


class PackedState:
    """A compacted ticket's folded state, pickled (`Packer.pack_state`)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class Packer:
    """Ticket results to and from `bytes`, the policy's strings as numbers; folded states to
    and from pickles, the calendars as numbers. The tables are one evaluator's, so what they
    hold lives as long as it does."""

    __slots__ = ("_calendars", "_numbers", "_words")

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._words: list[str] = []
        self._calendars: dict[int, tuple[int, Calendar]] = {}  # id -> (number, calendar)

    def pack_state(self, ticket: Ticket) -> PackedState:
        """`ticket` (given up: it is changed) without what only the fold reads, pickled."""
        ticket.events, ticket.armed, ticket.calendars, ticket.recorder = [], None, None, None
        buffer = io.BytesIO()
        _StatePickler(buffer, self._calendars).dump(ticket)
        return PackedState(buffer.getvalue())

    def unpack_state(self, packed: PackedState) -> Ticket:
        calendars = [calendar for _, calendar in sorted(self._calendars.values())]
        unpickler = _StateUnpickler(io.BytesIO(packed.data), calendars)
        ticket: Ticket = unpickler.load()
        return ticket

    def pack(self, result: TicketResult, created: tuple[int, int], last: int) -> bytes:
        number = self._number
        flat: list[Any] = [*created, last, number(result.priority), number(result.excluded)]
        for metric in result.metrics:
            for is_word, value in zip(_IS_WORD, attrs.astuple(metric, recurse=False), strict=True):
                flat.append(number(value) if is_word else value)
        return pickle.dumps(tuple(flat), protocol=2)

    def unpack(self, ticket: str, packed: bytes) -> tuple[tuple[int, int], int, TicketResult]:
        """(created key, last event's instant, the results) of a packed ticket."""
        flat = pickle.loads(packed)  # bytes this evaluator made
        word = self._word
        metrics = []
        for start in range(5, len(flat), _FIELDS):
            values = list(flat[start : start + _FIELDS])
            for at in _WORD_AT:
                values[at] = word(values[at])
            metrics.append(MetricResult(*values))
        result = TicketResult(ticket, word(flat[3]), word(flat[4]), tuple(metrics))
        return (flat[0], flat[1]), flat[2], result

    def _number(self, word: str | None) -> int | None:
        if word is None:
            return None
        number = self._numbers.get(word)
        if number is None:
            number = self._numbers[word] = len(self._words)
            self._words.append(word)
        return number

    def _word(self, number: int | None) -> Any:
        return None if number is None else self._words[number]


class _StatePickler(pickle.Pickler):
    """A pickler that writes a calendar as its number in `calendars` (adding it when new)."""

    def __init__(self, file: io.BytesIO, calendars: dict[int, tuple[int, Calendar]]) -> None:
        super().__init__(file, protocol=2)
        self._calendars = calendars

    def persistent_id(self, obj: object) -> int | None:
        if not isinstance(obj, Calendar):
            return None
        known = self._calendars.get(id(obj))
        if known is None:
            known = self._calendars[id(obj)] = (len(self._calendars), obj)
        return known[0]


class _StateUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, calendars: list[Calendar]) -> None:
        super().__init__(file)
        self._calendars = calendars

    def persistent_load(self, pid: Any) -> Calendar:
        calendar: Calendar = self._calendars[pid]
        return calendar
