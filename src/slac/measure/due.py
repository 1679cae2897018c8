"""What falls due next: running metrics by due instant, with the warning threshold each has crossed
(`slac due`, docs/formats.md#slac-due).

A team lead's morning look: every `running` metric (a paused one has no due instant until its
clock runs again) ordered by `due`, then by ticket order and metric order, optionally only those
due within a wall-clock span of `at` (`--within 2h`; a metric already at its due instant is
included). `threshold` is the highest `warn at` threshold of the metric's policy it has reached
(`slac.evaluation.thresholds`), null when none or when the policy declares none.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from slac import ir
from slac.evaluation.results import Evaluation, iso_z
from slac.evaluation.thresholds import highest_crossed, plain


@attrs.frozen
class DueRow:
    policy: str
    ticket: str
    metric: str
    cycle: int
    priority: str | None
    due: int
    remaining_seconds: int | None
    percent_elapsed: float | None
    threshold: float | None

    def to_dict(self) -> dict[str, object]:
        return plain(self)


@attrs.frozen
class DueList:
    name: str  # the policy's or the desk's name
    at: int
    within_seconds: int | None
    rows: tuple[DueRow, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "policy": self.name,
            "at": iso_z(self.at),
            "within_seconds": self.within_seconds,
            "metrics": [row.to_dict() for row in self.rows],
        }


def due_list(
    name: str,
    parts: Iterable[tuple[ir.Policy, Evaluation]],
    at: int,
    within_seconds: int | None = None,
) -> DueList:
    """The running metrics of every (policy, its evaluation) pair, by due instant."""
    found: list[tuple[int, int, DueRow]] = []
    for policy, evaluation in parts:
        for ticket in evaluation.tickets:
            for result in ticket.metrics:
                due = result.due
                if result.state != "running" or due is None:
                    continue
                if within_seconds is not None and due > at + within_seconds:
                    continue
                row = DueRow(
                    policy.name,
                    ticket.ticket,
                    result.metric,
                    result.cycle,
                    result.priority if result.priority is not None else ticket.priority,
                    due,
                    result.remaining_seconds,
                    result.percent_elapsed,
                    highest_crossed(result, policy.warnings),
                )
                found.append((due, len(found), row))
    found.sort(key=lambda item: (item[0], item[1]))  # by due; ties in ticket and metric order
    return DueList(name, at, within_seconds, tuple(row for _, _, row in found))
