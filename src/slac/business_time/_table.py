"""The open-interval table behind every calendar: flat sorted arrays of UTC epoch seconds.

A calendar's open time is kept as three parallel lists covering a contiguous run of UTC
years: `starts[i]`, `ends[i]` (the i-th open interval, half-open, sorted, merged) and
`cum[i]` (open seconds before interval i; `cum[-1]` is the total). Years are built on first
use by the calendar's `build_year(year)` and glued on at either end, so any query is a
couple of `bisect` calls on these lists once the years it touches exist.

Invariant: `starts[0] == lo`, the first instant covered (a zero-length interval is put there
when the year opens later), so `bisect_right(starts, t) - 1` is never -1 for a covered `t`
and the hot paths need no branch for it.
"""

from __future__ import annotations

import calendar as _gregorian
import threading
from bisect import bisect_right
from collections.abc import Callable

from slac.intervals import Interval
from slac.vocabulary import END_INSTANT, FIRST_INSTANT, FIRST_YEAR, LAST_YEAR

# UTC epoch second of 1 January of every supported year, plus the end of the last one
# (YEAR_STARTS[0] == FIRST_INSTANT, YEAR_STARTS[-1] == END_INSTANT).
YEAR_STARTS: tuple[int, ...] = tuple(
    _gregorian.timegm((y, 1, 1, 0, 0, 0)) for y in range(FIRST_YEAR, LAST_YEAR + 2)
)

Intervals = list[Interval]


class PastTheLastYear(ValueError):
    """A count that needs open time after the last supported year (`Calendar.add` ran out).

    Its own class so `Calendar.add_within` can tell "the deadline lies past 2200" from a
    mistake such as an instant outside the years.
    """


def year_of(t: int) -> int:
    """The UTC year holding instant `t`; ValueError outside the supported range."""
    if not FIRST_INSTANT <= t < END_INSTANT:
        raise ValueError(
            f"instant {t} is outside the supported range {FIRST_YEAR}-01-01..{LAST_YEAR + 1}-01-01 UTC"
        )
    return FIRST_YEAR + bisect_right(YEAR_STARTS, t) - 1


def year_bounds(year: int) -> tuple[int, int]:
    """UTC epoch seconds of the start of `year` and of the next year."""
    i = year - FIRST_YEAR
    return YEAR_STARTS[i], YEAR_STARTS[i + 1]


class Table:
    """The lazily grown flat table of one calendar (mutable cache, never part of equality).

    `arrays` is the (starts, ends, cum) triple, swapped as one object so a reader never mixes
    an old list with a new one. Growth happens under a lock (calendars sit in compiled
    policies that threads share); readers take no lock: growing forward only appends, and
    `hi` moves only after the appended year is complete.
    """

    __slots__ = ("arrays", "build_year", "hi", "lo", "lock", "y_hi", "y_lo")

    def __init__(self, build_year: Callable[[int], Intervals]) -> None:
        self.build_year = build_year
        self.lock = threading.Lock()
        self.y_lo = self.y_hi = 0
        # An empty span that no instant passes (lo > hi), so the first query builds.
        self.lo, self.hi = 1, 0
        self.arrays: tuple[list[int], list[int], list[int]] = ([], [], [0])

    def __reduce__(self) -> tuple[type[Table], tuple[Callable[[int], Intervals]]]:
        """Pickled empty: a copy regrows what it is asked about (a lock does not pickle)."""
        return Table, (self.build_year,)

    def cover(self, a: int, b: int) -> None:
        """Grow the span so that lo <= a and b <= hi (b is an exclusive bound, b >= a)."""
        y_a = year_of(a)
        y_b = year_of(b - 1) if b > a else y_a
        with self.lock:
            if self.lo > self.hi:
                self._rebuild(y_a, y_b, [])
            elif y_a < self.y_lo:
                # Rare (queries usually move forward), so rebuilding whole is fine.
                starts, ends, _ = self.arrays
                self._rebuild(
                    y_a, self.y_lo - 1, list(zip(starts, ends, strict=False)), last=self.y_hi
                )
            while self.y_hi < y_b:
                self._extend_forward()

    def extend_forward(self) -> None:
        """Add the year after the span; `PastTheLastYear` past the supported range."""
        with self.lock:
            self._extend_forward()

    def _extend_forward(self) -> None:
        year = self.y_hi + 1
        if year > LAST_YEAR:
            raise PastTheLastYear(
                f"the calendar has no open time left before {LAST_YEAR + 1}-01-01 UTC"
            )
        _append(self.arrays, self.build_year(year))
        self.y_hi = year
        self.hi = year_bounds(year)[1]

    def _rebuild(
        self, y_first: int, y_built: int, tail: Intervals, last: int | None = None
    ) -> None:
        """Build years y_first..y_built, then `tail` (the old span, ending in year `last`)."""
        lo = year_bounds(y_first)[0]
        # The zero-length sentinel keeps starts[0] == lo (see the module docstring).
        arrays: tuple[list[int], list[int], list[int]] = ([lo], [lo], [0, 0])
        for year in range(y_first, y_built + 1):
            _append(arrays, self.build_year(year))
        _append(arrays, [iv for iv in tail if iv[1] > iv[0]])
        # Lists before bounds: a reader that sees the new bounds reads the new lists.
        self.arrays = arrays
        self.y_lo, self.y_hi = y_first, y_built if last is None else last
        self.lo, self.hi = lo, year_bounds(self.y_hi)[1]


def _append(arrays: tuple[list[int], list[int], list[int]], intervals: Intervals) -> None:
    starts, ends, cum = arrays
    for s, e in intervals:
        if ends and ends[-1] >= s:
            # Touching the previous interval (a window running over a year boundary, or
            # the sentinel): extend it so open_intervals gives one interval.
            if e > ends[-1]:
                cum[-1] += e - ends[-1]
                ends[-1] = e
        else:
            starts.append(s)
            ends.append(e)
            cum.append(cum[-1] + e - s)
