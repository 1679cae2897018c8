"""The outside-world facts the checks rely on: zones, holiday countries, weekly window arithmetic."""

from __future__ import annotations

import pytest

from slac.check.world import (
    counted,
    holiday_problem,
    overlapping,
    quoted,
    week_interval,
    zone_known,
)
from slac.intervals import week_day_length

H = 3600


@pytest.mark.parametrize(
    "name, known",
    [
        ("Europe/London", True),
        ("America/New_York", True),
        ("UTC", True),
        ("Europe/Lndon", False),
        ("Europe", False),  # a directory of the tz database, not a zone
        ("", False),
        ("../etc/passwd", False),
    ],
)
def test_zone_known(name, known):
    assert zone_known(name) is known


@pytest.mark.parametrize(
    "country, subdivision, code",
    [
        ("GB", "ENG", None),
        ("US", None, None),
        ("DK", None, None),
        ("XX", None, "E302"),
        ("gb", None, "E302"),  # codes are upper case, as the holidays package spells them
        ("GB", "EN", "E303"),
        ("US", "ZZ", "E303"),
    ],
)
def test_holiday_problem(country, subdivision, code):
    problem = holiday_problem(country, subdivision)
    assert (problem[0] if problem else None) == code


@pytest.mark.parametrize(
    "country, subdivision",
    [
        ("GB", "ENG"),
        ("UK", None),
        ("GBR", None),
        ("GB", "England"),
        ("US", "CA"),
        ("XX", None),
        ("gb", None),
        ("GB", "EN"),
        ("US", "ca"),
        ("DE", "BY"),
        ("FR", None),
    ],
)
def test_holiday_problem_agrees_with_the_holidays_package(country, subdivision):
    # The check reads the registry instead of building calendars; it must accept exactly what
    # the calendars built at compile time will accept.
    import holidays

    try:
        holidays.country_holidays(country, subdiv=subdivision)
        accepted = True
    except NotImplementedError:
        accepted = False
    assert (holiday_problem(country, subdivision) is None) is accepted


def test_subdivision_help_names_the_close_one():
    assert holiday_problem("GB", "EN")[2] == "did you mean `GB/ENG`?"


@pytest.mark.parametrize(
    "day, open_, close, expected",
    [
        # Monday 09:00-17:00: 9h to 17h into the week.
        (0, 9 * H, 17 * H, (9 * H, 17 * H)),
        # Tuesday 08:00-01:00 crosses midnight: 24h+8h = 32h to 24h+25h = 49h.
        (1, 8 * H, 1 * H, (32 * H, 49 * H)),
        # 00:00-24:00 is the whole Wednesday: 48h to 72h.
        (2, 0, 24 * H, (48 * H, 72 * H)),
        # Sunday 22:00-02:00 runs past the week's end: 6*24+22 = 166h to 170h.
        (6, 22 * H, 2 * H, (166 * H, 170 * H)),
    ],
)
def test_week_interval(day, open_, close, expected):
    assert week_interval(day, open_, close) == expected


@pytest.mark.parametrize(
    "windows, pairs",
    [
        pytest.param([(0, 9 * H, 12 * H), (0, 13 * H, 17 * H)], [], id="lunch-gap"),
        pytest.param([(0, 9 * H, 12 * H), (0, 12 * H, 17 * H)], [], id="touching"),
        pytest.param([(0, 9 * H, 13 * H), (0, 12 * H, 17 * H)], [(0, 1)], id="same-day"),
        # Monday 20:00-03:00 runs into Tuesday 02:00-05:00.
        pytest.param([(0, 20 * H, 3 * H), (1, 2 * H, 5 * H)], [(0, 1)], id="crossing-midnight"),
        # Impero's uk desk: 08:00-01:00 each weekday never reaches the next day's 08:00.
        pytest.param([(d, 8 * H, 1 * H) for d in range(5)], [], id="impero-uk"),
        # Sunday 22:00-03:00 wraps into Monday 02:00-05:00.
        pytest.param([(6, 22 * H, 3 * H), (0, 2 * H, 5 * H)], [(0, 1)], id="week-wrap"),
    ],
)
def test_overlapping(windows, pairs):
    assert overlapping([week_interval(*w) for w in windows]) == pairs


@pytest.mark.parametrize(
    "windows, length",
    [
        # Totara mon-fri 09:00-17:00: 8h.
        pytest.param([(d, 9 * H, 17 * H) for d in range(5)], 8 * H, id="totara"),
        # Impero uk mon-fri 08:00-01:00: 08:00 to 01:00 next day is 17h.
        pytest.param([(d, 8 * H, 1 * H) for d in range(5)], 17 * H, id="impero-uk"),
        # Split day 09:00-12:00 + 13:00-17:00 = 7h every day.
        pytest.param(
            [(0, 9 * H, 12 * H), (0, 13 * H, 17 * H), (1, 9 * H, 16 * H)], 7 * H, id="split"
        ),
        # Saturday mornings (3h) do not change the weekday length (8h).
        pytest.param([(0, 9 * H, 17 * H), (5, 9 * H, 12 * H)], 8 * H, id="weekend-ignored"),
        # Friday closes early (4h) while Monday is open 8h: no single length.
        pytest.param([(0, 9 * H, 17 * H), (4, 9 * H, 13 * H)], None, id="uneven-weekdays"),
        pytest.param([(5, 9 * H, 17 * H)], None, id="weekend-only"),
        pytest.param([], None, id="no-windows"),
    ],
)
def test_week_day_length(windows, length):
    """The one day-length rule (`slac.intervals.week_day_length`), fed as a calendar's windows."""
    week: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for day, open_, close in windows:
        week[day].append((open_, close))
    assert week_day_length(week) == length


def test_quoted_lists_in_order_and_cuts_at_the_limit():
    assert quoted(["uk", "us"]) == "`uk`, `us`"
    assert quoted("abc", limit=2) == "`a`, `b`, ..."
    assert quoted("ab", limit=2) == "`a`, `b`"


def test_counted():
    assert (counted(1, "cell"), counted(0, "cell"), counted(3, "cell")) == (
        "1 cell",
        "0 cells",
        "3 cells",
    )
