"""What every check looks names up in: the policy's declarations, and ways to walk its tree.

`Context` is built once per module before any check runs: the resolved-names tables, holding the
*first* declaration of each name (a later duplicate is reported by `resolve.check_names`, and
every other check then agrees on which declaration counts), plus each calendar's business-day
length (`slac.intervals.week_day_length`, the rule the calendars use too). A name missing from a
table has been reported by `resolve.check_names`; other checks look it up and skip it.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
from typing import Protocol, TypeVar

import attrs

from slac.diagnostics import Diagnostic
from slac.intervals import DAY, Interval, week_day_length
from slac.source import Source, Span
from slac.syntax import nodes
from slac.vocabulary import expand_day_range


@attrs.frozen
class Context:
    source: Source
    policy: nodes.Policy
    calendars: Mapping[str, nodes.Calendar]
    fields: Mapping[str, nodes.Field]
    priorities: Mapping[str, nodes.Name]  # declared priority -> its name in `priorities`
    metrics: Mapping[str, nodes.Metric]
    day_lengths: Mapping[str, int | None]  # calendar -> business-day seconds, None: undefined
    # line -> column where an end-of-line comment starts, from the lexer (a `#` in a string is
    # no comment, so no scanner of our own guesses).
    comment_columns: Mapping[int, int]

    def has_priorities(self) -> bool:
        return bool(self.policy.of(nodes.Priorities))


def build_context(module: nodes.Module, source: Source) -> Context:
    policy = module.policy
    calendars = _first_by_name(policy.of(nodes.Calendar))
    priorities: dict[str, nodes.Name] = {}
    for statement in policy.of(nodes.Priorities)[:1]:
        for name in statement.names:
            priorities.setdefault(name.text, name)
    return Context(
        source=source,
        policy=policy,
        calendars=calendars,
        fields=_first_by_name(policy.of(nodes.Field)),
        priorities=priorities,
        metrics=_first_by_name(policy.of(nodes.Metric)),
        day_lengths={name: day_length(calendar) for name, calendar in calendars.items()},
        comment_columns={c.span.line: c.span.column for c in module.comments if not c.own_line},
    )


class _Declaration(Protocol):
    @property
    def name(self) -> nodes.Name: ...


D = TypeVar("D", bound=_Declaration)


def _first_by_name(declarations: Iterable[D]) -> dict[str, D]:
    table: dict[str, D] = {}
    for declaration in declarations:
        table.setdefault(declaration.name.text, declaration)
    return table


# ---------------------------------------------------------------------------------------------
# Diagnostics


def error(code: str, message: str, span: Span, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, severity="error", help=help)


def warning(code: str, message: str, span: Span, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, severity="warning", help=help)


def first_line(span: Span, ctx: Context) -> Span:
    """A multi-line statement's span cut to its first line, without a trailing comment, so the
    carets stay under the words the statement opens with (`business hours by region {`)."""
    if span.end_line == span.line:
        return span
    text = ctx.source.line_text(span.line)
    comment = ctx.comment_columns.get(span.line)
    if comment is not None:
        text = text[: comment - 1]
    return Span(span.line, span.column, span.line, max(len(text.rstrip()) + 1, span.column + 1))


# ---------------------------------------------------------------------------------------------
# Walking the tree


def repeats(names: Iterable[nodes.Name], among: Container[str]) -> Iterator[nodes.Name]:
    """Each name that repeats an earlier one, among the declared names `among` (a name that is
    not declared is reported by name resolution, not again as a repeat)."""
    seen: set[str] = set()
    for name in names:
        if name.text in among:
            if name.text in seen:
                yield name
            seen.add(name.text)


def conditions(policy: nodes.Policy) -> Iterator[nodes.Condition]:
    """Every condition in the policy: exclusions, priority rules and caps, pauses, metrics (start
    conditions, not applicable), code fixes, share KPIs."""
    for statement in policy.body:
        if isinstance(
            statement,
            (nodes.Exclude, nodes.PriorityWhen, nodes.PriorityCap, nodes.PauseWhile, nodes.CodeFix),
        ):
            yield statement.when
        elif isinstance(statement, nodes.PriorityMatrix):
            if statement.when is not None:
                yield statement.when
        elif isinstance(statement, nodes.Metric):
            for inner in statement.body:
                when = (
                    inner.when
                    if isinstance(inner, (nodes.NotApplicable, nodes.PauseWhile, nodes.Start))
                    else None
                )
                if when is not None:  # a start without a condition
                    yield when
        elif isinstance(statement, nodes.Kpi) and isinstance(statement.measure, nodes.KpiShare):
            yield statement.measure.when


def atoms(condition: nodes.Condition) -> Iterator[nodes.IsTrue | nodes.Compare]:
    if isinstance(condition, (nodes.OrCond, nodes.AndCond)):
        for operand in condition.operands:
            yield from atoms(operand)
    elif isinstance(condition, nodes.NotCond):
        yield from atoms(condition.operand)
    else:
        yield condition


HOURS_KINDS = (nodes.BusinessHours, nodes.BusinessHoursByPriority, nodes.BusinessHoursByField)


def hours_statements(
    policy: nodes.Policy,
) -> Iterator[tuple[nodes.Metric | None, nodes.AnyBusinessHours]]:
    """(metric or None for the policy level, statement) for every `business hours` statement."""
    for statement in policy.body:
        if isinstance(statement, HOURS_KINDS):
            yield None, statement
        elif isinstance(statement, nodes.Metric):
            for inner in statement.body:
                if isinstance(inner, HOURS_KINDS):
                    yield statement, inner


def hours_for(ctx: Context, metric: nodes.Metric | None) -> tuple[nodes.AnyBusinessHours, ...]:
    """The `business hours` statements that govern `metric`: its own, else the policy's. At most
    a `by priority` mapping and one other (a calendar, or a mapping by field) for the priorities
    it leaves out (E117 keeps them so)."""
    if metric is not None:
        own = tuple(s for s in metric.body if isinstance(s, HOURS_KINDS))
        if own:
            return own
    return tuple(s for s in ctx.policy.body if isinstance(s, HOURS_KINDS))


def calendars_for(ctx: Context, metric: nodes.Metric | None, priority: str) -> tuple[str, ...]:
    """Names of the calendars a metric may count in for `priority` (several when by a field):
    the `by priority` entry that lists it, else the other statement's calendars."""
    statements = hours_for(ctx, metric)
    for statement in statements:
        if isinstance(statement, nodes.BusinessHoursByPriority):
            for entry in statement.entries:
                if priority in (key.text for key in entry.keys):
                    return (entry.calendar.text,)
    for statement in statements:
        if isinstance(statement, nodes.BusinessHours):
            return (statement.calendar.text,)
        if isinstance(statement, nodes.BusinessHoursByField):
            return tuple(dict.fromkeys(entry.calendar.text for entry in statement.entries))
    return ()


# ---------------------------------------------------------------------------------------------
# Calendar facts


def valid_time(time: nodes.TimeOfDay, closing: bool) -> bool:
    """00:00-23:59; 24:00 only closes a window (the end of the day)."""
    if closing and (time.hour, time.minute) == (24, 0):
        return True
    return 0 <= time.hour <= 23 and 0 <= time.minute <= 59


def window_days(window: nodes.Window) -> tuple[int, ...]:
    """The days (0 = Monday) a window line covers, each once (`mon-fri, fri` is Monday to Friday);
    a range wraps past Sunday and an unknown day name gives nothing (`expand_day_range`)."""
    days = (
        day
        for written in window.days
        for day in expand_day_range(written.first.text, written.last.text if written.last else None)
    )
    return tuple(dict.fromkeys(days))


def windows(calendar: nodes.Calendar) -> Iterator[tuple[int, nodes.TimeRange]]:
    """(day, time range) of every well-formed window: valid times, not empty."""
    for window in calendar.of(nodes.Window):
        for day in window_days(window):
            for time_range in window.ranges:
                if (
                    valid_time(time_range.open, closing=False)
                    and valid_time(time_range.close, closing=True)
                    and time_range.open.seconds != time_range.close.seconds
                ):
                    yield day, time_range


def day_length(calendar: nodes.Calendar) -> int | None:
    """The business-day length: stated (`day length`), 24h for `always open`, derived from equal
    weekday windows, or None (a union must state it, as must a calendar whose days differ)."""
    stated = calendar.of(nodes.DayLength)
    if stated:
        seconds = stated[0].length.seconds
        return seconds if 0 < seconds <= DAY else None
    if calendar.of(nodes.AlwaysOpen):
        return DAY
    if calendar.of(nodes.CalendarUnion):
        return None
    week: list[list[Interval]] = [[] for _ in range(7)]
    for day, time_range in windows(calendar):
        week[day].append((time_range.open.seconds, time_range.close.seconds))
    return week_day_length(week)
