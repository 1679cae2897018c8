"""What the fold tells `slac trace` about one ticket: priority changes and clock transitions.

The fold (`slac.evaluation.fold`) calls a ticket's `Recorder`, when it has one, at the
instant each thing happens; the recorder only writes it down. A clock's log is a list of
phases `(from, calendar or None, reason)`: from `from` on, until the next phase (or the
clock's end), the clock counts in that calendar, or does not count for that reason. Turning
phases into the segments `slac trace` prints is `slac.evaluation.trace`'s work.
"""

from __future__ import annotations

import attrs

from slac.business_time import Calendar
from slac.evaluation.fold import Clock

# (from, the calendar counted in or None, why not counting when None)
Phase = tuple[int, Calendar | None, str]


@attrs.frozen
class PriorityChange:
    at: int
    priority: str | None
    how: str  # "named" (given by an event) or "derived" (from the policy's rules)
    fields: tuple[str, ...]  # the fields whose change re-derived it, sorted

    def to_dict(self) -> dict[str, object]:
        from slac.evaluation.results import iso_z

        return {
            "at": iso_z(self.at),
            "priority": self.priority,
            "how": self.how,
            "fields": list(self.fields),
        }


@attrs.define
class ClockLog:
    """One clock (a metric, or one cycle of a repeating metric) as the fold moved it."""

    index: int  # the metric's position in the policy
    cycle: int
    start: int
    phases: list[Phase]


class Recorder:
    """The fold's observer for one ticket (see the module docstring)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything: the ticket is folded again from its `created`."""
        self.priorities: list[PriorityChange] = []
        self.logs: dict[Clock, ClockLog] = {}  # clocks hash by identity
        self._cycles: dict[int, int] = {}
        # Per metric index, the conditional starts armed before it started: (when, condition).
        self.waiting: dict[int, list[tuple[int, str]]] = {}

    def priority(self, t: int, priority: str | None, how: str, fields: frozenset[str]) -> None:
        self.priorities.append(PriorityChange(t, priority, how, tuple(sorted(fields))))

    def start(self, index: int, clock: Clock, t: int, paused_by: str | None) -> None:
        cycle = self._cycles[index] = self._cycles.get(index, 0) + 1
        # A clock that starts counting gets its calendar from the fold's next `count`; one
        # that starts paused gets no `count` until that changes.
        phases: list[Phase] = [] if paused_by is None else [(t, None, f"paused: {paused_by}")]
        self.logs[clock] = ClockLog(index, cycle, t, phases)

    def count(self, clock: Clock, calendar: Calendar | None, t: int, paused_by: str | None) -> None:
        """From `t` on the clock counts in `calendar`, or (None) is paused by `paused_by` (a
        status, or a pause rule's words)."""
        reason = "" if calendar is not None else f"paused: {paused_by}"
        self.logs[clock].phases.append((t, calendar, reason))

    def armed(self, index: int, t: int, condition: str) -> None:
        """A start trigger of metric `index` fired at `t` but `condition` did not hold."""
        self.waiting.setdefault(index, []).append((t, condition))

    def stop(self, clock: Clock, t: int) -> None:
        self.logs[clock].phases.append((t, None, "stopped"))

    def resume(self, clock: Clock, t: int, paused_by: str | None) -> None:
        # The reopen ends the stopped phase; when the clock counts from here, the fold's next
        # `count` (same instant) says in what, and this zero-length phase is dropped.
        reason = "reopened" if paused_by is None else f"paused: {paused_by}"
        self.logs[clock].phases.append((t, None, reason))
