"""A checked syntax tree -> `slac.ir.Policy`: names resolved, calendars built, targets in seconds.

`compile_module` runs one small function per statement kind. It only ever sees a module the checks
passed (`slac.loader` guarantees that), so it has no error paths of its own: names exist, times
are in range, zones and holiday countries are known, day units have a day length.

Absent statements take the IR's defaults: resolved statuses `resolved` and `closed`, a named
priority wins over derivation, partial outages are not downtime, the availability time zone is
the policy's. Where a block says something twice, the last statement wins (the checks report the
repetition).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TypeVar

from slac import ir
from slac.business_time import AlwaysOpen, Calendar, HolidaySource, UnionCalendar, WeeklyCalendar
from slac.compile_measures import (
    compile_budget,
    compile_credit_bands,
    compile_kpi,
    compile_notice,
    compile_service_credits,
)
from slac.intervals import DAY
from slac.syntax import nodes as n
from slac.vocabulary import DAY_NAMES, expand_day_range


def compile_module(module: n.Module) -> ir.Policy:
    policy = module.policy
    calendars = compile_calendars(policy.of(n.Calendar))
    priorities = compile_priorities(policy)
    choice = compile_calendar_choice(policy.body, calendars) or ir.CalendarChoice()
    metrics = tuple(compile_metric(metric, calendars) for metric in policy.of(n.Metric))
    availability = _last(policy.of(n.Availability))
    return ir.Policy(
        name=policy.name.text,
        title=policy.title.value,
        version=_last_value(policy.of(n.Version), lambda s: s.value.value),
        timezone=_stated(policy.of(n.Timezone), lambda s: s.zone.value),
        fields=tuple(compile_field(field) for field in policy.of(n.Field)),
        priorities=priorities,
        metrics=metrics,
        targets=compile_targets(
            tuple(t for t in policy.of(n.Targets) if t.tier is None), metrics, choice
        ),
        tiers=compile_tiers(policy.of(n.Targets), metrics, choice),
        calendar=choice,
        pauses=compile_pauses(policy.body) or (),
        resolved_statuses=_statuses(policy.of(n.ResolvedWhen)) or frozenset({"resolved", "closed"}),
        exclusions=tuple(
            ir.Exclusion(s.reason.value, compile_condition(s.when)) for s in policy.of(n.Exclude)
        ),
        code_fixes=tuple(compile_code_fix(s) for s in policy.of(n.CodeFix)),
        objectives=tuple(compile_objective(s) for s in policy.of(n.Objective)),
        warnings=tuple(t.value for s in policy.of(n.Warn) for t in s.thresholds),
        availability=compile_availability(availability, policy, calendars)
        if availability
        else None,
        kpis=tuple(compile_kpi(s, compile_condition) for s in policy.of(n.Kpi)),
        budget=_last_value(policy.of(n.Budget), compile_budget),
    )


S = TypeVar("S")
R = TypeVar("R")


def _last(statements: tuple[S, ...]) -> S | None:
    return statements[-1] if statements else None


def _last_value(statements: tuple[S, ...], value: Callable[[S], R]) -> R | None:
    return value(statements[-1]) if statements else None


def _stated(statements: tuple[S, ...], value: Callable[[S], R]) -> R:
    """The last statement's value, where the checks require the statement (a time zone)."""
    return value(statements[-1])


def _names(names: Iterable[n.Name]) -> tuple[str, ...]:
    return tuple(name.text for name in names)


def _statuses(statements: tuple[n.ResolvedWhen, ...]) -> frozenset[str] | None:
    return frozenset(_names(statements[-1].statuses)) if statements else None


def compile_pauses(body: tuple[object, ...]) -> tuple[ir.Pause, ...] | None:
    """A block's pauses in source order, or None when it states none."""
    pauses = tuple(
        ir.Pause(
            statuses=frozenset(_names(s.statuses)) if isinstance(s, n.Pause) else frozenset(),
            when=compile_condition(s.when) if isinstance(s, n.PauseWhile) else None,
            until=compile_trigger(s.until.trigger) if s.until is not None else None,
        )
        for s in body
        if isinstance(s, (n.Pause, n.PauseWhile))
    )
    return pauses or None


# ---------------------------------------------------------------------------------------------
# Calendars


def compile_calendars(declared: tuple[n.Calendar, ...]) -> dict[str, Calendar]:
    """Every declared calendar, built once; a union's members are built before it, whatever the
    order of declaration."""
    by_name = {calendar.name.text: calendar for calendar in declared}
    built: dict[str, Calendar] = {}

    def get(name: str) -> Calendar:
        if name not in built:
            built[name] = compile_calendar(by_name[name], get)
        return built[name]

    for name in by_name:
        get(name)
    return built


def compile_calendar(calendar: n.Calendar, member: Callable[[str], Calendar]) -> Calendar:
    name = calendar.name.text
    length = _last_value(calendar.of(n.DayLength), lambda s: s.length.seconds)
    if calendar.of(n.AlwaysOpen):
        return AlwaysOpen(name, day_seconds=length or DAY)
    unions = calendar.of(n.CalendarUnion)
    if unions:
        members = tuple(member(m.text) for union in unions for m in union.members)
        return UnionCalendar(name, members, day_seconds=length)
    return WeeklyCalendar(
        name,
        _stated(calendar.of(n.Zone), lambda s: s.zone.value),
        compile_week(calendar.of(n.Window)),
        holidays=tuple(
            HolidaySource(
                region.country.text, region.subdivision.text if region.subdivision else None
            )
            for statement in calendar.of(n.Holidays)
            for region in statement.regions
        ),
        closed_dates=frozenset(
            datetime.date(d.year, d.month, d.day)
            for statement in calendar.of(n.Closed)
            for d in statement.dates
        ),
        day_seconds=length,
    )


def compile_week(windows: tuple[n.Window, ...]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Seven tuples (Monday first) of (open, close) seconds after local midnight, sorted.

    A closing `24:00` is 86400; a close at or before the open (`08:00-01:00`, `20:00-00:00`)
    crosses midnight, which WeeklyCalendar reads the same way.
    """
    week: list[list[tuple[int, int]]] = [[] for _ in DAY_NAMES]
    for window in windows:
        for day in days_of(window.days):
            for span in window.ranges:
                week[day].append((span.open.seconds, span.close.seconds))
    return tuple(tuple(sorted(day)) for day in week)


def days_of(ranges: tuple[n.DayRange, ...]) -> tuple[int, ...]:
    """Day indexes (Monday 0) of `mon, wed-fri`; a range runs forward and may wrap (`sat-mon`)."""
    found: list[int] = []
    for day_range in ranges:
        last = day_range.last.text if day_range.last else None
        found.extend(expand_day_range(day_range.first.text, last))
    return tuple(dict.fromkeys(found))


def compile_calendar_choice(
    body: tuple[object, ...], calendars: dict[str, Calendar]
) -> ir.CalendarChoice | None:
    """A block's `business hours` statements as one calendar choice, or None if none: a `by
    priority` mapping first, for the priorities it lists, then a calendar or a mapping by field
    for the rest (the last of each kind, should one repeat)."""
    default: Calendar | None = None
    by_priority: ir.FrozenMap[str, Calendar] = ir.FrozenMap()
    by_field: str | None = None
    by_value: ir.FrozenMap[str, Calendar] = ir.FrozenMap()
    found = False
    for s in body:
        if isinstance(s, n.BusinessHours):
            default, by_field, by_value = calendars[s.calendar.text], None, ir.FrozenMap()
        elif isinstance(s, (n.BusinessHoursByPriority, n.BusinessHoursByField)):
            pairs = ir.FrozenMap(
                (key.text, calendars[entry.calendar.text])
                for entry in s.entries
                for key in entry.keys
            )
            if isinstance(s, n.BusinessHoursByPriority):
                by_priority = pairs
            else:
                default, by_field, by_value = None, s.field.text, pairs
        else:
            continue
        found = True
    if not found:
        return None
    return ir.CalendarChoice(default, by_priority, by_field, by_value)


# ---------------------------------------------------------------------------------------------
# Fields, conditions, priorities


def compile_field(field: n.Field) -> ir.Field:
    default = field.default.value if field.default is not None else None
    return ir.Field(field.name.text, field.kind, _names(field.values), default)


def compile_condition(condition: n.Condition) -> ir.Condition:
    if isinstance(condition, n.OrCond):
        return ir.Or(tuple(compile_condition(c) for c in condition.operands))
    if isinstance(condition, n.AndCond):
        return ir.And(tuple(compile_condition(c) for c in condition.operands))
    if isinstance(condition, n.NotCond):
        return ir.Not(compile_condition(condition.operand))
    if isinstance(condition, n.IsTrue):
        return ir.IsTrue(condition.field.text)
    return ir.Compare(condition.field.text, condition.op, tuple(v.value for v in condition.values))


def compile_priorities(policy: n.Policy) -> ir.Priorities:
    rules = []
    for statement in policy.body:
        if isinstance(statement, n.PriorityMatrix):
            when = compile_condition(statement.when) if statement.when is not None else None
            rules.append(ir.PriorityRule(when, matrix=compile_matrix(statement)))
        elif isinstance(statement, n.PriorityWhen):
            rules.append(
                ir.PriorityRule(compile_condition(statement.when), fixed=statement.priority.text)
            )
    default = _last_value(policy.of(n.PriorityDefault), lambda s: s.priority.text)
    winner = _last_value(policy.of(n.PriorityPrecedence), lambda s: s.winner) or "named"
    names = _last_value(policy.of(n.Priorities), lambda s: _names(s.names)) or ()
    caps = tuple(
        ir.PriorityCap(s.priority.text, compile_condition(s.when)) for s in policy.of(n.PriorityCap)
    )
    return ir.Priorities(names, tuple(rules), default, named_wins=winner == "named", caps=caps)


def compile_matrix(matrix: n.PriorityMatrix) -> ir.Matrix:
    cells = ir.FrozenMap(
        ((row.value.text, column.text), cell.text)
        for row in matrix.rows
        for column, cell in zip(matrix.columns, row.cells, strict=False)
    )
    return ir.Matrix(matrix.row_field.text, matrix.column_field.text, cells)


# ---------------------------------------------------------------------------------------------
# Metrics


def compile_trigger(trigger: n.Trigger) -> ir.Trigger:
    if isinstance(trigger, n.OnCreated):
        return ir.Created()
    if isinstance(trigger, n.OnComment):
        return ir.Comment(frozenset(trigger.authors), trigger.visibility)
    if isinstance(trigger, n.OnStatus):
        return ir.StatusIn(frozenset(_names(trigger.statuses)))
    if isinstance(trigger, n.OnResolved):
        return ir.Resolved()
    if isinstance(trigger, n.OnPriorityChanged):
        return ir.PriorityChanged()
    return ir.FieldsChanged(frozenset(_names(trigger.fields)))


def compile_metric(metric: n.Metric, calendars: dict[str, Calendar]) -> ir.Metric:
    starts = metric.of(n.Start)
    # `after` is one condition for the metric; the checks allow it on repeating metrics only.
    after = next((compile_trigger(s.after) for s in starts if s.after is not None), None)
    not_applicable = [compile_condition(s.when) for s in metric.of(n.NotApplicable)]
    return ir.Metric(
        name=metric.name.text,
        start=tuple(compile_trigger(s.trigger) for s in starts if s.when is None),
        stop=tuple(compile_trigger(s.trigger) for s in metric.of(n.Stop)),
        repeating=metric.repeating,
        start_after=after,
        on_reopen="resume" if metric.of(n.OnReopen) else "none",
        pauses=compile_pauses(metric.body),
        calendar=compile_calendar_choice(metric.body, calendars),
        # Several `not applicable when` lines: any of them makes the metric not applicable.
        not_applicable=None
        if not not_applicable
        else not_applicable[0]
        if len(not_applicable) == 1
        else ir.Or(tuple(not_applicable)),
        start_when=tuple(
            ir.StartWhen(compile_trigger(s.trigger), compile_condition(s.when))
            for s in starts
            if s.when is not None
        ),
    )


# ---------------------------------------------------------------------------------------------
# Targets


def compile_targets(
    tables: tuple[n.Targets, ...], metrics: tuple[ir.Metric, ...], policy_choice: ir.CalendarChoice
) -> ir.FrozenMap[tuple[str, str], ir.Duration | ir.Deadline | None]:
    """(priority, metric) -> target for every cell of every table, rows in source order."""
    choice_of = {metric.name: metric.calendar or policy_choice for metric in metrics}
    cells: dict[tuple[str, str], ir.Duration | ir.Deadline | None] = {}
    for table in tables:
        for row in table.rows:
            for metric, cell in zip(table.metrics, row.cells, strict=False):
                key = (row.priority.text, metric.text)
                cells[key] = compile_cell(
                    cell, choice_of.get(metric.text, policy_choice), row.priority.text
                )
    return ir.FrozenMap(cells)


def compile_tiers(
    tables: tuple[n.Targets, ...], metrics: tuple[ir.Metric, ...], policy_choice: ir.CalendarChoice
) -> ir.Tiers | None:
    """The tiers' tables (one field for all, checked: slac.check.tiers), or None."""
    tiered = [(t.tier, t) for t in tables if t.tier is not None]
    if not tiered:
        return None
    return ir.Tiers(
        tiered[0][0].field.text,
        {
            tier.value.text: compile_targets((table,), metrics, policy_choice)
            for tier, table in tiered
        },
    )


def compile_cell(
    cell: n.Cell, choice: ir.CalendarChoice, priority: str
) -> ir.Duration | ir.Deadline | None:
    if isinstance(cell, n.NoneCell):
        return None
    if isinstance(cell, n.DeadlineCell):
        return ir.Deadline(cell.time.seconds if cell.time else None, cell.next_day)
    if isinstance(cell, n.DurationCell):
        clock: ir.Clock = "wall" if cell.wall_clock else "business"
        return ir.Duration(cell.duration.seconds, clock)
    unit: ir.CountUnit = _COUNT_UNITS[cell.qualifier, cell.unit]
    if cell.unit == "hour":
        return ir.Duration(cell.count * 3600, count=cell.count, unit=unit)
    calendar = _calendar_for(choice, priority)
    day = None if calendar is None else calendar.day_seconds
    # None: a calendar chosen by a field; the evaluator multiplies by the one in force.
    seconds = None if day is None else cell.count * day
    return ir.Duration(seconds, count=cell.count, unit=unit)


_COUNT_UNITS: dict[tuple[str, str], ir.CountUnit] = {
    ("business", "hour"): "business hour",
    ("working", "hour"): "working hour",
    ("business", "day"): "business day",
    ("working", "day"): "working day",
}


def _calendar_for(choice: ir.CalendarChoice, priority: str) -> Calendar | None:
    if choice.by_field is not None:
        return None
    return choice.by_priority.get(priority, choice.default)


# ---------------------------------------------------------------------------------------------
# Code fix, objectives, availability


def compile_code_fix(statement: n.CodeFix) -> ir.CodeFix:
    relevant_by = _last_value(statement.of(n.RelevantBy), lambda s: s.field.text)
    targets = ir.FrozenMap(
        (priority.text, compile_release_target(row.target))
        for row in statement.of(n.CodeFixRow)
        for priority in row.priorities
    )
    return ir.CodeFix(
        statement.metric.text, compile_condition(statement.when), relevant_by, targets
    )


def compile_release_target(target: n.ReleaseTarget) -> ir.ReleaseTarget:
    return ir.ReleaseTarget(target.kind.text if target.kind else None, target.relevant)


def compile_objective(statement: n.Objective) -> ir.Objective:
    return ir.Objective(
        statement.metric.text,
        statement.percent.value,
        _names(statement.priorities),
        overall=statement.overall,
    )


def compile_availability(
    block: n.Availability, policy: n.Policy, calendars: dict[str, Calendar]
) -> ir.Availability:
    zone = _last_value(block.of(n.Timezone), lambda s: s.zone.value)
    during = _last_value(block.of(n.During), lambda s: calendars[s.calendar.text])
    credit_when = _last(block.of(n.CreditWhen))
    breach = _last(block.of(n.MaterialBreach))
    partial = _last(block.of(n.PartialOutages))
    bands = compile_credit_bands(s for s in block.of(n.Credit) if not s.services)
    return ir.Availability(
        services=ir.FrozenMap((s.name.text, s.percent.value) for s in block.of(n.Service)),
        timezone=zone or _stated(policy.of(n.Timezone), lambda s: s.zone.value),
        calendar=during,
        excused=frozenset(c.text for s in block.of(n.Excused) for c in s.causes),
        not_downtime=frozenset(c.text for s in block.of(n.NotDowntime) for c in s.causes),
        partial_is_downtime=partial.downtime if partial else False,
        credits=tuple(bands),
        credit_after_failing=credit_when.failing if credit_when else 1,
        credit_window_months=credit_when.window if credit_when else 1,
        material_breach_consecutive=breach.consecutive if breach else None,
        notice=compile_notice(block),
        service_credits=compile_service_credits(block),
    )
