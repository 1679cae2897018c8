"""Facts about the outside world the checks consult: IANA zones, holiday countries, week arithmetic;
and the words help lines are made of (close names, quoted lists, counts).

Kept apart from the AST walking so each answer is cached once per process and can be tested on
its own. Holiday names are answered by `slac.holiday_registry`, which reads the `holidays`
package's source rather than importing it (that costs ~150 ms).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from slac import holiday_registry
from slac.intervals import DAY

WEEK = 7 * DAY


def did_you_mean(name: str, candidates: Iterable[str], listing: str | None = None) -> str | None:
    """`did you mean `x`?` when a candidate is close to `name`; else, given `listing` (say
    "declared priorities"), the candidates in their order; else None."""
    ordered = list(dict.fromkeys(candidates))
    import difflib  # loaded for the first misspelt name, not by every check

    close = difflib.get_close_matches(name, ordered, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if listing and ordered:
        return f"{listing} {quoted(ordered, limit=10)}"
    return None


def quoted(names: Iterable[str], limit: int | None = None) -> str:
    """`a`, `b`, `c`: the names in order (the first `limit` of them, then `...`)."""
    every = list(names)
    shown = every if limit is None else every[:limit]
    return ", ".join(f"`{name}`" for name in shown) + (", ..." if len(shown) < len(every) else "")


def counted(number: int, noun: str) -> str:
    """`1 cell`, `3 cells`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@functools.cache
def zone_known(name: str) -> bool:
    """Whether `name` is an IANA zone. Trying ZoneInfo is fast; listing every zone is not."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
        return True
    except Exception:  # ValueError, ZoneInfoNotFoundError, IsADirectoryError ("Europe")
        return False


def zone_suggestion(name: str) -> str | None:
    """A close IANA zone name, for help; only computed on the (rare) error path."""
    from zoneinfo import available_timezones

    zones = available_timezones()
    folded = {zone.lower(): zone for zone in zones}
    if name.lower() in folded:
        return f"did you mean `{folded[name.lower()]}`?"
    return did_you_mean(name, zones)


@functools.cache
def holiday_problem(country: str, subdivision: str | None) -> tuple[str, str, str | None] | None:
    """None when the holidays package knows `country` (and `subdivision`), else (code, message,
    help): E302 for the country, E303 for the subdivision.

    Answered from the package's registry and the country class's declared subdivisions, read
    without importing the package (`slac.holiday_registry`; `slac check` must start fast). The
    names accepted are the ones `holidays.country_holidays` accepts: ISO codes and their aliases.
    """
    if not holiday_registry.known(country, None):
        help = (
            did_you_mean(country.upper(), _alpha2())
            or "use an ISO 3166 alpha-2 code such as `GB`, `US` or `DK`"
        )
        return ("E302", f"unknown holiday country `{country}`", help)
    if subdivision is None or holiday_registry.known(country, subdivision):
        return None
    import difflib

    subdivisions, _aliases = holiday_registry.subdivisions(country)
    close = difflib.get_close_matches(subdivision, subdivisions, n=1)
    listed = quoted(subdivisions, limit=12)
    help = (
        f"did you mean `{country}/{close[0]}`?"
        if close
        else (
            f"`{country}` has the subdivisions {listed}"
            if subdivisions
            else f"`{country}` has no subdivisions"
        )
    )
    return ("E303", f"unknown holiday subdivision `{country}/{subdivision}`", help)


def _alpha2() -> list[str]:
    return [code for code in holiday_registry.countries() if len(code) == 2]


# ---------------------------------------------------------------------------------------------
# Weekly windows as intervals of one week [0, WEEK), Monday 00:00 first


def week_interval(day: int, open_seconds: int, close_seconds: int) -> tuple[int, int]:
    """The window opening on `day` (0 = Monday) as (start, end) seconds into the week.

    A window closing before it opens crosses midnight and belongs to the day it opens on
    (docs/semantics.md#midnight-crossing-windows-and-holidays); `end` may pass WEEK for Sunday's crossing window, which wraps to Monday. One
    closing when it opens is E304 (`calendars._check_range`); here it spans a whole day, so the
    overlap checks still see where it would be.
    """
    start = day * DAY + open_seconds
    length = (
        close_seconds - open_seconds
        if close_seconds > open_seconds
        else close_seconds + DAY - open_seconds
    )
    return start, start + length


def overlapping(intervals: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Index pairs (i, j), i < j, of intervals sharing some time on the weekly circle."""

    def meets(a: tuple[int, int], b: tuple[int, int]) -> bool:
        # Shift by a week either way so Sunday night's window meets Monday morning's.
        return any(a[0] < b[1] + shift and b[0] + shift < a[1] for shift in (-WEEK, 0, WEEK))

    return [
        (i, j)
        for i in range(len(intervals))
        for j in range(i + 1, len(intervals))
        if meets(intervals[i], intervals[j])
    ]
