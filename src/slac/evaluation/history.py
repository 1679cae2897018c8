"""A fed ticket's history: its events in applied order, checkpoints of its fold, late events.

`Evaluator.feed` folds an event that is not older than its ticket's last straight into the
ticket's state (`slac.evaluation.fold.apply`). A late one (older) is inserted among the
ticket's events after every event of an earlier or equal instant (equal instants apply in
feed order) and the ticket is marked *dirty* from that position: nothing is re-folded yet,
so a burst of late events (a ticket's history replayed backwards) costs one re-fold, done
when the state is next needed (`results`, `crossings`, compaction).

A re-fold starts from the last checkpoint at or before the first changed position, not from
`created`: every `EVERY` events of a ticket the fold's state is copied (`Ticket.copy`), and a
late event drops only the checkpoints after it. Judging at an instant inside a ticket's
history works the same way, folding from the last checkpoint up to that instant on a copy.
A re-fold from a checkpoint gives the same state as one from `created` because the fold is
deterministic and a checkpoint is the state after exactly the events before it.

A ticket with a `Recorder` (`slac trace`) keeps no checkpoints: a late event re-folds it from
`created` at once, the recorder starting over, as the recorder's phases need the whole fold.
"""

from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter

from slac.evaluation.fold import Ticket, apply
from slac.evaluation.plan import Plan
from slac.inputs.events import Event

# Events between checkpoints: a late event re-folds at most this many events before its own
# position. 32 keeps a checkpoint (a few hundred bytes for a usual policy) small beside the
# events it stands for (bench/README.md, "Incremental evaluator").
EVERY = 32

_at = attrgetter("at")


class Checkpoint:
    """A ticket's folded state after its first `(j + 1) * EVERY` events. Its clocks share their
    closed-runs lists with the fold that went on (which only appends to them), and it notes
    how long each was, so a checkpoint costs the ticket's metrics, not its history's runs."""

    __slots__ = ("lengths", "state")

    def __init__(self, ticket: Ticket) -> None:
        self.state = ticket.copy(share_runs=True)
        self.lengths = tuple(len(c.runs or ()) for c in self.state.all_clocks())

    def restore(self) -> Ticket:
        """A working copy of the state, its runs as they were at the checkpoint."""
        state = self.state.copy()
        for clock, length in zip(state.all_clocks(), self.lengths, strict=True):
            if clock.runs is not None:
                del clock.runs[length:]
        return state


class Histories:
    """The checkpoints and pending re-folds of one evaluator's tickets, by ticket id.

    Checkpoint `j` of a ticket is its state after its first `(j + 1) * EVERY` events; a
    ticket with fewer events has none (most tickets: no memory spent). A dirty ticket's
    state in the evaluator is stale from position `dirty[id]` of its events on.
    """

    __slots__ = ("_plan", "checkpoints", "dirty")

    def __init__(self, plan: Plan) -> None:
        self._plan = plan
        self.checkpoints: dict[str, list[Checkpoint]] = {}
        self.dirty: dict[str, int] = {}

    def appended(self, ticket: Ticket) -> None:
        """`ticket` has just folded its latest event (in order): take a checkpoint when due."""
        count = len(ticket.events)
        if count % EVERY or ticket.recorder is not None:
            return
        kept = self.checkpoints.setdefault(ticket.id, [])
        if len(kept) == count // EVERY - 1:  # else a pending re-fold makes them
            kept.append(Checkpoint(ticket))

    def insert(self, ticket: Ticket, event: Event) -> None:
        """Put `event` among `ticket`'s events in applied order; its state is stale from there."""
        events = ticket.events
        position = bisect_right(events, event.at, key=_at)
        events.insert(position, event)
        dirty = self.dirty.get(ticket.id)
        if dirty is None or position < dirty:
            self.dirty[ticket.id] = position
            kept = self.checkpoints.get(ticket.id)
            if kept:
                del kept[position // EVERY :]  # those after the event no longer hold

    def settle(self, ticket: Ticket) -> Ticket:
        """`ticket`'s state after all its events: itself, or a re-fold when it is dirty."""
        start = self.dirty.pop(ticket.id, None)
        if start is None:
            return ticket
        state = self._fold(ticket, start, len(ticket.events), keep=True)
        state.events = ticket.events
        return state

    def at(self, ticket: Ticket, at: int) -> Ticket:
        """A new state of `ticket` after its events at or before `at` (settled `ticket`), for
        judging at `at`; it records nothing and leaves the checkpoints as they are."""
        end = bisect_right(ticket.events, at, key=_at)
        return self._fold(ticket, end, end, keep=False)

    def refold_recorded(self, ticket: Ticket) -> Ticket:
        """`ticket` folded again from `created`, its recorder starting over (`slac trace`)."""
        recorder = ticket.recorder
        assert recorder is not None
        recorder.reset()
        state = Ticket(self._plan, ticket.id, ticket.created_key, recorder)
        for event in ticket.events:
            apply(self._plan, state, event)
        state.events = ticket.events
        return state

    def forget(self, ticket_id: str) -> None:
        self.checkpoints.pop(ticket_id, None)
        self.dirty.pop(ticket_id, None)

    def _fold(self, ticket: Ticket, start: int, end: int, *, keep: bool) -> Ticket:
        """The state after `ticket.events[:end]`, folded from the last checkpoint at or before
        position `start` (<= end); `keep`: take the checkpoints met on the way."""
        plan, events = self._plan, ticket.events
        kept = self.checkpoints.get(ticket.id, [])
        usable = min(start // EVERY, len(kept))
        state = (
            kept[usable - 1].restore() if usable else Ticket(plan, ticket.id, ticket.created_key)
        )
        if keep:
            del kept[usable:]
        for position in range(usable * EVERY, end):
            apply(plan, state, events[position])
            if keep and (position + 1) % EVERY == 0:
                kept.append(Checkpoint(state))
        if keep and kept:
            self.checkpoints[ticket.id] = kept
        return state
