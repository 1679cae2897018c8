"""Warnings: declarations nothing uses (W601 calendar, W602 field) and exclusions that share a
reason (W605). A policy with warnings still loads; `slac check` exits 0.

A declaration is used when some reference names it (`resolve.references`): a calendar by
`business hours` (any form, policy or metric level), a `union` or `during`; a field by a
condition, a matrix axis, `business hours by FIELD`, `relevant by` or a `field ... changed`
trigger.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from slac.check.context import Context, warning
from slac.check.resolve import references
from slac.diagnostics import Diagnostic
from slac.syntax import nodes

# (code, kind of declaration, why a reader might keep it, what to do)
_UNUSED = (
    ("W601", "calendar", "use it in `business hours`, a `union` or `during`, or remove it"),
    (
        "W602",
        "field",
        "no condition, matrix or mapping reads it; remove it if the policy does not need it",
    ),
)


def check_unused(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    # A union naming itself (E310) does not use itself.
    used = {(r.kind, r.name.text) for r in references(module.policy) if r.name.text != r.owner}
    declared: dict[str, Mapping[str, nodes.Calendar | nodes.Field]] = {
        "calendar": ctx.calendars,
        "field": ctx.fields,
    }
    for code, kind, help in _UNUSED:
        for name, declaration in declared[kind].items():
            if (kind, name) not in used:
                message = f"{kind} `{name}` is never used"
                yield warning(code, message, declaration.name.span, help=help)


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
