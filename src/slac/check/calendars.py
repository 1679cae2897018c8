"""Calendars and time: the policy's time zone, each calendar's kind, zone, holidays, closed dates,
weekly windows and day length, and unions (E208, E301-E314, E318).

Decisions (docs/semantics.md#checks): a day range wraps past Sunday (`fri-mon` is Friday to
Monday); `24:00` may close a window but not open one; two windows that only touch (`09:00-12:00,
12:00-17:00`) do not overlap; several `holidays` or `closed` lines in one calendar add up.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from slac.check.context import Context, error, first_line, valid_time, window_days
from slac.check.world import (
    did_you_mean,
    holiday_problem,
    overlapping,
    week_interval,
    zone_known,
    zone_suggestion,
)
from slac.diagnostics import Diagnostic
from slac.intervals import DAY
from slac.syntax import nodes
from slac.vocabulary import DAY_NAMES


def check_header(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    policy = module.policy
    if not policy.of(nodes.Timezone):
        yield error(
            "E314",
            f"policy `{policy.name.text}` has no `timezone`",
            policy.name.span,
            help='add `timezone "Area/City"`, e.g. `timezone "Europe/London"`',
        )
    for effective in policy.of(nodes.Effective):
        yield from check_date(effective.date)


def check_zones(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    """E301 for every `timezone` (policy, availability) and calendar `zone`."""
    statements: list[nodes.Timezone | nodes.Zone] = list(module.policy.of(nodes.Timezone))
    for availability in module.policy.of(nodes.Availability):
        statements += availability.of(nodes.Timezone)
    for calendar in module.policy.of(nodes.Calendar):
        statements += calendar.of(nodes.Zone)
    for statement in statements:
        zone = statement.zone
        if not zone_known(zone.value):
            help = zone_suggestion(zone.value) or "use an IANA name such as `Europe/London`"
            yield error("E301", f"unknown time zone `{zone.value}`", zone.span, help)


def check_date(date: nodes.DateLit) -> Iterator[Diagnostic]:
    try:
        datetime.date(date.year, date.month, date.day)
    except ValueError as problem:
        yield error(
            "E208", f"`{date.text}` is not a date ({problem})", date.span, help="write YYYY-MM-DD"
        )


def check_calendars(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for calendar in module.policy.of(nodes.Calendar):
        yield from _check_kind(calendar, ctx)
        for statement in calendar.of(nodes.Holidays):
            for region in statement.regions:
                problem = holiday_problem(
                    region.country.text, region.subdivision.text if region.subdivision else None
                )
                if problem is not None:
                    yield error(problem[0], problem[1], region.span, problem[2])
        for closed in calendar.of(nodes.Closed):
            for date in closed.dates:
                yield from check_date(date)
        for stated in calendar.of(nodes.DayLength):
            if not 0 < stated.length.seconds <= DAY:
                yield error(
                    "E313",
                    f"day length `{stated.length.text}` is out of range",
                    stated.length.span,
                    help="a business day is more than 0 and at most 24h",
                )
        yield from _check_windows(calendar)


def _check_kind(calendar: nodes.Calendar, ctx: Context) -> Iterator[Diagnostic]:
    """E308, E309, E312: a calendar is weekly windows (with a zone), a union, or always open."""
    name = calendar.name.text
    always = calendar.of(nodes.AlwaysOpen)
    union = calendar.of(nodes.CalendarUnion)
    if always:
        others: tuple[nodes.CalendarStatement, ...] = (*calendar.of(nodes.Window), *union)
        for statement in others:
            yield error(
                "E312",
                f"`always open` calendar `{name}` cannot also have {_words(statement)}",
                first_line(statement.span, ctx),
                help="keep one kind of calendar",
            )
    elif union:
        for statement in calendar.of(nodes.Window):
            yield error(
                "E312",
                f"union calendar `{name}` cannot also have its own windows",
                statement.span,
                help="declare the windows as a calendar of their own and list it in the union",
            )
    if always or union:
        kind = "an `always open`" if always else "a union"
        places: tuple[nodes.CalendarStatement, ...] = (
            *calendar.of(nodes.Zone),
            *calendar.of(nodes.Holidays),
            *calendar.of(nodes.Closed),
        )
        for statement in places:
            yield error(
                "E312",
                f"{kind} calendar `{name}` cannot have {_words(statement)}",
                statement.span,
                help="a union takes its members' zones and holidays; `always open` has none",
            )
        return
    if not calendar.of(nodes.Window):
        yield error(
            "E308",
            f"calendar `{name}` has no opening hours",
            calendar.name.span,
            help="add windows such as `mon-fri 09:00-17:00`, or `always open`",
        )
    if not calendar.of(nodes.Zone):
        yield error(
            "E309",
            f"calendar `{name}` has no time zone",
            calendar.name.span,
            help='add `zone "Area/City"`, e.g. `zone "Europe/London"`',
        )


def _words(statement: nodes.CalendarStatement) -> str:
    words: dict[type, str] = {
        nodes.Window: "opening windows",
        nodes.CalendarUnion: "`union`",
        nodes.Zone: "a `zone`",
        nodes.Holidays: "`holidays`",
        nodes.Closed: "`closed` dates",
    }
    return words[type(statement)]


def _check_windows(calendar: nodes.Calendar) -> Iterator[Diagnostic]:
    intervals: list[tuple[int, int]] = []
    owners: list[tuple[str, nodes.TimeRange]] = []
    for window in calendar.of(nodes.Window):
        for day_range in window.days:
            for written in (day_range.first, day_range.last):
                if written is not None and written.text not in DAY_NAMES:
                    help = did_you_mean(written.text, DAY_NAMES) or "days are " + ", ".join(
                        DAY_NAMES
                    )
                    yield error("E307", f"unknown day `{written.text}`", written.span, help)
        for time_range in window.ranges:
            problems = list(_check_range(time_range))
            yield from problems
            if problems:
                continue
            for day in window_days(window):
                intervals.append(
                    week_interval(day, time_range.open.seconds, time_range.close.seconds)
                )
                owners.append((DAY_NAMES[day], time_range))
    reported: set[int] = set()
    for i, j in overlapping(intervals):
        (day_a, first), (day_b, later) = owners[i], owners[j]
        if id(later) in reported:
            continue
        reported.add(id(later))
        yield error(
            "E306",
            f"window `{_text(later)}` on `{day_b}` overlaps `{_text(first)}` on `{day_a}`",
            later.span,
            help="merge the windows or fix the times; open time is counted once",
        )


def _check_range(time_range: nodes.TimeRange) -> Iterator[Diagnostic]:
    for time, closing in ((time_range.open, False), (time_range.close, True)):
        if not valid_time(time, closing):
            help = (
                "`24:00` may only close a window"
                if (time.hour, time.minute) == (24, 0)
                else ("hours run 00-23 and minutes 00-59; `24:00` closes a window at midnight")
            )
            yield error("E305", f"`{time.text}` is not a time of day", time.span, help)
    valid = valid_time(time_range.open, False) and valid_time(time_range.close, True)
    if valid and time_range.open.seconds == time_range.close.seconds:
        yield error(
            "E304",
            f"window `{_text(time_range)}` is empty",
            time_range.span,
            help="a window closing before it opens crosses midnight; `00:00-24:00` is the whole day",
        )


def _text(time_range: nodes.TimeRange) -> str:
    return f"{time_range.open.text}-{time_range.close.text}"


def check_unions(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for calendar in module.policy.of(nodes.Calendar):
        for union in calendar.of(nodes.CalendarUnion):
            texts = [member.text for member in union.members]
            if len(set(texts)) < 2:
                yield error(
                    "E318",
                    f"union `{calendar.name.text}` has only one calendar",
                    first_line(union.span, ctx),
                    help=f"name `{texts[0]}` directly where `{calendar.name.text}` is used, or list more members",
                )
            for member in union.members:  # an undeclared member is E101, from name resolution
                if _reaches(ctx, member.text, calendar.name.text, set()):
                    yield error(
                        "E310",
                        f"union `{calendar.name.text}` includes itself through `{member.text}`",
                        member.span,
                        help=f"remove `{member.text}` from the union",
                    )


def _reaches(ctx: Context, start: str, target: str, seen: set[str]) -> bool:
    """Whether calendar `start` is `target` or has it among its union members, transitively."""
    if start == target:
        return True
    if start in seen or start not in ctx.calendars:
        return False
    seen.add(start)
    return any(
        _reaches(ctx, member.text, target, seen)
        for union in ctx.calendars[start].of(nodes.CalendarUnion)
        for member in union.members
    )
