"""Deadline instants (docs/semantics.md, "Deadlines"), worked by hand on small calendars.

March 2026: Mon 2, Tue 3, Wed 4, Fri 6, Sat 7, Mon 9, Tue 10, Wed 11, Thu 12; Europe/London is
GMT (= UTC) until Sun 29 March 01:00 UTC, then BST (UTC+1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from slac.business_time import AlwaysOpen, UnionCalendar, WeeklyCalendar
from slac.evaluation.deadlines import deadline

H = 3600
WEEKDAYS = 5
OFFICE = WeeklyCalendar("office", "UTC", (((9 * H, 17 * H),),) * WEEKDAYS + ((), ()))
CLOSED_WED_11 = WeeklyCalendar(
    "office", "UTC", (((9 * H, 17 * H),),) * WEEKDAYS + ((), ()), closed_dates={date(2026, 3, 11)}
)
# Impero's UK desk: 08:00 to 01:00 the next morning, Mon-Fri.
UK = WeeklyCalendar("uk", "Europe/London", (((8 * H, 1 * H),),) * WEEKDAYS + ((), ()))
LONDON = WeeklyCalendar("london", "Europe/London", (((9 * H, 17 * H),),) * WEEKDAYS + ((), ()))
LATE = WeeklyCalendar("late", "UTC", (((14 * H, 20 * H),),) * WEEKDAYS + ((), ()))
BOTH = UnionCalendar("both", (OFFICE, LATE), day_seconds=11 * H)

EOD, NEXT_EOD, NOON = (None, False), (None, True), (12 * H, True)


def t(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


CASES = [
    ("in-hours-closes-that-day", OFFICE, "2026-03-02T10:00", EOD, "2026-03-02T17:00"),
    ("after-hours-belongs-to-the-next-day", OFFICE, "2026-03-02T18:00", EOD, "2026-03-03T17:00"),
    ("before-opening-belongs-to-that-day", OFFICE, "2026-03-02T07:00", EOD, "2026-03-02T17:00"),
    ("at-the-close-belongs-to-the-next-day", OFFICE, "2026-03-02T17:00", EOD, "2026-03-03T17:00"),
    ("next-day-from-friday-is-monday", OFFICE, "2026-03-06T15:00", NEXT_EOD, "2026-03-09T17:00"),
    # Saturday belongs to Monday; the day after Monday is Tuesday.
    ("next-day-from-saturday", OFFICE, "2026-03-07T10:00", NEXT_EOD, "2026-03-10T17:00"),
    ("noon-next-day", OFFICE, "2026-03-02T16:00", NOON, "2026-03-03T12:00"),
    ("a-closed-date-is-skipped", CLOSED_WED_11, "2026-03-10T10:00", NEXT_EOD, "2026-03-12T17:00"),
    # Monday's stretch runs 08:00 to Tuesday 01:00 (GMT): Monday's close is Tuesday 01:00.
    ("a-window-past-midnight-closes-next-morning", UK, "2026-03-02T23:30", EOD, "2026-03-03T01:00"),
    ("after-midnight-still-the-opening-day", UK, "2026-03-03T00:30", EOD, "2026-03-03T01:00"),
    ("next-day-after-a-midnight-window", UK, "2026-03-02T23:30", NEXT_EOD, "2026-03-04T01:00"),
    # Fri 27 March GMT; Monday 30 March is BST: 17:00 BST = 16:00Z.
    ("next-day-across-the-clock-change", LONDON, "2026-03-27T10:00", NEXT_EOD, "2026-03-30T16:00"),
    ("noon-across-the-clock-change", LONDON, "2026-03-27T10:00", NOON, "2026-03-30T11:00"),
    # Union 09:00-20:00 (the members overlap 14:00-17:00): the day closes at 20:00.
    ("a-union-closes-with-its-last-desk", BOTH, "2026-03-02T10:00", EOD, "2026-03-02T20:00"),
    # The evaluator's fallback for a ticket without calendar: UTC days closing at midnight.
    ("always-open-days-end-at-midnight", AlwaysOpen(), "2026-03-02T10:00", EOD, "2026-03-03T00:00"),
    ("always-open-next-day", AlwaysOpen(), "2026-03-02T10:00", NEXT_EOD, "2026-03-04T00:00"),
    ("always-open-noon", AlwaysOpen(), "2026-03-02T10:00", NOON, "2026-03-03T12:00"),
]


@pytest.mark.parametrize(
    ("calendar", "start", "cell", "expected"), [pytest.param(*c[1:], id=c[0]) for c in CASES]
)
def test_deadline(calendar, start, cell, expected):
    time, next_day = cell
    assert deadline(calendar, t(start), time, next_day) == t(expected)


# The edge of the supported years (docs/semantics.md, "The edge of time"): Mon 30 and Tue 31
# December 2199 are the last business days; a deadline in 2200 is None (no due), never an error.
EDGE = [
    ("the-last-business-day-closes", "2199-12-31T10:00", EOD, "2199-12-31T17:00"),
    ("the-next-day-is-the-last-one", "2199-12-30T10:00", NEXT_EOD, "2199-12-31T17:00"),
    ("a-next-day-in-2200-is-none", "2199-12-31T10:00", NEXT_EOD, None),
    ("noon-in-2200-is-none", "2199-12-31T10:00", NOON, None),
    ("after-the-last-close-is-none", "2199-12-31T18:00", EOD, None),
    # Thu 1 January 1970, the first day: nothing before it is looked up.
    ("the-first-day-closes", "1970-01-01T10:00", EOD, "1970-01-01T17:00"),
]


@pytest.mark.parametrize(
    ("start", "cell", "expected"), [pytest.param(*c[1:], id=c[0]) for c in EDGE]
)
def test_deadline_at_the_edge_of_the_years(start, cell, expected):
    time, next_day = cell
    assert deadline(OFFICE, t(start), time, next_day) == (None if expected is None else t(expected))
