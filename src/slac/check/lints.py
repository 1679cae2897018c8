"""Warnings: declarations nothing uses (W601 calendar, W602 field) and exclusions that share a
reason (W605). A policy with warnings still loads; `slac check` exits 0.

A declaration is used when some reference names it (`resolve.references`): a calendar by
`business hours` (any form, policy or metric level), a `union` or `during`; a field by a
condition, a matrix axis, `business hours by FIELD`, `relevant by` or a `field ... changed`
trigger.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.check.context import Context, warning
from slac.check.resolve import references
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
    """Calendars some reference names; a union naming itself (E310) does not use itself."""
    return {
        reference.name.text
        for reference in references(policy)
        if reference.kind == "calendar" and reference.name.text != reference.owner
    }


def used_fields(policy: nodes.Policy) -> set[str]:
    return {reference.name.text for reference in references(policy) if reference.kind == "field"}


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
