"""The evaluator: ticket events in, the SLA state of every ticket's metrics at an instant out.

`evaluate(policy, events, at=...)` is `Evaluator(policy)`, `feed` of every event in applied
order, then `results(at)`. The evaluator reads no clock and does no I/O.

Incremental use: `feed` folds one event into its ticket's state (see `slac.evaluation.fold`);
`results(at)` judges every ticket at `at` without changing that state, closing only the open
stretch from each ticket's last event to `at`. An event older than its ticket's last event
re-folds that ticket, when next judged, from its last checkpoint before the event
(`slac.evaluation.history`); a release may arrive in any order (releases are only consulted
when judging). Events fed with equal `at` apply in feed order, like a file. With a horizon,
resolved tickets quiet for that long are compacted (`slac.evaluation.compaction`; `compact`,
`forget`; docs/semantics.md#the-incremental-evaluator).

Readings decided here (docs/semantics.md#clocks; tested in tests/test_evaluate_rules.py):
- A new ticket has no status until a `status` event: not paused, not resolved. A reopen is a
  status change from a resolved status to any other.
- Elapsed time is a sum over the stretches between events of `calendar.elapsed` in the calendar
  in force for that stretch (per priority, per field value, or wall-clock where the current
  priority's target is wall-clock); no minute stepping.
- A stopped metric is judged with the priority, fields and code-fix state at its stop; a live
  one with those at `at`. Re-prioritisation: with final target T in force since c (the last
  priority change, else creation), a count past T at x is `breached_at = max(x, c)`.
  `breached_at` is the start of the first open second beyond the target (`breach_instant`);
  `due` is `calendar.add(at, T - elapsed)` (it lands on a closing time), null past 2199.
- A non-repeating metric whose start and stop triggers match one event starts and stops on it
  (met in 0 s). A repeating metric stops its cycle before starting one; `start_after` counts
  from the event after it.
- Derivation that yields no priority on a later fields change keeps the previous priority.
- No calendar for a ticket (an unset field with no default and no default calendar): the clock
  counts wall-clock time, so a misrouted ticket is never free time.
- Code fix: the first matching release at or after the instant the condition last became true
  and at or before the stop (or `at`) decides: met with `stopped_at` = its `at` (elapsed up to
  then) when it fixes the ticket, breached at its `at` otherwise; a stop before it is met by
  resolution; before it the metric is running/paused with `due` and `target_seconds` null.
- Excluded tickets: every metric once (cycle 1), `not_applicable`, elapsed 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from heapq import heappop, heappush
from math import floor
from operator import attrgetter, itemgetter
from typing import Any

from slac import ir
from slac.evaluation.batch import evaluate
from slac.evaluation.compaction import Compacted, PackedState, Packer, finished_results_fixed
from slac.evaluation.fold import Ticket, apply
from slac.evaluation.history import Histories
from slac.evaluation.judge import judge_ticket
from slac.evaluation.plan import Plan
from slac.evaluation.recorder import Recorder
from slac.evaluation.releases import Releases
from slac.evaluation.results import Evaluation, TicketResult, iso_z
from slac.evaluation.thresholds import Crossing, Crossings
from slac.inputs.events import Event, event_from_dict
from slac.inputs.instants import parse_instant
from slac.inputs.measures import MEASURE_KINDS
from slac.inputs.order import no_priority, order_error
from slac.vocabulary import END_INSTANT, FIRST_INSTANT, INSTANT_RANGE_TEXT

__all__ = ["Compacted", "Evaluator", "evaluate", "instant"]


def instant(at: datetime | str | int) -> int:
    """`at` as epoch seconds: an aware datetime, an ISO 8601 string with an offset, or an int
    (within the years the calendars cover, `slac.vocabulary.INSTANT_RANGE_TEXT`)."""
    if isinstance(at, bool):
        raise ValueError(f"`at` is not an instant: {at!r}")
    if isinstance(at, int):
        t = at
    elif isinstance(at, datetime):
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"`at` is a naive datetime ({at.isoformat()}): give it a time zone")
        t = floor(at.timestamp())
    elif isinstance(at, str):
        t = parse_instant(at)
    else:
        raise ValueError(f"`at` is not an instant: {at!r}")
    if not FIRST_INSTANT <= t < END_INSTANT:
        shown = at if isinstance(at, str) else _iso_or_repr(t)
        raise ValueError(
            f"`at` is outside the years slac's calendars cover ({INSTANT_RANGE_TEXT}): `{shown}`"
        )
    return t


def _iso_or_repr(t: int) -> str:
    try:
        return iso_z(t) or repr(t)
    except (OverflowError, OSError, ValueError):
        return repr(t)


class Evaluator:
    """Incremental evaluation of one policy: `feed(event)` any number of times, `results(at)`.

    Late events, checkpoints and compaction: `slac.evaluation.history` and
    `slac.evaluation.compaction` (docs/semantics.md#the-incremental-evaluator)."""

    def __init__(
        self,
        policy: ir.Policy,
        *,
        recorders: Mapping[str, Recorder] | None = None,
        horizon: int | timedelta | None = None,
    ) -> None:
        """`recorders`: for `slac.trace`, the fold's observer of some tickets by id.
        `horizon` (seconds or a timedelta): compact a resolved ticket once its last event is
        that much older than the latest event fed (None: only when `compact` is called)."""
        self.policy = policy
        self._recorders = recorders or {}
        self._plan = Plan(policy)
        # Keyed by the events' `ticket`, which only a release lacks (releases are kept apart).
        self._tickets: dict[str | None, Ticket] = {}
        self._histories = Histories(self._plan)
        self._releases = Releases()
        self._seq = 0
        self._crossings = Crossings()
        self._horizon = _seconds(horizon)
        self._now = FIRST_INSTANT  # the latest `at` fed
        self._finished: list[tuple[int, str]] = []  # (last event, ticket): resolved then; a heap
        # Compacted tickets: packed results, or a packed folded state (compaction).
        self._compacted: dict[str, bytes | PackedState] = {}
        self._packer = Packer()

    def feed(self, event: Event | dict[str, Any]) -> None:
        """Fold one event in. ValueError (state unchanged) for an invalid event; for an event
        before its ticket's `created`, a second `created` or a ticket left without a priority,
        the reader's `InputError` (E720, E721, E714: `slac.inputs.order`); `Compacted` for an
        event of a compacted ticket. A `call` or `worklog` dict is ignored: no ticket clock
        reads it (`slac.inputs.measures`)."""
        if isinstance(event, dict) and event.get("event") in MEASURE_KINDS:
            return
        if not isinstance(event, Event):
            event = event_from_dict(event, self._seq + 1, self.policy)
        compacted = self._compacted
        if compacted and event.ticket is not None and event.ticket in compacted:
            raise Compacted(event.ticket, self._compacted_since(compacted[event.ticket]), event)
        self._seq += 1
        kind = event.kind
        if kind == "release":
            self._releases.add((event.at, self._seq), event.release)
        else:
            self._feed_ticket(event, kind)
        if self._horizon is not None and event.at > self._now:
            self._now = event.at
            self._sweep(event.at - self._horizon)

    def _feed_ticket(self, event: Event, kind: str) -> None:
        ticket = self._tickets.get(event.ticket)
        # The ticket's `created` counts when it comes first in applied order (line unknown: 0).
        known = ticket is not None and (kind == "created" or event.at >= ticket.created_key[0])
        problem = order_error(kind, event.ticket, 0 if known else None)
        if problem is not None:
            self._seq -= 1
            raise problem
        if kind == "created":
            self._create(event, ticket)
            return
        assert ticket is not None  # `order_error` refused an event before its ticket's `created`
        histories = self._histories
        if event.at >= ticket.last_at and ticket.id not in histories.dirty:
            apply(self._plan, ticket, event)  # equal instants apply in feed order
            ticket.events.append(event)
            histories.appended(ticket)
            if ticket.resolved:
                self._folded(ticket)
        else:
            histories.insert(ticket, event)
            if ticket.recorder is not None:
                histories.dirty.pop(ticket.id)
                self._tickets[ticket.id] = ticket = histories.refold_recorded(ticket)
                self._folded(ticket)
            elif self._horizon is not None:  # the sweep settles it to see whether it finished
                heappush(self._finished, (ticket.events[-1].at, ticket.id))

    def _create(self, event: Event, existing: Ticket | None) -> None:
        # The reader's rules and words (`slac.inputs.order`), line unknown: 0.
        problem = order_error("created", event.ticket, None if existing is None else 0)
        if problem is not None:
            self._seq -= 1
            raise problem
        recorder = self._recorders.get(event.ticket) if event.ticket is not None else None
        ticket = Ticket(self._plan, event.ticket, (event.at, self._seq), recorder)
        apply(self._plan, ticket, event)
        if ticket.priority is None:
            self._seq -= 1
            raise no_priority(ticket.id)
        ticket.events.append(event)
        self._tickets[event.ticket] = ticket
        self._folded(ticket)

    def _folded(self, ticket: Ticket) -> None:
        """`ticket` folded its latest event: with a horizon, note it when it is finished."""
        if ticket.resolved and self._horizon is not None:
            heappush(self._finished, (ticket.last_at, ticket.id))

    def _settle(self) -> None:
        """Re-fold every ticket a late event left stale (`slac.evaluation.history`)."""
        histories, tickets = self._histories, self._tickets
        for ticket_id in list(histories.dirty):
            tickets[ticket_id] = ticket = histories.settle(tickets[ticket_id])
            self._folded(ticket)

    def results(self, at: datetime | str | int) -> Evaluation:
        """Every ticket's metrics at `at`; events after `at` are ignored, fed state is unchanged.
        `Compacted` when a compacted ticket created at or before `at` had events after it."""
        at = instant(at)
        self._settle()
        plan, releases, histories = self._plan, self._releases, self._histories
        live = [t for t in sorted(self._tickets.values(), key=_created) if t.created_key[0] <= at]
        tickets = [
            judge_ticket(plan, t if t.last_at <= at else histories.at(t, at), at, releases)
            for t in live
        ]
        if self._compacted:
            tickets = self._with_compacted(live, tickets, at)
        return Evaluation(plan.name, at, tuple(tickets))

    def crossings(self, at: datetime | str | int) -> tuple[Crossing, ...]:
        """The `warn at` thresholds crossed by `at` that no earlier call returned: after each
        `feed` (ask at the event's `at`) or at a later instant, each threshold of each metric
        cycle comes back once, so an embedder alerts once per threshold (slac.evaluation.thresholds)."""
        return self._crossings.new(self.results(at), self.policy.warnings)

    def compact(self, now: datetime | str | int) -> int:
        """Compact every resolved ticket whose last event is at or before `now` less the
        horizon (0 without one); how many were compacted (`slac.evaluation.compaction`)."""
        cutoff = instant(now) - (self._horizon or 0)
        self._settle()
        done = [t for t in self._tickets.values() if t.resolved and t.last_at <= cutoff]
        for ticket in done:
            self._compact(ticket)
        return len(done)

    def forget(self, ticket_id: str) -> bool:
        """Drop everything about `ticket_id`, live or compacted; whether it was known. Its
        events are then refused until a new `created` (E720), as for a ticket never fed."""
        known = self._tickets.pop(ticket_id, None) is not None
        known |= self._compacted.pop(ticket_id, None) is not None
        self._histories.forget(ticket_id)
        self._crossings.forget(ticket_id)
        return known

    def _sweep(self, cutoff: int) -> None:
        """Compact the tickets resolved at their last event at or before `cutoff`."""
        finished, tickets, histories = self._finished, self._tickets, self._histories
        while finished and finished[0][0] <= cutoff:
            _, ticket_id = heappop(finished)
            ticket = tickets.get(ticket_id)
            if ticket is None:
                continue  # compacted or forgotten already
            if ticket_id in histories.dirty:
                tickets[ticket_id] = ticket = histories.settle(ticket)
            if ticket.resolved and ticket.last_at <= cutoff:
                self._compact(ticket)
            else:
                self._folded(ticket)  # a later event (if it left it resolved) has its own entry

    def _compact(self, ticket: Ticket) -> None:
        del self._tickets[ticket.id]
        self._histories.forget(ticket.id)
        if finished_results_fixed(self._plan, ticket):
            result = judge_ticket(self._plan, ticket, ticket.last_at, self._releases)
            self._compacted[ticket.id] = self._packer.pack(
                result, ticket.created_key, ticket.last_at
            )
            self._crossings.forget(ticket.id)  # no live metric left to cross a threshold
        else:
            self._compacted[ticket.id] = self._packer.pack_state(ticket)

    def _compacted_since(self, record: bytes | PackedState) -> int:
        if isinstance(record, PackedState):
            return self._packer.unpack_state(record).last_at
        return self._packer.unpack("", record)[1]

    def _with_compacted(
        self, live: list[Ticket], judged: list[TicketResult], at: int
    ) -> list[TicketResult]:
        """The live tickets' results (`judged`, of `live`) and the compacted tickets' at `at`,
        in order of `created`."""
        keyed = [(ticket.created_key, result) for ticket, result in zip(live, judged, strict=True)]
        packer = self._packer
        for ticket_id, record in self._compacted.items():
            state = None
            if isinstance(record, PackedState):
                state = packer.unpack_state(record)
                created, last = state.created_key, state.last_at
            else:
                created, last, result = packer.unpack(ticket_id, record)
            if created[0] > at:
                continue
            if at < last:
                raise Compacted(ticket_id, last)
            if state is not None:
                result = judge_ticket(self._plan, state, at, self._releases)
            keyed.append((created, result))
        keyed.sort(key=itemgetter(0))
        return [result for _, result in keyed]


def _seconds(horizon: int | timedelta | None) -> int | None:
    if isinstance(horizon, timedelta):
        horizon = floor(horizon.total_seconds())
    if horizon is not None and (isinstance(horizon, bool) or horizon < 0):
        raise ValueError(f"`horizon` is not a duration of 0 seconds or more: {horizon!r}")
    return horizon


_created = attrgetter("created_key")
