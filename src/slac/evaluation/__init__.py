"""The evaluator: ticket events in, the SLA state of every ticket's metrics at an instant out.

`evaluate(policy, events, at=...)` is `Evaluator(policy)`, `feed` of every event in applied
order, then `results(at)`. The evaluator reads no clock and does no I/O.

Incremental use: `feed` folds one event into its ticket's state (see `slac.evaluation.fold`);
`results(at)` judges every ticket at `at` without changing that state, closing only the open
stretch from each ticket's last event to `at`. An event older than its ticket's last event
re-folds that ticket from its `created`; a release may arrive in any order (releases are
only consulted when judging). Events fed with equal `at` apply in feed order, like a file.

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

from bisect import bisect_right
from collections.abc import Mapping
from datetime import datetime
from math import floor
from operator import attrgetter
from typing import Any

from slac import ir
from slac.evaluation.batch import evaluate
from slac.evaluation.fold import Ticket, apply
from slac.evaluation.judge import judge_ticket
from slac.evaluation.plan import Plan
from slac.evaluation.recorder import Recorder
from slac.evaluation.releases import Releases
from slac.evaluation.results import Evaluation, iso_z
from slac.evaluation.thresholds import Crossing, Crossings
from slac.inputs.events import Event, event_from_dict
from slac.inputs.instants import parse_instant
from slac.inputs.measures import MEASURE_KINDS
from slac.inputs.order import no_priority, order_error
from slac.vocabulary import END_INSTANT, FIRST_INSTANT, INSTANT_RANGE_TEXT

__all__ = ["Evaluator", "evaluate", "instant"]


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
    """Incremental evaluation of one policy: `feed(event)` any number of times, `results(at)`."""

    def __init__(
        self, policy: ir.Policy, *, recorders: Mapping[str, Recorder] | None = None
    ) -> None:
        """`recorders`: for `slac.trace`, the fold's observer of some tickets by id."""
        self.policy = policy
        self._recorders = recorders or {}
        self._plan = Plan(policy)
        # Keyed by the events' `ticket`, which only a release lacks (releases are kept apart).
        self._tickets: dict[str | None, Ticket] = {}
        self._releases = Releases()
        self._seq = 0
        self._crossings = Crossings()

    def feed(self, event: Event | dict[str, Any]) -> None:
        """Fold one event in. ValueError (state unchanged) for an invalid event; for an event
        before its ticket's `created`, a second `created` or a ticket left without a priority,
        the reader's `InputError` (E720, E721, E714: `slac.inputs.order`). A `call` or
        `worklog` dict is ignored: no ticket clock reads it (`slac.inputs.measures`)."""
        if isinstance(event, dict) and event.get("event") in MEASURE_KINDS:
            return
        if not isinstance(event, Event):
            event = event_from_dict(event, self._seq + 1, self.policy)
        self._seq += 1
        kind = event.kind
        if kind == "release":
            self._releases.add((event.at, self._seq), event.release)
            return
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
        if event.at >= ticket.last_at:  # equal instants apply in feed order
            apply(self._plan, ticket, event)
            ticket.events.append(event)
        else:
            events = ticket.events
            events.insert(bisect_right(events, event.at, key=_at), event)
            self._tickets[event.ticket] = self._refold(events, None)

    def _feed_applied(self, events: list[Event], refoldable: bool = True) -> None:
        """`feed` for events already in applied order (the batch path): no re-fold checks.

        `refoldable=False` keeps no per-ticket event list (6% of the fold at 10^6 events, and
        the memory): only for an evaluator that will be judged at or after its last event and
        fed nothing older, as in `evaluate`, so no ticket is ever re-folded.
        """
        plan, tickets = self._plan, self._tickets
        for event in events:
            kind = event.kind
            if kind == "created":
                self._seq += 1
                self._create(event, tickets.get(event.ticket))
                continue
            if kind == "release":
                self.feed(event)
                continue
            ticket = tickets.get(event.ticket)
            if ticket is None:
                problem = order_error(kind, event.ticket, None)
                assert problem is not None  # only a release fits without a `created`
                raise problem
            self._seq += 1
            apply(plan, ticket, event)
            if refoldable:
                ticket.events.append(event)

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

    def _refold(self, events: list[Event], until: int | None) -> Ticket:
        """A fresh ticket state from its events (those at or before `until`, when given).

        A recorded ticket's recorder starts over and records the re-fold when it replaces the
        fed state (`until` None); a state made only for judging at an earlier instant records
        nothing."""
        ticket_id = events[0].ticket
        created = self._tickets[ticket_id].created_key
        recorder = self._recorders.get(ticket_id) if until is None and ticket_id else None
        if recorder is not None:
            recorder.reset()
        ticket = Ticket(self._plan, ticket_id, created, recorder)
        for event in events:
            if until is not None and event.at > until:
                break
            apply(self._plan, ticket, event)
        ticket.events = events if until is None else [e for e in events if e.at <= until]
        return ticket

    def results(self, at: datetime | str | int) -> Evaluation:
        """Every ticket's metrics at `at`; events after `at` are ignored, fed state is unchanged."""
        at = instant(at)
        plan, releases = self._plan, self._releases
        tickets = []
        for ticket in sorted(self._tickets.values(), key=attrgetter("created_key")):
            if ticket.created_key[0] > at:
                continue
            if ticket.last_at > at:
                ticket = self._refold(ticket.events, at)
            tickets.append(judge_ticket(plan, ticket, at, releases))
        return Evaluation(plan.name, at, tuple(tickets))

    def crossings(self, at: datetime | str | int) -> tuple[Crossing, ...]:
        """The `warn at` thresholds crossed by `at` that no earlier call returned: after each
        `feed` (ask at the event's `at`) or at a later instant, each threshold of each metric
        cycle comes back once, so an embedder alerts once per threshold (slac.evaluation.thresholds)."""
        return self._crossings.new(self.results(at), self.policy.warnings)


_at = attrgetter("at")
