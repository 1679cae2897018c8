"""Evaluation results: what `policy.evaluate(events, at)` returns, and its JSON (contract §4).

Instants are int UTC epoch seconds inside; `to_dict` renders them as ISO 8601 with `Z`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import attrs

State = Literal["pending", "running", "paused", "met", "breached", "not_applicable"]


def iso_z(t: int | None) -> str | None:
    """Epoch seconds as `2026-03-02T10:30:00Z`; None stays None."""
    if t is None:
        return None
    # Every instant of a result goes through here (a million-event run formats ~10^6): the
    # date part is formatted once per UTC day, the time from the remainder with a table
    # lookup, 0.23 µs against 1.9 µs for `fromtimestamp(...).strftime(...)` each time.
    day, rest = divmod(t, 86400)
    prefix = _DAY_PREFIXES.get(day)
    if prefix is None:
        if len(_DAY_PREFIXES) > 4096:
            _DAY_PREFIXES.clear()
        # raises OverflowError/OSError/ValueError for out-of-range `t`, as before
        prefix = _DAY_PREFIXES[day] = datetime.fromtimestamp(day * 86400, tz=UTC).strftime(
            "%Y-%m-%dT"
        )
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{prefix}{_TWO_DIGITS[hours]}:{_TWO_DIGITS[minutes]}:{_TWO_DIGITS[seconds]}Z"


_DAY_PREFIXES: dict[int, str] = {}  # UTC day number -> "YYYY-MM-DDT"
_TWO_DIGITS = tuple(f"{i:02d}" for i in range(60))  # format spec `:02d` costs 0.1 µs a call


@attrs.frozen
class MetricResult:
    metric: str
    cycle: int
    state: State
    target: str | None  # as a person reads it: "2h", "3 business days", "next planned release"
    target_seconds: int | None
    elapsed_seconds: int
    due: int | None
    breached_at: int | None
    stopped_at: int | None
    priority: str | None = None  # the priority whose target applies (kept for reports)

    def to_dict(self) -> dict:
        return {
            "metric": self.metric,
            "cycle": self.cycle,
            "state": self.state,
            "target": self.target,
            "target_seconds": self.target_seconds,
            "elapsed_seconds": self.elapsed_seconds,
            "due": iso_z(self.due),
            "breached_at": iso_z(self.breached_at),
            "stopped_at": iso_z(self.stopped_at),
        }


@attrs.frozen
class TicketResult:
    ticket: str
    priority: str | None
    excluded: str | None
    metrics: tuple[MetricResult, ...]

    def to_dict(self) -> dict:
        return {
            "ticket": self.ticket,
            "priority": self.priority,
            "excluded": self.excluded,
            "metrics": [m.to_dict() for m in self.metrics],
        }


@attrs.frozen
class Evaluation:
    policy: str
    at: int
    tickets: tuple[TicketResult, ...]

    def to_dict(self) -> dict:
        return {
            "policy": self.policy,
            "at": iso_z(self.at),
            "tickets": [t.to_dict() for t in self.tickets],
        }
