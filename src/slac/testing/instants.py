"""Instants as a test file writes them: with an offset (as the JSON has them) or a local time in
the file's zone, which must exist and be unambiguous there."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from slac.testing import nodes
from slac.vocabulary import END_INSTANT, FIRST_INSTANT, INSTANT_RANGE_TEXT


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(value: nodes.Value, zone: ZoneInfo) -> int:
    """Epoch seconds of an instant as written; ValueError with the reason."""
    if value.kind == "instant":
        try:
            moment = datetime.fromisoformat(value.text)
        except ValueError:
            raise ValueError(f"`{value.text}` is not a date and time") from None
        return _in_range(int(moment.timestamp()), value.text)
    try:
        wall = datetime.fromisoformat(value.text.replace(" ", "T"))
    except ValueError:
        raise ValueError(f"`{value.text}` is not a date and time") from None
    # A wall time the clocks skip has no reading that converts back to it; one they pass twice
    # has two readings with different offsets.
    real = [
        moment
        for moment in (wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1))
        if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
    ]
    if not real:
        raise ValueError(f"`{value.text}` does not exist in {zone.key}: the clocks skip it")
    if len({moment.utcoffset() for moment in real}) > 1:
        raise ValueError(f"`{value.text}` happens twice in {zone.key}: the clocks go back")
    return _in_range(int(real[0].timestamp()), value.text)


def _in_range(epoch: int, text: str) -> int:
    if not FIRST_INSTANT <= epoch < END_INSTANT:
        raise ValueError(
            f"`{text}` is outside the years slac's calendars cover ({INSTANT_RANGE_TEXT})"
        )
    return epoch
