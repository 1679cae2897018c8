"""Warnings before a breach: which `warn at` thresholds a live metric has crossed.

A metric crosses a threshold of P% once its `elapsed_seconds` reaches P% of `target_seconds`
(compared exactly, `elapsed * 100 >= P * target`, so 50% of 7200 s is crossed at 3600 s, not
a rounding later). Only running and paused metrics with a duration target warn: a met one has
no breach ahead and a breached one is past warning (its `state` says so).

`Crossings` remembers what it has told: `Evaluator.crossings(at)` returns each (ticket, metric,
cycle, threshold) once, the first time a judgement finds it crossed, so a service that feeds
events and asks again after each (or at later instants) alerts once per threshold.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from slac.evaluation.results import Evaluation, MetricResult, iso_z


@attrs.frozen
class Crossing:
    """A warning threshold a live metric has reached: `threshold` is the percentage (50.0)."""

    policy: str
    ticket: str
    metric: str
    cycle: int
    threshold: float
    state: str  # running or paused
    due: int | None  # the metric's due instant when running

    def to_dict(self) -> dict[str, object]:
        return plain(self)


def plain(result: attrs.AttrsInstance) -> dict[str, object]:
    """An attrs result as JSON-ready values in field order, its `due` instant as ISO text."""
    values = attrs.asdict(result, recurse=False)
    values["due"] = iso_z(values["due"])
    return values


def crossed(result: MetricResult, thresholds: tuple[float, ...]) -> tuple[float, ...]:
    """The thresholds (ascending, as declared) `result` has reached; () when it is not live."""
    if not result.live or result.target_seconds is None:
        return ()
    used = result.elapsed_seconds * 100
    target = result.target_seconds
    return tuple(t for t in thresholds if used >= Fraction(repr(t)) * target)


def highest_crossed(result: MetricResult, thresholds: tuple[float, ...]) -> float | None:
    """The highest threshold `result` has reached, or None."""
    reached = crossed(result, thresholds)
    return reached[-1] if reached else None


class Crossings:
    """The thresholds already reported, so each is reported once."""

    __slots__ = ("_told",)

    def __init__(self) -> None:
        # Per ticket, the (metric, cycle, threshold) reported.
        self._told: dict[str, set[tuple[str, int, float]]] = {}

    def forget(self, ticket: str) -> None:
        """Drop what was reported for `ticket` (it is forgotten, or has no live metric left)."""
        self._told.pop(ticket, None)

    def new(self, evaluation: Evaluation, thresholds: tuple[float, ...]) -> tuple[Crossing, ...]:
        """The crossings in `evaluation` not reported before, in ticket and metric order."""
        found = []
        for ticket in evaluation.tickets:
            told = None
            for result in ticket.metrics:
                for threshold in crossed(result, thresholds):
                    key = (result.metric, result.cycle, threshold)
                    if told is None:
                        told = self._told.setdefault(ticket.ticket, set())
                    if key in told:
                        continue
                    told.add(key)
                    found.append(
                        Crossing(
                            evaluation.policy,
                            ticket.ticket,
                            result.metric,
                            result.cycle,
                            threshold,
                            result.state,
                            result.due,
                        )
                    )
        return tuple(found)
