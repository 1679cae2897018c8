"""Half-open intervals of seconds, and the one rule for a weekly calendar's business-day length.

Pure and import-light (no calendars, no holidays), so `slac check`, the calendars and the
availability measure all use the same code: the checks at start-up cost, the others per call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

DAY = 86_400

Interval = tuple[int, int]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and merge overlapping or touching half-open intervals; drop empty ones."""
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def week_day_length(week: Sequence[Iterable[Interval]]) -> int | None:
    """The business-day length of a week of (open, close) seconds after local midnight, Monday
    first: the open seconds of a weekday when every weekday (Monday to Friday) that opens at all
    is open equally long, else None (the calendar must state its `day length`). Weekend hours do
    not change it. A close at or before the open crosses midnight and belongs to the opening day
    (docs/semantics.md, "Calendars"); overlapping windows count once."""
    totals = set()
    for day in week[:5]:
        spans = union((o, c if c > o else c + DAY) for o, c in day)
        total = sum(end - start for start, end in spans)
        if total:
            totals.add(total)
    return totals.pop() if len(totals) == 1 else None
