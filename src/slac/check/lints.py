"""Warnings: declarations nothing uses (W601 calendar, W602 field) and exclusions that share a
reason (W605). A policy with warnings still loads; `slac check` exits 0.

A calendar is used by `business hours` (any form, policy or metric level), a `union` or `during`.
A field is used by a condition, a matrix axis, `business hours by FIELD`, `relevant by` or a
`field ... changed` trigger.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.check.context import Context, atoms, conditions, hours_statements, warning
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_unused(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    calendars = used_calendars(module.policy)
    for name, calendar in ctx.calendars.items():
        if name not in calendars:
            yield warning(
                "W601",
                f"calendar `{name}` is never used",
                calendar.name.span,
                help="use it in `business hours`, a `union` or `during`, or remove it",
            )
    fields = used_fields(module.policy)
    for name, field in ctx.fields.items():
        if name not in fields:
            yield warning(
                "W602",
                f"field `{name}` is never used",
                field.name.span,
                help="no condition, matrix or mapping reads it; remove it if the policy does not need it",
            )


def used_calendars(policy: nodes.Policy) -> set[str]:
    used: set[str] = set()
    for _, statement in hours_statements(policy):
        if isinstance(statement, nodes.BusinessHours):
            used.add(statement.calendar.text)
        else:
            used.update(entry.calendar.text for entry in statement.entries)
    for calendar in policy.of(nodes.Calendar):
        for union in calendar.of(nodes.CalendarUnion):
            used.update(
                member.text for member in union.members if member.text != calendar.name.text
            )
    for block in policy.of(nodes.Availability):
        used.update(during.calendar.text for during in block.of(nodes.During))
    return used


def used_fields(policy: nodes.Policy) -> set[str]:
    used = {atom.field.text for condition in conditions(policy) for atom in atoms(condition)}
    for matrix in policy.of(nodes.PriorityMatrix):
        used.update((matrix.row_field.text, matrix.column_field.text))
    for _, statement in hours_statements(policy):
        if isinstance(statement, nodes.BusinessHoursByField):
            used.add(statement.field.text)
    for fix in policy.of(nodes.CodeFix):
        used.update(relevant.field.text for relevant in fix.of(nodes.RelevantBy))
    for metric in policy.of(nodes.Metric):
        for statement in metric.body:
            for trigger in _triggers_of(statement):
                if isinstance(trigger, nodes.OnFieldsChanged):
                    used.update(field.text for field in trigger.fields)
    return used


def _triggers_of(statement) -> tuple:
    if isinstance(statement, nodes.Start):
        return (statement.trigger, statement.after)
    if isinstance(statement, nodes.Stop):
        return (statement.trigger,)
    return ()


def check_exclusions(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    first: dict[str, nodes.Exclude] = {}
    for exclude in module.policy.of(nodes.Exclude):
        reason = exclude.reason.value
        if reason in first:
            yield warning(
                "W605",
                f'a second exclusion with the reason "{reason}"',
                exclude.reason.span,
                help=f"line {first[reason].span.line} has the same reason; merge the conditions with `or` "
                "or make the reasons distinct",
            )
        else:
            first[reason] = exclude
