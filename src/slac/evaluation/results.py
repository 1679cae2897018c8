"""Evaluation results: what `slac.evaluate(policy, events, at=...)` returns, and its JSON (docs/formats.md#slac-evaluate---format-json).

Instants are int UTC epoch seconds inside; `to_dict` renders them as ISO 8601 with `Z`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

import attrs

from slac.intervals import DAY

State = Literal["pending", "running", "paused", "met", "breached", "not_applicable"]


def iso_z(t: int | None) -> str | None:
    """Epoch seconds as `2026-03-02T10:30:00Z`; None stays None."""
    if t is None:
        return None
    # Every instant of a result goes through here (a million-event run formats ~10^6): the
    # date part is formatted once per UTC day, the time from the remainder with a table
    # lookup, 0.23 µs against 1.9 µs for `fromtimestamp(...).strftime(...)` each time.
    day, rest = divmod(t, DAY)
    prefix = _DAY_PREFIXES.get(day)
    if prefix is None:
        if len(_DAY_PREFIXES) > 4096:
            _DAY_PREFIXES.clear()
        # raises OverflowError/OSError/ValueError for out-of-range `t`, as before
        prefix = _DAY_PREFIXES[day] = datetime.fromtimestamp(day * DAY, tz=UTC).strftime(
            "%Y-%m-%dT"
        )
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{prefix}{_TWO_DIGITS[hours]}:{_TWO_DIGITS[minutes]}:{_TWO_DIGITS[seconds]}Z"


_DAY_PREFIXES: dict[int, str] = {}  # UTC day number -> "YYYY-MM-DDT"
_TWO_DIGITS = tuple(f"{i:02d}" for i in range(60))  # format spec `:02d` costs 0.1 µs a call


# The JSON of the results (docs/formats.md#slac-evaluate---format-json) is declared once, here: each class's `JSON` lists its
# keys in output order with how each value is written. `to_dict` follows it, and so does the
# streaming writer of `slac evaluate` (`slac.cli.json_output.write_json`), byte for byte.
#   name     a string that repeats across results (metric, state, priority), or null
#   text     a string of its own (a ticket id)
#   number   an int (or null)
#   instant  epoch seconds written as ISO 8601 with `Z` (`iso_z`), or null
#   items    the results one level down, as a list
# "number" is a whole number, "decimal" one with a fraction (a percentage): JSON writes both
# alike; a typed reader (slac.spark's columns) needs to know which.
Encoding = Literal["name", "text", "number", "decimal", "instant", "items"]
JsonKeys = tuple[tuple[str, Encoding], ...]


class _Json:
    """`to_dict` from the class's `JSON` declaration."""

    __slots__ = ()
    JSON: ClassVar[JsonKeys]

    def to_dict(self) -> dict[str, Any]:
        return {key: _PLAIN[encoding](getattr(self, key)) for key, encoding in self.JSON}


@attrs.frozen
class MetricResult(_Json):
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

    JSON: ClassVar[JsonKeys] = (
        ("metric", "name"),
        ("cycle", "number"),
        ("state", "name"),
        ("target", "name"),
        ("target_seconds", "number"),
        ("elapsed_seconds", "number"),
        ("due", "instant"),
        ("breached_at", "instant"),
        ("stopped_at", "instant"),
        ("percent_elapsed", "decimal"),
        ("remaining_seconds", "number"),
    )

    @property
    def live(self) -> bool:
        """Running or paused against a duration target: a clock still heading for its target."""
        return self.state in ("running", "paused") and self.target_seconds is not None

    @property
    def percent_elapsed(self) -> float | None:
        """How much of the target a live clock has used (`elapsed_seconds` of `target_seconds`),
        in percent to 3 decimals, half up, as reports round (`slac.measure.round3`); else None.
        A live clock has not passed its target, so this is at most 100."""
        if not self.live:
            return None
        target = self.target_seconds or 0
        if target == 0:
            return 100.0  # a zero target is used up from the start
        # round3(Fraction(100 * elapsed, target)) in integers: floor(100000 e / t + 1/2) / 1000,
        # ten times cheaper, and the JSON writer asks it of every live metric.
        return (200_000 * self.elapsed_seconds + target) // (2 * target) / 1000

    @property
    def remaining_seconds(self) -> int | None:
        """Seconds of the metric's clock left before the target for a live clock; else None."""
        if not self.live:
            return None
        return (self.target_seconds or 0) - self.elapsed_seconds


@attrs.frozen
class TicketResult(_Json):
    ticket: str
    priority: str | None
    excluded: str | None
    metrics: tuple[MetricResult, ...]

    JSON: ClassVar[JsonKeys] = (
        ("ticket", "text"),
        ("priority", "name"),
        ("excluded", "name"),
        ("metrics", "items"),
    )


@attrs.frozen
class Evaluation(_Json):
    policy: str
    at: int
    tickets: tuple[TicketResult, ...]

    JSON: ClassVar[JsonKeys] = (("policy", "text"), ("at", "instant"), ("tickets", "items"))


def _same(value: object) -> object:
    return value


def _items(results: tuple[MetricResult | TicketResult, ...]) -> list[dict[str, Any]]:
    return [result.to_dict() for result in results]


_PLAIN: dict[Encoding, Callable[[Any], object]] = {
    "name": _same,
    "text": _same,
    "number": _same,
    "decimal": _same,
    "instant": iso_z,
    "items": _items,
}
