"""Target tables by tier: `targets for plan premium { ... }` beside a plain `targets { ... }`
(E206, E451-E453).

A tier is a value of one enumeration field (a plan, a contract level): a ticket whose field
holds that value is measured against that tier's table, every other ticket against the table
without `for`, which must exist so that no ticket is left without targets. One field for every
tier of a policy, and one table per value, so the table a ticket gets never depends on order.
Each table is checked in full as a target table (slac.check.targets); names are resolved by
slac.check.resolve (E102, E103).
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.check.context import Context, error
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_tiers(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    tables = module.policy.of(nodes.Targets)
    tiered = [t for t in tables if t.tier is not None]
    seen: dict[str | None, nodes.Targets] = {}
    for table in tables:
        key = None if table.tier is None else table.tier.value.text
        if key in seen:
            whom = "every other ticket" if key is None else f"tier `{key}`"
            yield error(
                "E451",
                f"a second target table for {whom}",
                table.tier.span if table.tier is not None else table.span,
                help=f"the first is on line {seen[key].span.line}; merge them into one",
            )
        seen.setdefault(key, table)
    if not tiered:
        return
    first = tiered[0].tier
    assert first is not None
    for table in tiered[1:]:
        assert table.tier is not None
        if table.tier.field.text != first.field.text:
            yield error(
                "E452",
                f"tiers by `{table.tier.field.text}` and by `{first.field.text}` in one policy",
                table.tier.field.span,
                help="choose one field for the tiers of a policy",
            )
    field = ctx.fields.get(first.field.text)
    if field is not None and field.kind != "enum":
        yield error(
            "E206",
            f"target tiers need an enumeration, but `{first.field.text}` is {field.kind}",
            first.field.span,
            help="declare the field with its values, e.g. `field plan: premium | standard`",
        )
    if None not in seen:
        yield error(
            "E453",
            "target tables for tiers without a table for every other ticket",
            first.span,
            help="add `targets { ... }` without `for`: it holds where no tier's table does",
        )
