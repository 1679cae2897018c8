"""Evaluation results: what `policy.evaluate(events, at)` returns, and its JSON (contract §4).

Instants are int UTC epoch seconds inside; `to_dict` renders them as ISO 8601 with `Z`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

import attrs

State = Literal["pending", "running", "paused", "met", "breached", "not_applicable"]


def iso_z(t: int | None) -> str | None:
    """Epoch seconds as `2026-03-02T10:30:00Z`; None stays None."""
    if t is None:
        return None
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
