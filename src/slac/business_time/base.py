"""The calendar base class: business-time arithmetic on a calendar's open-interval table.

Subclasses say which intervals are open in one UTC year (`_build_year`); everything else
(elapsed, add, open_intervals and the datetime edge) is
here, as a couple of `bisect` calls on the flat table of `_table.Table`.
"""

from __future__ import annotations

import abc
from bisect import bisect_left, bisect_right
from datetime import UTC, datetime, timedelta, timezone
from math import floor
from zoneinfo import ZoneInfo

from slac.business_time._table import Intervals, PastTheLastYear, Table
from slac.vocabulary import END_INSTANT

_SECOND = timedelta(seconds=1)
_ALWAYS_AWARE = (timezone, ZoneInfo)


class Calendar(abc.ABC):
    """When a helpdesk's clock runs. Concrete calendars are frozen attrs classes.

    Every subclass has `name: str`, `day_seconds: int | None` (the business-day length) and a
    private `_table: Table` that is excluded from equality and repr.
    """

    __slots__ = ()
    name: str
    day_seconds: int | None
    _table: Table

    @abc.abstractmethod
    def _build_year(self, year: int) -> Intervals:
        """The open intervals of UTC `year`, clipped to it, sorted and merged."""

    # -- the integer API: instants are UTC epoch seconds ------------------------------------

    def elapsed(self, a: int, b: int) -> int:
        """Open seconds in [a, b); 0 when b <= a."""
        if b <= a:
            return 0
        t = self._table
        if a < t.lo or b > t.hi:
            t.cover(a, b)
        s, e, c = t.arrays
        i = bisect_right(s, a) - 1
        j = bisect_right(s, b, i) - 1
        ea, eb = e[i], e[j]
        # Open seconds before x = cum of whole intervals before it + the part of its own.
        return (c[j] + (b if b < eb else eb) - s[j]) - (c[i] + (a if a < ea else ea) - s[i])

    def add(self, a: int, n: int) -> int:
        """The earliest t >= a with elapsed(a, t) == n (a itself when n == 0).

        Using up the last open second of a window lands on its closing instant, not on the
        next opening: that is the due instant (see `breach_instant` for the other one).
        """
        if n <= 0:
            if n == 0:
                return a
            raise ValueError(f"cannot add a negative business duration ({n} s)")
        t = self._table
        if a < t.lo or a >= t.hi:
            t.cover(a, a + 1)
        while True:
            s, e, c = t.arrays
            i = bisect_right(s, a) - 1
            ei = e[i]
            target = c[i] + (a if a < ei else ei) - s[i] + n
            if target <= c[-1]:
                k = bisect_left(c, target, i + 1)
                return s[k - 1] + target - c[k - 1]
            # Past the built span: add a whole year and look again (never day by day).
            t.extend_forward()

    def add_within(self, a: int, n: int) -> int | None:
        """`add(a, n)` when that instant lies before the end of the supported years
        (`slac.vocabulary.END_INSTANT`, 2200-01-01 UTC), else None: a deadline no clock reaches.

        The same answer for every calendar: one whose table runs out before the count is used up,
        and a wall-clock one whose sum simply lands past 2200 (docs/semantics.md, "The edge of
        time").
        """
        try:
            t = self.add(a, n)
        except PastTheLastYear:
            return None
        return t if t < END_INSTANT else None

    def open_intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """The open intervals clipped to [a, b), sorted and merged."""
        if b <= a:
            return []
        t = self._table
        if a < t.lo or b > t.hi:
            t.cover(a, b)
        s, e, _ = t.arrays
        out = []
        for k in range(bisect_right(s, a) - 1, bisect_left(s, b)):
            lo, hi = max(s[k], a), min(e[k], b)
            if lo < hi:
                out.append((lo, hi))
        return out

    # -- the datetime edge ------------------------------------------------------------------

    def elapsed_between(self, a: datetime, b: datetime) -> timedelta:
        """Open time in [a, b) for aware datetimes (sub-second parts are dropped)."""
        return _SECOND * self.elapsed(to_epoch(a), to_epoch(b))

    def add_to(self, a: datetime, d: timedelta) -> datetime:
        """`add` for an aware datetime and a duration; the result is an aware UTC datetime."""
        return from_epoch(self.add(to_epoch(a), d // _SECOND))


def to_epoch(dt: datetime) -> int:
    """Whole UTC epoch seconds of an aware datetime (floored); ValueError when naive."""
    tz = dt.tzinfo
    # Checking the type first skips a utcoffset() call (a third of the cost) for the
    # tzinfo types that are always aware.
    if type(tz) not in _ALWAYS_AWARE and (tz is None or tz.utcoffset(dt) is None):
        raise ValueError(f"naive datetime {dt.isoformat()}: give a time zone or offset")
    # timestamp() of an aware datetime is exact to the microsecond for slac's years.
    return floor(dt.timestamp())


def from_epoch(t: int) -> datetime:
    """The aware UTC datetime of epoch second `t`."""
    return datetime.fromtimestamp(t, UTC)


def breach_instant(cal: Calendar, a: int, n: int) -> int:
    """The instant the count from `a` first passes `n`: the start of the (n+1)-th open second.

    `cal.add(a, n)` is when the target is used up (met exactly at the target is met);
    a response before `breach_instant` is still in time, one at it is late.
    """
    return cal.add(a, n + 1) - 1
