"""Deadline targets: the instant a clock started in, turned into "end of business day", "end of
next business day" or "12:00 next business day" (docs/semantics.md, "Deadlines").

A *business day* is a local date of the calendar (its zone; a union's first member's zone) on
which it opens. An open stretch (one interval of the calendar's merged table) belongs to the date
it opens on, so a window crossing midnight belongs to its opening day; the day closes at the end
of the last stretch that opens on it. Everything is read from the calendar's open intervals
(`open_intervals`), so holidays, closed dates and unions count as they do for durations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from slac.business_time import AlwaysOpen, Calendar
from slac.business_time._table import PastTheLastYear
from slac.vocabulary import END_INSTANT, FIRST_INSTANT

DAY = 86400
# How far back and ahead stretches are looked for: a weekday calendar open round the clock
# merges Monday to Friday into one stretch of five days, and holidays close weeks at a time.
_LOOK_BACK = 8 * DAY
_LOOK_AHEAD = 400 * DAY


def deadline(cal: Calendar, start: int, time: int | None, next_day: bool) -> int | None:
    """The deadline of a clock that started at `start`: the close of its business day (or, with
    `next_day`, of the business day after it), or `time` seconds after local midnight of that
    day when `time` is given. None when it lies past the years the calendars cover (a deadline
    no clock reaches, as `Calendar.add_within` says for durations)."""
    try:
        instant = _deadline(cal, start, time, next_day)
    except PastTheLastYear:
        return None
    return instant if instant < END_INSTANT else None


def _deadline(cal: Calendar, start: int, time: int | None, next_day: bool) -> int:
    zone = calendar_zone(cal)
    if isinstance(cal, AlwaysOpen):
        # Only the evaluator's fallback for a ticket without a calendar counts here (`slac
        # check` refuses a deadline on an `always open` calendar, E417): its days are UTC dates.
        day = _date(zone, start) + timedelta(days=1 if next_day else 0)
        return _local(zone, day, DAY if time is None else time)
    day = business_day_of(cal, zone, start)
    if next_day:
        day = next_business_day(cal, zone, day)
    if time is not None:
        return _local(zone, day, time)
    return close_of(cal, zone, day)


def calendar_zone(cal: Calendar) -> ZoneInfo:
    """The zone whose dates are the calendar's days: its own, a union's first member's, UTC for
    a calendar without one (`always open`)."""
    zone = getattr(cal, "zone", None)
    if isinstance(zone, str):
        return ZoneInfo(zone)
    members = getattr(cal, "members", ())
    if members:
        return calendar_zone(members[0])
    return ZoneInfo("UTC")


def business_day_of(cal: Calendar, zone: ZoneInfo, t: int) -> date:
    """The business day `t` falls in; outside opening hours, the one that opens next."""
    start, _ = _stretch(cal, t)
    return _date(zone, start)


def next_business_day(cal: Calendar, zone: ZoneInfo, day: date) -> date:
    """The business day after `day`: the date of the first stretch that opens after `day`'s
    midnight (a stretch running past that midnight belongs to `day`)."""
    midnight = _local(zone, day + timedelta(days=1), 0)
    start, end = _stretch(cal, midnight)
    if start < midnight:
        start, _ = _stretch(cal, end)
    return _date(zone, start)


def close_of(cal: Calendar, zone: ZoneInfo, day: date) -> int:
    """The end of the last stretch that opens on `day` (its next midnight when none does)."""
    midnight, next_midnight = _local(zone, day, 0), _local(zone, day + timedelta(days=1), 0)
    close = next_midnight
    start, end = _stretch(cal, midnight)
    if start < midnight:  # one running in from the day before is not this day's
        start, end = _stretch(cal, end)
    while start < next_midnight:
        close = end
        try:
            start, end = _stretch(cal, end)
        except PastTheLastYear:  # no stretch after this one: it is the day's last
            break
    return close


def _stretch(cal: Calendar, t: int) -> tuple[int, int]:
    """The open stretch holding `t`, else the next one to open: (its start, its end). A stretch
    is one merged open interval; one longer than the look-around, or running past the supported
    years, is cut there. PastTheLastYear when none opens before the end of those years."""
    if t >= END_INSTANT:
        raise PastTheLastYear(f"instant {t} is past the supported years")
    before = cal.open_intervals(max(t - _LOOK_BACK, FIRST_INSTANT), t + 1)
    if before and before[-1][1] > t:  # `t` is open: its stretch began at or before it
        start = before[-1][0]
    else:
        after = cal.open_intervals(t, min(t + _LOOK_AHEAD, END_INSTANT))
        if not after:  # closed for over a year, or until the end of the years
            raise PastTheLastYear(f"calendar `{cal.name}` does not open within a year of {t}")
        start = after[0][0]
    ahead = cal.open_intervals(start, min(start + _LOOK_AHEAD, END_INSTANT))
    return start, ahead[0][1]


def _local(zone: ZoneInfo, day: date, seconds: int) -> int:
    wall = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(seconds=seconds)
    return int(wall.timestamp())


def _date(zone: ZoneInfo, t: int) -> date:
    return datetime.fromtimestamp(t, UTC).astimezone(zone).date()
