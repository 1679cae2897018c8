"""The concrete calendars: a weekly timetable in a zone, a union of desks, and 24x7."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from slac import holiday_registry
from slac.business_time._table import Intervals, Table, year_bounds
from slac.business_time.base import Calendar
from slac.intervals import DAY, union, week_day_length

_ONE_DAY = timedelta(days=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)

Week = tuple[tuple[tuple[int, int], ...], ...]


@functools.cache
def _holiday_names(country: str, subdiv: str | None, year: int) -> dict[date, str]:
    # Whatever the installed `holidays` package lists, observed days included; cached per
    # year so a calendar only ever generates the years it is asked about. Imported here, not
    # at the top: `import holidays` loads every country (~150 ms) and a run that never asks
    # for a year's dates (a check, an empty input) should not pay for it.
    import holidays as _holidays

    listed = _holidays.country_holidays(country, subdiv=subdiv, years=year)
    return {day: str(name) for day, name in listed.items()}


@functools.cache
def _holiday_dates(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(_holiday_names(country, subdiv, year))


@attrs.frozen
class HolidaySource:
    """A public-holiday list from the `holidays` package (e.g. GB/ENG, US, DK)."""

    country: str
    subdiv: str | None = None

    def __attrs_post_init__(self) -> None:
        # Fail at construction, not at the first query deep inside an evaluation; answered
        # from the package's source (slac.holiday_registry), without importing it.
        if not holiday_registry.known(self.country, self.subdiv):
            raise ValueError(f"unknown holiday source {self.country}/{self.subdiv}")

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates the package gives for `year`."""
        return _holiday_dates(self.country, self.subdiv, year)

    def name(self, day: date) -> str | None:
        """The holiday's name on `day` ("Good Friday"), or None when `day` is no holiday."""
        return _holiday_names(self.country, self.subdiv, day.year).get(day)


def _freeze_week(week: Iterable[Iterable[Iterable[int]]]) -> Week:
    return tuple(tuple((int(o), int(c)) for o, c in day) for day in week)


# Typed converters (attrs and mypy cannot type a bare `tuple` or `frozenset` converter).
def _sources(sources: Iterable[HolidaySource]) -> tuple[HolidaySource, ...]:
    return tuple(sources)


def _dates(dates: Iterable[date]) -> frozenset[date]:
    return frozenset(dates)


def _members(members: Iterable[Calendar]) -> tuple[Calendar, ...]:
    return tuple(members)


def _check_week(_inst: object, _attr: object, week: Week) -> None:
    if len(week) != 7:
        raise ValueError(f"a week has 7 days (Monday first), got {len(week)}")
    for day in week:
        for o, c in day:
            if not (0 <= o < DAY and 0 <= c <= DAY):
                raise ValueError(
                    f"window ({o}, {c}) is not within a day (0 <= open < 86400, 0 <= close <= 86400)"
                )


def _local_to_epoch(d: date, seconds: int, zone: ZoneInfo) -> int:
    """Epoch second of the local wall time `seconds` after midnight of `d` (may pass 24:00).

    Wall-clock arithmetic with fold=0: a time inside a spring-forward gap is read with the
    offset before the change (so it lands later by the gap), an ambiguous fall-back time is
    its first occurrence, both as Python's zoneinfo reads them.
    """
    wall = datetime(d.year, d.month, d.day, tzinfo=zone) + timedelta(seconds=seconds)
    return (wall - _EPOCH) // _SECOND


@attrs.frozen
class WeeklyCalendar(Calendar):
    """Weekly opening windows in a time zone, closed on holidays and extra dates.

    `week[i]` lists the (open, close) windows of weekday i (Monday = 0) in seconds after
    local midnight; close <= open means the window closes the next day. A holiday or closed
    date closes every window that opens on it, not one running into it from the day before.
    """

    name: str
    zone: str
    week: Week = attrs.field(converter=_freeze_week, validator=_check_week)
    holidays: tuple[HolidaySource, ...] = attrs.field(default=(), converter=_sources)
    closed_dates: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)
    stated_day_seconds: int | None = attrs.field(default=None, alias="day_seconds")
    _zone: ZoneInfo = attrs.field(init=False, eq=False, repr=False)
    _windows: Week = attrs.field(init=False, eq=False, repr=False)
    _table: Table = attrs.field(init=False, eq=False, repr=False)
    # The stated day length, else the weekday window length when Mon-Fri agree; worked out
    # once, as the evaluator asks for it on every judged business-day target.
    day_seconds: int | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_zone", ZoneInfo(self.zone))
        # Closing seconds made absolute from the opening day's midnight (may exceed 86400).
        windows = tuple(tuple((o, c if c > o else c + DAY) for o, c in day) for day in self.week)
        object.__setattr__(self, "_windows", windows)
        object.__setattr__(self, "_table", Table(self._build_year))
        stated = self.stated_day_seconds
        length = stated if stated is not None else week_day_length(self.week)
        object.__setattr__(self, "day_seconds", length)

    def _closed(self, first_year: int, last_year: int) -> frozenset[date] | set[date]:
        out = set(self.closed_dates)
        for source in self.holidays:
            for year in range(first_year, last_year + 1):
                out |= source.dates(year)
        return out

    def closed_reason(self, day: date) -> str | None:
        """Why the windows opening on local date `day` stay shut: the holiday's name, or
        `closed` for a `closed_dates` entry; None on an ordinary day."""
        for source in self.holidays:
            name = source.name(day)
            if name is not None:
                return name
        return "closed" if day in self.closed_dates else None

    def closures(self, a: int, b: int) -> list[tuple[int, int, str]]:
        zone = self._zone
        # A window opens at most 2 days before the local date of `a` and reaches into [a, b).
        day = datetime.fromtimestamp(a, zone).date() - 2 * _ONE_DAY
        last = datetime.fromtimestamp(b, zone).date()
        out: list[tuple[int, int, str]] = []
        while day <= last:
            windows = self._windows[day.weekday()]
            reason = self.closed_reason(day) if windows else None
            if reason is not None:
                for o, c in windows:
                    lo = max(_local_to_epoch(day, o, zone), a)
                    hi = min(_local_to_epoch(day, c, zone), b)
                    if lo < hi:
                        out.append((lo, hi, reason))
            day += _ONE_DAY
        return sorted(out)

    def _build_year(self, year: int) -> Intervals:
        ys, ye = year_bounds(year)
        closed = self._closed(year - 1, year + 1)
        zone, windows = self._zone, self._windows
        out: Intervals = []
        # Local dates whose windows (at most 48 h after local midnight, offsets within
        # +-14 h) can reach into this UTC year: 29 Dec of the year before to 2 Jan after.
        d = date(year - 1, 12, 29)
        end = date(year + 1, 1, 3)
        while d < end:
            if d not in closed:
                for o, c in windows[d.weekday()]:
                    s, e = _local_to_epoch(d, o, zone), _local_to_epoch(d, c, zone)
                    if s < ye and e > ys:
                        out.append((max(s, ys), min(e, ye)))
            d += _ONE_DAY
        return union(out)


def _check_members(_inst: object, _attr: object, members: tuple[Calendar, ...]) -> None:
    if not members or not all(isinstance(m, Calendar) for m in members):
        raise ValueError("a union needs one or more calendars")


@attrs.frozen
class UnionCalendar(Calendar):
    """Open when any member is open (desks in several regions). State `day_seconds`."""

    name: str
    members: tuple[Calendar, ...] = attrs.field(converter=_members, validator=_check_members)
    day_seconds: int | None = None
    _table: Table = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_table", Table(self._build_year))

    def _build_year(self, year: int) -> Intervals:
        ys, ye = year_bounds(year)
        return union([iv for m in self.members for iv in m.open_intervals(ys, ye)])

    def closures(self, a: int, b: int) -> list[tuple[int, int, str]]:
        # A desk's holiday, where that desk would have been open (others may be open then).
        return sorted(c for m in self.members for c in m.closures(a, b))


@attrs.frozen
class AlwaysOpen(Calendar):
    """Wall-clock time, 24x7: plain arithmetic, no table lookups, any integer instant."""

    name: str = "24x7"
    day_seconds: int = DAY
    _table: Table = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Only used when this calendar is a union member's source of intervals.
        object.__setattr__(self, "_table", Table(self._build_year))

    def _build_year(self, year: int) -> Intervals:
        return [year_bounds(year)]

    def elapsed(self, a: int, b: int) -> int:
        return b - a if b > a else 0

    def add(self, a: int, n: int) -> int:
        if n < 0:
            raise ValueError(f"cannot add a negative business duration ({n} s)")
        return a + n

    def open_intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        return [(a, b)] if b > a else []
