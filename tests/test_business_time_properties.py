"""Properties of business-time arithmetic, checked against a deliberately naive reference.

The reference knows nothing of tables or bisect: for each local date it builds that day's
windows with zoneinfo, asks the `holidays` package whether the date is a holiday, and
steps minute by minute (or second by second over short ranges). Every calendar here has
its window edges and clock changes on whole minutes, so minute-aligned ranges are exact.
"""

from __future__ import annotations

import calendar as gregorian
import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from slac.business_time import (
    AlwaysOpen,
    Calendar,
    HolidaySource,
    UnionCalendar,
    WeeklyCalendar,
    breach_instant,
)

H = 3600
NONE: tuple = ()
ENG = HolidaySource("GB", "ENG")


def weekdays(*window: tuple[int, int]) -> tuple:
    return (window,) * 5 + (NONE, NONE)


TOTARA = WeeklyCalendar("totara", "Europe/London", weekdays((9 * H, 17 * H)), holidays=(ENG,))
IMPERO_UK = WeeklyCalendar("uk", "Europe/London", weekdays((8 * H, 1 * H)), holidays=(ENG,))
CPH = WeeklyCalendar(
    "cph", "Europe/Copenhagen", weekdays((9 * H, 17 * H)), holidays=(HolidaySource("DK"),)
)
NY = WeeklyCalendar(
    "ny", "America/New_York", weekdays((9 * H, 17 * H)), holidays=(HolidaySource("US"),)
)
CLICKLEARN = UnionCalendar("clicklearn", (CPH, NY), day_seconds=14 * H)
# Odd on purpose: a half-hour DST shift at 02:00 local, windows that overlap the next
# day's, two windows a day, windows across midnight, 24-hour windows, and 24:00;
# Kathmandu is UTC+05:45.
ODD = WeeklyCalendar(
    "odd",
    "Australia/Lord_Howe",
    (
        ((22 * H, 2 * H + 1800),),
        ((1 * H, 3 * H), (9 * H, 12 * H), (13 * H, 86400)),
        ((0, 0),),
        NONE,
        ((1 * H + 1800, 2 * H + 1800),),
        ((23 * H, 23 * H),),
        ((5400, 3 * H),),
    ),
    closed_dates=frozenset({date(2026, 4, 8), date(2027, 1, 1)}),
)
KATHMANDU = WeeklyCalendar("ktm", "Asia/Kathmandu", weekdays((12 * H, 21 * H)), holidays=(ENG,))
WEEKLY = (TOTARA, IMPERO_UK, CPH, NY, ODD, KATHMANDU)
ALL = (*WEEKLY, CLICKLEARN, UnionCalendar("odd+uk", (ODD, IMPERO_UK)))


@functools.cache
def _holiday_list(source: HolidaySource):
    return holidays.country_holidays(source.country, subdiv=source.subdiv)


@functools.cache
def naive_windows(cal: WeeklyCalendar, d: date) -> tuple[tuple[float, float], ...]:
    """The UTC windows opening on local date `d`, the simple way."""
    if d in cal.closed_dates or any(d in _holiday_list(s) for s in cal.holidays):
        return ()
    zone = ZoneInfo(cal.zone)
    out = []
    for o, c in cal.week[d.weekday()]:
        midnight = datetime.combine(d, time())
        close = c if c > o else c + 86400
        start = (midnight + timedelta(seconds=o)).replace(tzinfo=zone).timestamp()
        end = (midnight + timedelta(seconds=close)).replace(tzinfo=zone).timestamp()
        out.append((start, end))
    return tuple(out)


def naive_open(cal: Calendar, t: int) -> bool:
    if isinstance(cal, UnionCalendar):
        return any(naive_open(m, t) for m in cal.members)
    if isinstance(cal, AlwaysOpen):
        return True
    local = datetime.fromtimestamp(t, UTC).astimezone(ZoneInfo(cal.zone)).date()
    # A window opens at most one local day before the instant it covers.
    days = (local - timedelta(days=2), local - timedelta(days=1), local)
    return any(s <= t < e for d in days for s, e in naive_windows(cal, d))


def naive_elapsed_minutes(cal: Calendar, a: int, b: int) -> int:
    return sum(60 for t in range(a, b, 60) if naive_open(cal, t))


START = gregorian.timegm((2025, 12, 1, 0, 0, 0))
END = gregorian.timegm((2028, 2, 1, 0, 0, 0))
calendars = st.sampled_from(ALL)
instants = st.integers(START, END)
minutes = st.integers(START // 60, END // 60).map(lambda m: m * 60)
durations = st.integers(0, 60 * 86400)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations)
def test_add_is_the_earliest_instant_with_that_elapsed(cal, a, n):
    t = cal.add(a, n)
    assert t >= a and cal.elapsed(a, t) == n
    if n:
        assert cal.elapsed(a, t - 1) == n - 1
        # Used up exactly here: the second before t is open.
        assert cal.elapsed(t - 1, t) == 1


@settings(max_examples=300, deadline=None)
@given(calendars, instants, durations)
def test_breach_instant_is_where_the_count_passes_n(cal, a, n):
    t = breach_instant(cal, a, n)
    assert cal.elapsed(a, t) == n and cal.elapsed(a, t + 1) == n + 1


@settings(max_examples=300, deadline=None)
@given(calendars, st.lists(instants, min_size=3, max_size=3).map(sorted))
def test_elapsed_is_additive(cal, abc):
    a, b, c = abc
    assert cal.elapsed(a, c) == cal.elapsed(a, b) + cal.elapsed(b, c)
    assert cal.elapsed(c, a) == 0


@settings(max_examples=300, deadline=None)
@given(calendars, instants, instants, durations, durations)
def test_add_and_elapsed_are_monotonic(cal, a1, a2, n1, n2):
    a1, a2 = sorted((a1, a2))
    n1, n2 = sorted((n1, n2))
    assert cal.add(a1, n1) <= cal.add(a1, n2)
    assert cal.add(a1, n1) <= cal.add(a2, n1)
    assert cal.elapsed(a1, a2) <= cal.elapsed(a1, a2 + n2)
    assert cal.elapsed(a1, a2 + n2) >= cal.elapsed(a2, a2 + n2)


@settings(max_examples=200, deadline=None)
@given(calendars, minutes, st.integers(0, 3 * 1440))
def test_elapsed_matches_minute_stepping(cal, a, span_minutes):
    b = a + 60 * span_minutes
    assert cal.elapsed(a, b) == naive_elapsed_minutes(cal, a, b)


@settings(max_examples=200, deadline=None)
@given(calendars, instants, st.integers(0, 600))
def test_elapsed_matches_second_stepping(cal, a, span):
    assert cal.elapsed(a, a + span) == sum(1 for t in range(a, a + span) if naive_open(cal, t))


@settings(max_examples=300, deadline=None)
@given(calendars, instants)
def test_open_seconds_and_stretches_match_reference(cal, t):
    assert cal.elapsed(t, t + 1) == (1 if naive_open(cal, t) else 0)
    opens = breach_instant(cal, t, 0)  # the start of the first open second at or after t
    assert naive_open(cal, opens) and (opens == t or not naive_open(cal, opens - 1))
    assert cal.elapsed(t, opens) == 0
    spans = cal.open_intervals(t, t + 14 * 86400)
    closes = spans[0][1] if spans and spans[0][0] == t else t  # where the open stretch ends
    assert not naive_open(cal, closes) and (closes == t or naive_open(cal, closes - 1))
    assert cal.elapsed(t, closes) == closes - t


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WEEKLY), min_size=1, max_size=3, unique=True),
    instants,
    st.integers(0, 7 * 86400),
)
def test_union_open_set_is_the_union_of_members(members, a, span):
    union = UnionCalendar("u", tuple(members))
    assert union.elapsed(a, a + 1) == max(m.elapsed(a, a + 1) for m in members)
    # Sweep the members' intervals: the union's intervals are exactly their merge.
    pieces = sorted(iv for m in members for iv in m.open_intervals(a, a + span))
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    assert union.open_intervals(a, a + span) == merged
    assert union.elapsed(a, a + span) == sum(e - s for s, e in merged)
