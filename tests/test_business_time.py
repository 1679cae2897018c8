"""Hand-worked business-time cases: every expected instant and duration is a literal worked
out from the calendar rules (the arithmetic is in the comment), never recomputed by the code.

Holiday dates written here were read once from the `holidays` package (0.109):
GB/ENG 2026: Jan 1, Apr 3 (Good Fri), Apr 6 (Easter Mon), May 4, May 25, Aug 31, Dec 25,
  Dec 28 (Boxing Day observed); 2027: Jan 1 (Fri).
US 2026: Jan 1, Jan 19, Feb 16, May 25, Jun 19, Jul 3 (Independence Day observed), Jul 4,
  Sep 7, Oct 12, Nov 11, Nov 26, Dec 25.
DK 2026: Jan 1, Apr 2 (Maundy Thu), Apr 3, Apr 5, Apr 6, May 14 (Ascension), May 24,
  May 25, Dec 25, Dec 26.
Clock changes 2026: EU (London, Copenhagen) Mar 29 and Oct 25 at 01:00Z; US Mar 8, Nov 1.
"""

from __future__ import annotations

import calendar as gregorian
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slac.business_time import (
    AlwaysOpen,
    HolidaySource,
    UnionCalendar,
    WeeklyCalendar,
    breach_instant,
)

H = 3600
NONE: tuple = ()


def Z(text: str) -> int:
    """Epoch seconds of a UTC literal like "2026-03-06 16:00" (parsing only, no calendar)."""
    return gregorian.timegm(datetime.fromisoformat(text).timetuple())


def weekdays(*window: tuple[int, int]) -> tuple:
    return (window,) * 5 + (NONE, NONE)


ENG = HolidaySource("GB", "ENG")
# Totara: Mon-Fri 09:00-17:00 London, bank holidays.
TOTARA = WeeklyCalendar("totara", "Europe/London", weekdays((9 * H, 17 * H)), holidays=(ENG,))
# Impero UK desk: Mon-Fri 08:00-01:00 London (the window closes at 01:00 the next day).
IMPERO_UK = WeeklyCalendar("uk", "Europe/London", weekdays((8 * H, 1 * H)), holidays=(ENG,))
CPH = WeeklyCalendar(
    "cph", "Europe/Copenhagen", weekdays((9 * H, 17 * H)), holidays=(HolidaySource("DK"),)
)
NY = WeeklyCalendar(
    "ny", "America/New_York", weekdays((9 * H, 17 * H)), holidays=(HolidaySource("US"),)
)
CLICKLEARN = UnionCalendar("clicklearn", (CPH, NY), day_seconds=14 * H)
# Saturday night 20:00-03:00 London: crosses both 2026 clock-change nights.
SAT_NIGHT = WeeklyCalendar("night", "Europe/London", (NONE,) * 5 + (((20 * H, 3 * H),), NONE))
# Sunday 01:30-03:00 London: its opening is inside the spring-forward gap on 2026-03-29.
SUN_GAP = WeeklyCalendar("gap", "Europe/London", (NONE,) * 6 + (((5400, 3 * H),),))
# Every day 09:00-17:00 London, to see the clock-change Sundays themselves.
DAILY = WeeklyCalendar("daily", "Europe/London", (((9 * H, 17 * H),),) * 7)

ELAPSED = [
    # Fri 16:00-17:00 (1 h) + Mon 09:00-10:00 (1 h); GMT so local == UTC.
    (TOTARA, "2026-03-06 16:00", "2026-03-09 10:00", 2 * H, "weekend"),
    (TOTARA, "2026-03-07 00:00", "2026-03-09 00:00", 0, "only-weekend"),
    (TOTARA, "2026-03-09 10:00", "2026-03-06 16:00", 0, "b-before-a"),
    (TOTARA, "2026-03-09 10:00", "2026-03-09 10:00", 0, "empty"),
    # Thu 2 Apr 16:00-17:00 BST (1 h), Fri 3 Good Friday, Mon 6 Easter Monday,
    # Tue 7 09:00-10:00 BST (1 h).
    (TOTARA, "2026-04-02 15:00", "2026-04-07 09:00", 2 * H, "easter"),
    # 2026 has 261 weekdays (Thu 1 Jan + 52 weeks), minus 8 weekday bank holidays = 253 x 8 h.
    (TOTARA, "2026-01-01 00:00", "2027-01-01 00:00", 253 * 8 * H, "year-2026"),
    # Thu 31 Dec 8 h, Fri 1 Jan 2027 bank holiday, weekend, Mon 4 Jan 8 h.
    (TOTARA, "2026-12-31 00:00", "2027-01-05 00:00", 16 * H, "new-year"),
    # Wed 25 Nov 09-17 EST = 14-22Z (8 h), Thu 26 Thanksgiving, Fri 27 is not federal (8 h).
    (NY, "2026-11-25 00:00", "2026-11-28 00:00", 16 * H, "us-thanksgiving"),
    # Wed 1 Apr 09-17 CEST = 07-15Z (8 h), Thu 2 - Mon 6 closed (DK Easter), Tue 7 (8 h).
    (CPH, "2026-04-01 00:00", "2026-04-08 00:00", 16 * H, "dk-easter"),
    # Thu 2 Apr 07:00Z - Fri 00:00Z (08:00-01:00 BST, 17 h, Good Friday does not cut it),
    # Tue 7 Apr 07:00Z - Wed 00:00Z (17 h).
    (IMPERO_UK, "2026-04-02 07:00", "2026-04-08 00:00", 34 * H, "impero-easter"),
    # Fri 6 Mar 08:00 - Sat 01:00 GMT (17 h), Mon 9 Mar 08:00-09:00 (1 h).
    (IMPERO_UK, "2026-03-06 08:00", "2026-03-09 09:00", 18 * H, "impero-friday-into-saturday"),
    # Thu 31 Dec 08:00 - Fri 1 Jan 01:00 GMT runs over the UTC year boundary: 17 h.
    (IMPERO_UK, "2026-12-31 08:00", "2027-01-01 01:00", 17 * H, "impero-over-new-year"),
    # Winter: CPH 09-17 CET = 08-16Z, NY 09-17 EST = 14-22Z: union 08-22Z = 14 h.
    (CLICKLEARN, "2026-01-13 00:00", "2026-01-14 00:00", 14 * H, "union-winter"),
    # US on EDT since 8 Mar, EU not until 29 Mar: CPH 08-16Z, NY 13-21Z: 08-21Z = 13 h.
    (CLICKLEARN, "2026-03-10 00:00", "2026-03-11 00:00", 13 * H, "union-march-gap"),
    # Mon 9 - Fri 13 Mar, each 13 h.
    (CLICKLEARN, "2026-03-09 00:00", "2026-03-14 00:00", 5 * 13 * H, "union-march-gap-week"),
    # Both on summer time: CPH 07-15Z, NY 13-21Z: 07-21Z = 14 h.
    (CLICKLEARN, "2026-03-31 00:00", "2026-04-01 00:00", 14 * H, "union-after-eu-change"),
    (CLICKLEARN, "2026-06-16 00:00", "2026-06-17 00:00", 14 * H, "union-summer"),
    # EU back on CET since 25 Oct, US on EDT until 1 Nov: CPH 08-16Z, NY 13-21Z: 13 h.
    (CLICKLEARN, "2026-10-27 00:00", "2026-10-28 00:00", 13 * H, "union-october-gap"),
    (CLICKLEARN, "2026-11-03 00:00", "2026-11-04 00:00", 14 * H, "union-after-us-change"),
    # Fri 3 Jul: US Independence Day observed, Danish working day: CPH 07-15Z only.
    (CLICKLEARN, "2026-07-03 00:00", "2026-07-04 00:00", 8 * H, "union-us-holiday-only"),
    # Thu 14 May: Danish Ascension Day, US working day: NY 13-21Z only.
    (CLICKLEARN, "2026-05-14 00:00", "2026-05-15 00:00", 8 * H, "union-dk-holiday-only"),
    (CLICKLEARN, "2026-04-02 00:00", "2026-04-03 00:00", 8 * H, "union-maundy-thursday"),
    (CLICKLEARN, "2026-12-25 00:00", "2026-12-26 00:00", 0, "union-both-closed"),
    # Sat 28 Mar 20:00 GMT = 20:00Z to Sun 03:00 BST = 02:00Z: 6 h.
    (SAT_NIGHT, "2026-03-28 00:00", "2026-03-30 00:00", 6 * H, "night-spring-forward"),
    # Sat 24 Oct 20:00 BST = 19:00Z to Sun 03:00 GMT = 03:00Z: 8 h.
    (SAT_NIGHT, "2026-10-24 00:00", "2026-10-26 00:00", 8 * H, "night-fall-back"),
    # Clock-change Sundays: 09:00-17:00 is 8 real hours (08-16Z, then 09-17Z).
    (DAILY, "2026-03-29 00:00", "2026-03-30 00:00", 8 * H, "daily-spring-forward"),
    (DAILY, "2026-10-25 00:00", "2026-10-26 00:00", 8 * H, "daily-fall-back"),
    # Normal Sunday 01:30-03:00 GMT: 1.5 h.
    (SUN_GAP, "2026-03-22 00:00", "2026-03-23 00:00", 5400, "gap-normal-sunday"),
    # 01:30 does not exist on 29 Mar (01:00 GMT -> 02:00 BST); read with fold=0 it is
    # 01:30Z (= 02:30 BST). 03:00 BST = 02:00Z. Open 01:30Z-02:00Z: 30 min.
    (SUN_GAP, "2026-03-29 00:00", "2026-03-30 00:00", 1800, "gap-opening-in-gap"),
    # 01:30 happens twice on 25 Oct; the first (BST) is 00:30Z. 03:00 GMT = 03:00Z: 2.5 h.
    (SUN_GAP, "2026-10-25 00:00", "2026-10-26 00:00", 9000, "gap-ambiguous-opening"),
    (AlwaysOpen(), "2026-03-06 16:00", "2026-03-09 10:00", 66 * H, "always-open"),
]


@pytest.mark.parametrize(
    ("cal", "a", "b", "expected"), [c[:4] for c in ELAPSED], ids=[c[4] for c in ELAPSED]
)
def test_elapsed(cal, a, b, expected):
    assert cal.elapsed(Z(a), Z(b)) == expected


ADD = [
    # Fri 16:00 + 1 h uses up Friday: due at the closing instant, not Monday's opening.
    (TOTARA, "2026-03-06 16:00", H, "2026-03-06 17:00", "lands-on-close"),
    # One second more: Mon 09:00:01.
    (TOTARA, "2026-03-06 16:00", H + 1, "2026-03-09 09:00:01", "one-past-close"),
    # Starting inside closed time counts from the next opening: Mon 09:00 + 1 h.
    (TOTARA, "2026-03-07 12:00", H, "2026-03-09 10:00", "start-on-saturday"),
    (TOTARA, "2026-03-07 12:00", 0, "2026-03-07 12:00", "zero-while-closed"),
    (TOTARA, "2026-03-06 16:00", 0, "2026-03-06 16:00", "zero-while-open"),
    # Mon 2 Mar 09:00 + 37 h: Mon-Thu 32 h, Fri 09:00 + 5 h = 14:00.
    (TOTARA, "2026-03-02 09:00", 37 * H, "2026-03-06 14:00", "37-hours"),
    # Mon 1 Jun 09:00 BST = 08:00Z; + 8 h = 17:00 BST = 16:00Z.
    (TOTARA, "2026-06-01 08:00", 8 * H, "2026-06-01 16:00", "summer-day"),
    # Thu 24 Dec 16:00 + 2 h: 1 h Thu, Fri 25 and Mon 28 closed, Tue 29 09:00 + 1 h.
    (TOTARA, "2026-12-24 16:00", 2 * H, "2026-12-29 10:00", "christmas"),
    # 45 business days from Mon 2 Mar 09:00: Mar 2-27 = 20 days, Mar 30-Apr 2 = 24
    # (Apr 3, 6 closed), Apr 7-10 = 28, Apr 13-May 1 = 43, May 5-6 = 45 (May 4 closed);
    # the 45th day ends Wed 6 May 17:00 BST = 16:00Z.
    (TOTARA, "2026-03-02 09:00", 45 * 8 * H, "2026-05-06 16:00", "45-business-days"),
    # The whole of 2026 (253 days x 8 h) ends on Thu 31 Dec 17:00.
    (TOTARA, "2026-01-01 00:00", 253 * 8 * H, "2026-12-31 17:00", "whole-year"),
    # One second more: Fri 1 Jan 2027 is a bank holiday, so Mon 4 Jan 09:00:01.
    (TOTARA, "2026-01-01 00:00", 253 * 8 * H + 1, "2027-01-04 09:00:01", "year-plus-one"),
    # Thu 2 Apr 22:00Z + 3 h: 2 h to 00:00Z (01:00 BST Fri), then Tue 7 Apr 07:00Z + 1 h.
    (IMPERO_UK, "2026-04-02 22:00", 3 * H, "2026-04-07 08:00", "impero-over-easter"),
    # Thu 2 Jul 20:00Z (16:00 EDT) + 2 h: 1 h Thu, Fri 3 Jul observed holiday,
    # Mon 6 Jul 13:00Z + 1 h.
    (NY, "2026-07-02 20:00", 2 * H, "2026-07-06 14:00", "us-independence-observed"),
    # Tue 13 Jan 21:00Z + 2 h: 1 h to 22:00Z, Wed 08:00Z (CPH opens) + 1 h.
    (CLICKLEARN, "2026-01-13 21:00", 2 * H, "2026-01-14 09:00", "union"),
    (AlwaysOpen(), "2026-03-07 12:00", 90, "2026-03-07 12:01:30", "always-open"),
]


@pytest.mark.parametrize(
    ("cal", "a", "n", "expected"), [c[:4] for c in ADD], ids=[c[4] for c in ADD]
)
def test_add(cal, a, n, expected):
    assert cal.add(Z(a), n) == Z(expected)


BREACH = [
    # Fri 16:00 + 1 h is due Fri 17:00 but only passed at Mon 09:00 (a Mon 08:30 reply is met).
    (TOTARA, "2026-03-06 16:00", H, "2026-03-09 09:00", "over-weekend"),
    # Inside a window the two conventions agree: Mon 09:00 + 1 h.
    (TOTARA, "2026-03-09 09:00", H, "2026-03-09 10:00", "inside-window"),
    (IMPERO_UK, "2026-04-02 23:00", H, "2026-04-07 07:00", "impero-over-easter"),
]


@pytest.mark.parametrize(
    ("cal", "a", "n", "expected"), [c[:4] for c in BREACH], ids=[c[4] for c in BREACH]
)
def test_breach_instant(cal, a, n, expected):
    assert breach_instant(cal, Z(a), n) == Z(expected)


IS_OPEN = [
    (TOTARA, "2026-03-06 16:59:59", True, "last-second"),
    (TOTARA, "2026-03-06 17:00", False, "closing-instant"),
    (TOTARA, "2026-03-09 09:00", True, "opening-instant"),
    (TOTARA, "2026-04-03 11:00", False, "good-friday"),
    (TOTARA, "2026-12-28 12:00", False, "boxing-day-observed"),
    # 1971: British Standard Time all year (UTC+1), so Mon 4 Jan 09:00 local = 08:00Z.
    (TOTARA, "1971-01-04 08:00", True, "1971-bst-all-year"),
    (TOTARA, "1971-01-04 07:59:59", False, "1971-before-open"),
    # 00:30 BST Fri 3 Apr: Thursday's window runs into Good Friday.
    (IMPERO_UK, "2026-04-02 23:30", True, "impero-thursday-into-good-friday"),
    (IMPERO_UK, "2026-04-03 00:00", False, "impero-closes-01-bst"),
    # 00:30 BST Sat 4 Apr: Good Friday's window never opened.
    (IMPERO_UK, "2026-04-03 23:30", False, "impero-good-friday-window-closed"),
    (IMPERO_UK, "2026-03-07 00:30", True, "impero-friday-into-saturday"),
    # 00:30 Monday: Sunday has no window to run into Monday.
    (IMPERO_UK, "2026-03-09 00:30", False, "impero-monday-small-hours"),
    # 1 Jan 2027 00:30 GMT: Thursday 31 Dec's window, though 1 Jan is a bank holiday.
    (IMPERO_UK, "2027-01-01 00:30", True, "impero-into-new-years-day"),
    (CLICKLEARN, "2026-07-03 16:00", False, "union-us-holiday"),
    (CLICKLEARN, "2026-07-03 14:59:59", True, "union-cph-open"),
    (SUN_GAP, "2026-03-29 01:29:59", False, "gap-before"),
    (SUN_GAP, "2026-03-29 01:30", True, "gap-opening"),
]


@pytest.mark.parametrize(
    ("cal", "t", "expected"), [c[:3] for c in IS_OPEN], ids=[c[3] for c in IS_OPEN]
)
def test_second_is_open(cal, t, expected):
    assert cal.elapsed(Z(t), Z(t) + 1) == (1 if expected else 0)


NEXT_OPEN = [
    (TOTARA, "2026-03-06 17:00", "2026-03-09 09:00", "weekend"),
    (TOTARA, "2026-03-06 12:00", "2026-03-06 12:00", "already-open"),
    # Good Friday 12:00 BST: Easter Monday closed too; Tue 7 Apr 09:00 BST = 08:00Z.
    (TOTARA, "2026-04-03 11:00", "2026-04-07 08:00", "easter"),
    # Fri 1 May 17:00 BST; Mon 4 May bank holiday; Tue 5 May 09:00 BST.
    (TOTARA, "2026-05-01 16:00", "2026-05-05 08:00", "early-may"),
    (TOTARA, "2026-08-28 16:00", "2026-09-01 08:00", "late-summer"),
    (IMPERO_UK, "2026-04-03 00:00", "2026-04-07 07:00", "impero-easter"),
    (IMPERO_UK, "2026-03-07 01:00", "2026-03-09 08:00", "impero-weekend"),
    # Thu 14 May Ascension (DK): Fri 15 May 09:00 CEST = 07:00Z.
    (CPH, "2026-05-13 15:00", "2026-05-15 07:00", "dk-ascension"),
    (SUN_GAP, "2026-03-29 00:00", "2026-03-29 01:30", "gap"),
    (SUN_GAP, "2026-10-25 00:00", "2026-10-25 00:30", "ambiguous"),
]


@pytest.mark.parametrize(
    ("cal", "t", "expected"), [c[:3] for c in NEXT_OPEN], ids=[c[3] for c in NEXT_OPEN]
)
def test_next_opening_is_where_the_first_open_second_starts(cal, t, expected):
    # breach_instant(cal, t, 0): the start of the first open second at or after t.
    assert breach_instant(cal, Z(t), 0) == Z(expected)


NEXT_CLOSE = [
    (TOTARA, "2026-03-06 12:00", "2026-03-06 17:00", "friday"),
    (TOTARA, "2026-03-07 12:00", "2026-03-07 12:00", "already-closed"),
    (IMPERO_UK, "2026-04-02 12:00", "2026-04-03 00:00", "impero-maundy-thursday"),
    (IMPERO_UK, "2026-03-06 20:00", "2026-03-07 01:00", "impero-friday"),
    # The window runs over the UTC year boundary; it must not stop at 00:00Z.
    (IMPERO_UK, "2026-12-31 12:00", "2027-01-01 01:00", "impero-over-year-end"),
    # CPH 08-16Z and NY 14-22Z meet: one interval to 22:00Z.
    (CLICKLEARN, "2026-01-13 09:00", "2026-01-13 22:00", "union-merged"),
    (SAT_NIGHT, "2026-03-28 21:00", "2026-03-29 02:00", "night-spring-forward"),
    (SAT_NIGHT, "2026-10-24 21:00", "2026-10-25 03:00", "night-fall-back"),
]


@pytest.mark.parametrize(
    ("cal", "t", "expected"), [c[:3] for c in NEXT_CLOSE], ids=[c[3] for c in NEXT_CLOSE]
)
def test_open_stretch_ends_at_the_next_close(cal, t, expected):
    assert first_closed(cal, Z(t)) == Z(expected)


def first_closed(cal, t: int) -> int:
    """The earliest closed instant at or after t: where the open stretch holding t ends."""
    spans = cal.open_intervals(t, t + 14 * 86400)
    return spans[0][1] if spans and spans[0][0] == t else t


def test_open_intervals_clipped_and_merged():
    got = TOTARA.open_intervals(Z("2026-03-06 12:00"), Z("2026-03-10 10:00"))
    assert got == [
        (Z("2026-03-06 12:00"), Z("2026-03-06 17:00")),
        (Z("2026-03-09 09:00"), Z("2026-03-09 17:00")),
        (Z("2026-03-10 09:00"), Z("2026-03-10 10:00")),
    ]
    assert CLICKLEARN.open_intervals(Z("2026-03-10 00:00"), Z("2026-03-11 00:00")) == [
        (Z("2026-03-10 08:00"), Z("2026-03-10 21:00"))
    ]
    assert SUN_GAP.open_intervals(Z("2026-03-29 00:00"), Z("2026-03-30 00:00")) == [
        (Z("2026-03-29 01:30"), Z("2026-03-29 02:00"))
    ]
    assert TOTARA.open_intervals(Z("2026-03-10 00:00"), Z("2026-03-09 00:00")) == []


def test_queries_going_back_in_time_after_later_years():
    cal = WeeklyCalendar("fresh", "Europe/London", weekdays((9 * H, 17 * H)), holidays=(ENG,))
    # 2027: Mon 4 Jan 8 h; then 2025 (built after): Tue 30 Dec 2025 09-17 GMT.
    assert cal.elapsed(Z("2027-01-04 00:00"), Z("2027-01-05 00:00")) == 8 * H
    assert cal.elapsed(Z("2025-12-30 00:00"), Z("2025-12-31 00:00")) == 8 * H
    # Across all three years: Dec 30, 31 (2025; 1 Jan 2026 closed), the 2026 total, Jan 4 2027.
    assert cal.elapsed(Z("2025-12-30 00:00"), Z("2027-01-05 00:00")) == (2 + 253 + 1) * 8 * H


@pytest.mark.parametrize(
    ("cal", "expected"),
    [
        (TOTARA, 8 * H),
        (IMPERO_UK, 17 * H),
        (
            WeeklyCalendar(
                "short-fri", "UTC", ((((9 * H, 17 * H),),) * 4 + (((9 * H, 13 * H),), NONE, NONE))
            ),
            None,
        ),
        (WeeklyCalendar("stated", "UTC", weekdays((9 * H, 17 * H)), day_seconds=7 * H), 7 * H),
        (SAT_NIGHT, None),
        (CLICKLEARN, 14 * H),
        (UnionCalendar("u", (CPH, NY)), None),
        (AlwaysOpen(), 86400),
    ],
    ids=[
        "derived",
        "crossing-midnight",
        "weekdays-differ",
        "stated",
        "no-weekdays",
        "union-stated",
        "union-unstated",
        "always-open",
    ],
)
def test_day_seconds(cal, expected):
    assert cal.day_seconds == expected


def test_closed_dates_close_windows_opening_that_day():
    cal = WeeklyCalendar(
        "x", "Europe/London", weekdays((8 * H, 1 * H)), closed_dates=frozenset({date(2026, 3, 5)})
    )
    # Thu 5 Mar closed: Wed's window runs to Thu 01:00 GMT, then nothing until Fri 08:00.
    assert first_closed(cal, Z("2026-03-04 12:00")) == Z("2026-03-05 01:00")
    assert breach_instant(cal, Z("2026-03-05 01:00"), 0) == Z("2026-03-06 08:00")


def test_union_with_always_open_never_closes_within_range():
    cal = UnionCalendar("u", (TOTARA, AlwaysOpen()))
    assert cal.elapsed(Z("2026-03-07 00:00"), Z("2026-03-08 00:00")) == 24 * H


LONDON = ZoneInfo("Europe/London")
UTC = UTC


def test_datetime_api_converts_at_the_edge():
    start = datetime(2026, 3, 6, 16, tzinfo=LONDON)
    due = TOTARA.add_to(start, timedelta(hours=1))
    assert due == datetime(2026, 3, 6, 17, tzinfo=UTC)
    assert due.utcoffset() == timedelta(0) and due.tzinfo is UTC
    a = datetime.fromisoformat("2026-04-02T16:00:00+01:00")
    b = datetime.fromisoformat("2026-04-07T10:00:00+01:00")
    assert TOTARA.elapsed_between(a, b) == timedelta(hours=2)


@pytest.mark.parametrize(
    "call",
    [
        lambda: TOTARA.elapsed_between(
            datetime(2026, 3, 6, 16), datetime(2026, 3, 9, 10, tzinfo=UTC)
        ),
        lambda: TOTARA.elapsed_between(
            datetime(2026, 3, 6, 16, tzinfo=UTC), datetime(2026, 3, 9, 10)
        ),
        lambda: TOTARA.add_to(datetime(2026, 3, 6, 16), timedelta(hours=1)),
    ],
    ids=["naive-a", "naive-b", "naive-add"],
)
def test_naive_datetimes_raise(call):
    with pytest.raises(ValueError, match="naive"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: TOTARA.add(Z("2026-03-06 16:00"), -1),
        lambda: TOTARA.elapsed(Z("2200-01-01 00:00"), Z("2200-01-01 00:01")),
        lambda: TOTARA.elapsed(Z("1969-12-31 00:00"), Z("2026-01-01 00:00")),
        lambda: WeeklyCalendar("x", "UTC", weekdays((9 * H, 17 * H))[:6]),
        lambda: WeeklyCalendar("x", "UTC", weekdays((86400, 3600))),
        lambda: HolidaySource("XX"),
        lambda: UnionCalendar("u", ()),
        # A calendar with no windows never opens: add gives up at the end of the range.
        lambda: WeeklyCalendar("never", "UTC", (NONE,) * 7).add(Z("2026-01-01 00:00"), 1),
    ],
    ids=[
        "negative-n",
        "past-2199",
        "before-1970",
        "six-days",
        "open-24h",
        "bad-country",
        "empty-union",
        "never-opens",
    ],
)
def test_invalid_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_threads_growing_one_table_agree():
    cal = WeeklyCalendar("shared", "Europe/London", weekdays((9 * H, 17 * H)), holidays=(ENG,))
    # Each thread asks about a different year first, so the table grows both ways at once;
    # every answer is the 2026 total (253 days x 8 h), asked after the thread's own year.
    years = [2030, 2022, 2026, 2035, 2019, 2028, 2024, 2031] * 4

    def job(year: int) -> int:
        cal.elapsed(Z(f"{year}-06-01 12:00"), Z(f"{year}-06-01 13:00"))
        return cal.elapsed(Z("2026-01-01 00:00"), Z("2027-01-01 00:00"))

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(job, years)) == {253 * 8 * H}


def test_calendars_are_values():
    twin = WeeklyCalendar("totara", "Europe/London", weekdays((9 * H, 17 * H)), holidays=(ENG,))
    TOTARA.elapsed(
        Z("2026-03-06 12:00"), Z("2026-03-06 13:00")
    )  # a built table must not affect equality
    assert twin == TOTARA and hash(twin) == hash(TOTARA)
    assert "Table" not in repr(TOTARA)
