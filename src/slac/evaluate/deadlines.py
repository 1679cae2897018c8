"""Deadline targets: the instant a clock started in, turned into "end of business day", "end of
next business day" or "12:00 next business day" (docs/semantics.md, "Deadlines").

A *business day* is a local date of the calendar (its zone; a union's first member's zone) on
which it opens. An open stretch (one interval of the calendar's merged table) belongs to the date
it opens on, so a window crossing midnight belongs to its opening day; the day closes at the end
of the last stretch that opens on it. Everything is read from the calendar's open intervals
(`next_open`, `next_close`, `open_intervals`), so holidays, closed dates and unions count as
they do for durations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from slac.business_time import AlwaysOpen, Calendar

DAY = 86400
# How far back the stretch holding an instant is looked for: a weekday calendar open round the
# clock merges Monday to Friday into one stretch of five days.
_LOOK_BACK = 8 * DAY


def deadline(cal: Calendar, start: int, time: int | None, next_day: bool) -> int:
    """The deadline of a clock that started at `start`: the close of its business day (or, with
    `next_day`, of the business day after it), or `time` seconds after local midnight of that
    day when `time` is given."""
    zone = calendar_zone(cal)
    if isinstance(cal, AlwaysOpen):
        # Only the evaluator's fallback for a ticket without a calendar counts here (`slac
        # check` refuses a deadline on an `always open` calendar, E416): its days are UTC dates.
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
    opened = _stretch_start(cal, cal.next_open(t))
    return _date(zone, opened)


def next_business_day(cal: Calendar, zone: ZoneInfo, day: date) -> date:
    """The business day after `day`: the date of the first stretch opening after `day` ends."""
    x = _local(zone, day + timedelta(days=1), 0)
    if cal.is_open(x) and cal.is_open(x - 1):  # `day`'s last stretch runs past midnight
        x = _next_close(cal, x)
    return _date(zone, cal.next_open(x))


def close_of(cal: Calendar, zone: ZoneInfo, day: date) -> int:
    """The end of the last stretch that opens on `day` (its next midnight when none does)."""
    midnight, next_midnight = _local(zone, day, 0), _local(zone, day + timedelta(days=1), 0)
    opening = [
        start
        for start, _ in cal.open_intervals(midnight, next_midnight)
        if start > midnight or not cal.is_open(midnight - 1)  # not one running in from before
    ]
    return _next_close(cal, opening[-1]) if opening else next_midnight


def _stretch_start(cal: Calendar, x: int) -> int:
    """The start of the open stretch that holds the open instant `x`."""
    found = cal.open_intervals(x - _LOOK_BACK, x + 1)
    if not found or found[-1][0] <= x - _LOOK_BACK:  # open for over a week: the day is x's
        return x
    return found[-1][0]


def _next_close(cal: Calendar, x: int) -> int:
    try:
        return cal.next_close(x)
    except ValueError:  # open to the end of the years slac covers: no later close to give
        return x


def _local(zone: ZoneInfo, day: date, seconds: int) -> int:
    wall = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(seconds=seconds)
    return int(wall.timestamp())


def _date(zone: ZoneInfo, t: int) -> date:
    return datetime.fromtimestamp(t, UTC).astimezone(zone).date()
