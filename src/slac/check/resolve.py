"""Name resolution, the first check: every duplicate declaration (E110-E116) and every reference
to an undeclared calendar, field, field value, priority or metric (E101-E105), each reported once.

In the spirit of starlark-go's `resolve` package and Cedar's validator: one pass binds every use
of a name to its declaration before anything looks at meaning. `references` lists each place a
policy refers to a declaration; `check_names` reports the ones that do not resolve, with one
constructor per code, so a message has one wording. Later checks look names up in the Context's
tables (`ctx.fields.get(...)`) and quietly skip what does not resolve: it has been reported here.
`lints.check_unused` reads the same `references` to find declarations nothing uses.

Statuses are not declared in a policy (any status a ticket reports may be named), so there is
nothing to resolve for them; causes and day names are fixed words (`slac.vocabulary`), checked
with the statements that use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal

import attrs

from slac.check.context import Context, atoms, conditions, error, hours_statements
from slac.check.world import did_you_mean, quoted
from slac.diagnostics import Diagnostic
from slac.source import Source
from slac.syntax import nodes

Kind = Literal["calendar", "field", "value", "priority", "metric"]


@attrs.frozen
class Reference:
    """One use of a declared name. A `value` reference names a value of `field` (the field as
    written there); a union member's `owner` is the union calendar, so using itself is no use."""

    kind: Kind
    name: nodes.Name
    field: str | None = None
    owner: str | None = None


# ---------------------------------------------------------------------------------------------
# Where a policy refers to its declarations


def _hours_references(policy: nodes.Policy) -> Iterator[Reference]:
    for _, statement in hours_statements(policy):
        if isinstance(statement, nodes.BusinessHours):
            yield Reference("calendar", statement.calendar)
            continue
        if isinstance(statement, nodes.BusinessHoursByField):
            yield Reference("field", statement.field)
        for entry in statement.entries:
            for key in entry.keys:
                if isinstance(statement, nodes.BusinessHoursByField):
                    yield Reference("value", key, field=statement.field.text)
                else:
                    yield Reference("priority", key)
            yield Reference("calendar", entry.calendar)


def _calendar_references(policy: nodes.Policy) -> Iterator[Reference]:
    for calendar in policy.of(nodes.Calendar):
        for union in calendar.of(nodes.CalendarUnion):
            for member in union.members:
                yield Reference("calendar", member, owner=calendar.name.text)
    for block in policy.of(nodes.Availability):
        for during in block.of(nodes.During):
            yield Reference("calendar", during.calendar)


def _condition_references(policy: nodes.Policy) -> Iterator[Reference]:
    for condition in conditions(policy):
        for atom in atoms(condition):
            yield Reference("field", atom.field)
            if isinstance(atom, nodes.Compare):
                for value in atom.values:
                    if value.kind != "bool":  # a bool against an enumeration is a type error
                        name = nodes.Name(str(value.value), span=value.span)
                        yield Reference("value", name, field=atom.field.text)


def _priority_references(policy: nodes.Policy) -> Iterator[Reference]:
    for statement in policy.body:
        if isinstance(statement, (nodes.PriorityWhen, nodes.PriorityDefault, nodes.PriorityCap)):
            yield Reference("priority", statement.priority)
        elif isinstance(statement, nodes.PriorityMatrix):
            yield Reference("field", statement.row_field)
            yield Reference("field", statement.column_field)
            for column in statement.columns:
                yield Reference("value", column, field=statement.column_field.text)
            for row in statement.rows:
                yield Reference("value", row.value, field=statement.row_field.text)
                for cell in row.cells:
                    yield Reference("priority", cell)


def _triggers(policy: nodes.Policy) -> Iterator[nodes.Trigger | None]:
    """Every trigger: metrics' starts and stops, and the events that end pauses."""
    pauses: list[nodes.Pause | nodes.PauseWhile] = [
        *policy.of(nodes.Pause),
        *policy.of(nodes.PauseWhile),
    ]
    for metric in policy.of(nodes.Metric):
        for statement in metric.body:
            if isinstance(statement, nodes.Start):
                yield from (statement.trigger, statement.after)
            elif isinstance(statement, nodes.Stop):
                yield statement.trigger
            elif isinstance(statement, (nodes.Pause, nodes.PauseWhile)):
                pauses.append(statement)
    yield from (pause.until.trigger for pause in pauses if pause.until is not None)


def _metric_references(policy: nodes.Policy) -> Iterator[Reference]:
    for trigger in _triggers(policy):
        if isinstance(trigger, nodes.OnFieldsChanged):
            yield from (Reference("field", field) for field in trigger.fields)
    for fix in policy.of(nodes.CodeFix):
        yield Reference("metric", fix.metric)
        for relevant in fix.of(nodes.RelevantBy):
            yield Reference("field", relevant.field)
        for row in fix.of(nodes.CodeFixRow):
            yield from (Reference("priority", priority) for priority in row.priorities)
    for objective in policy.of(nodes.Objective):
        yield Reference("metric", objective.metric)
        yield from (Reference("priority", priority) for priority in objective.priorities)
    for table in policy.of(nodes.Targets):
        if table.tier is not None:
            yield Reference("field", table.tier.field)
            yield Reference("value", table.tier.value, field=table.tier.field.text)
        yield from (Reference("metric", metric) for metric in table.metrics)
        yield from (Reference("priority", row.priority) for row in table.rows)


REFERENCE_SITES: tuple[Callable[[nodes.Policy], Iterator[Reference]], ...] = (
    _calendar_references,
    _hours_references,
    _condition_references,
    _priority_references,
    _metric_references,
)


def references(policy: nodes.Policy) -> Iterator[Reference]:
    """Every use of a declared name in the policy."""
    for site in REFERENCE_SITES:
        yield from site(policy)


# ---------------------------------------------------------------------------------------------
# One constructor per code


def _unknown(
    code: str, what: tuple[str, str], name: nodes.Name, declared: Iterable[str]
) -> Diagnostic:
    """`unknown WHAT `name``, helped by the closest declared name or else the declared list."""
    one, many = what
    help = did_you_mean(name.text, declared, f"the declared {many} are")
    return error(code, f"unknown {one} `{name.text}`", name.span, help)


def unknown_calendar(name: nodes.Name, ctx: Context) -> Diagnostic:
    return _unknown("E101", ("calendar", "calendars"), name, ctx.calendars)


def unknown_field(name: nodes.Name, ctx: Context) -> Diagnostic:
    return _unknown("E102", ("field", "fields"), name, ctx.fields)


def not_a_value(text: str, field: nodes.Field) -> tuple[str, str] | None:
    """(message, help) when `text` is not one of the enumeration `field`'s values, else None."""
    declared = [value.text for value in field.values]
    if text in declared:
        return None
    help = (
        did_you_mean(text, declared) or f"the values of `{field.name.text}` are {quoted(declared)}"
    )
    return f"`{text}` is not a value of `{field.name.text}`", help


def unknown_value(name: nodes.Name, field: nodes.Field) -> Diagnostic | None:
    """E103 when `name` is not a value of the enumeration `field`, else None."""
    problem = not_a_value(name.text, field)
    return None if problem is None else error("E103", problem[0], name.span, problem[1])


def unknown_priority(name: nodes.Name, ctx: Context) -> Diagnostic:
    return _unknown("E104", ("priority", "priorities"), name, ctx.priorities)


def unknown_metric(name: nodes.Name, ctx: Context) -> Diagnostic:
    return _unknown("E105", ("metric", "metrics"), name, ctx.metrics)


def _unresolved(reference: Reference, ctx: Context) -> Diagnostic | None:
    """The diagnostic for a reference that does not resolve; None when it does, or when its
    subject is reported elsewhere (an unknown field's values; no `priorities` at all is E401)."""
    name = reference.name
    if reference.kind == "calendar" and name.text not in ctx.calendars:
        return unknown_calendar(name, ctx)
    if reference.kind == "field" and name.text not in ctx.fields:
        return unknown_field(name, ctx)
    if reference.kind == "priority" and ctx.has_priorities() and name.text not in ctx.priorities:
        return unknown_priority(name, ctx)
    if reference.kind == "metric" and name.text not in ctx.metrics:
        return unknown_metric(name, ctx)
    field = ctx.fields.get(reference.field or "")
    if reference.kind == "value" and field is not None and field.kind == "enum":
        return unknown_value(name, field)  # other kinds of field: E201, E206 say why
    return None


# ---------------------------------------------------------------------------------------------
# The check


def check_names(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    """E110-E115 at every repeated declaration, E101-E105 at every reference that does not
    resolve."""
    policy = module.policy
    yield from _repeated("E110", "calendar", (c.name for c in policy.of(nodes.Calendar)))
    yield from _repeated("E111", "field", (f.name for f in policy.of(nodes.Field)))
    yield from _repeated("E114", "metric", (m.name for m in policy.of(nodes.Metric)))
    for field in policy.of(nodes.Field):
        yield from _repeated("E112", "value", field.values, f" in field `{field.name.text}`")
    for statement in policy.of(nodes.Priorities):
        yield from _repeated("E113", "priority", statement.names)
    for availability in policy.of(nodes.Availability):
        services = (s.name for s in availability.of(nodes.Service))
        yield from _repeated("E115", "service", services)
    for reference in references(policy):
        problem = _unresolved(reference, ctx)
        if problem is not None:
            yield problem


def _repeated(
    code: str, what: str, names: Iterable[nodes.Name], where: str = ""
) -> Iterator[Diagnostic]:
    """`duplicate WHAT `name`WHERE` at every repetition of a name."""
    first: dict[str, nodes.Name] = {}
    for name in names:
        if name.text in first:
            line = first[name.text].span.line
            message = f"duplicate {what} `{name.text}`{where}"
            yield error(code, message, name.span, help=f"first declared on line {line}")
        else:
            first[name.text] = name


def duplicate_policies(modules: Sequence[tuple[Source, nodes.Module]]) -> Iterator[Diagnostic]:
    """E116 across the files checked together, at every declaration after the first."""
    first: dict[str, Source] = {}
    for source, module in modules:
        name = module.policy.name
        if name.text in first:
            problem = error(
                "E116",
                f"duplicate policy name `{name.text}`",
                name.span,
                help=f"`{first[name.text].path}` also declares policy `{name.text}`; rename one",
            )
            yield attrs.evolve(problem, path=source.path)
        else:
            first[name.text] = source
