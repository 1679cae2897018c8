"""Clock rules that could never do what they say (E417, E424-E426).

- E424: a start condition no ticket's fields can satisfy, so the metric would stay `pending`
  for ever (`start on created when tier == gold and tier == silver`). A value the field does not
  declare is E103, from the name resolution.
- E425: a `pause while` condition every ticket's fields satisfy, with no `until` event to end it,
  so the clock would never count.
- E426: a start condition on a repeating metric (a cycle starts at its trigger; decided in
  docs/language.md, "Design decisions").
- E417: a deadline target (`by end of business day`) counted in an `always open` calendar,
  which has no business day to end.

A condition is decided by trying every combination of the values its fields can take: an
enumeration's values, `true`/`false`, for a text field the strings the condition names and one
other, and "not set" for a field without a default (a ticket that never sets it; an event cannot
unset a field). Conditions over too many combinations are left alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping

from slac.check.context import Context, atoms, calendars_for, error, valid_time
from slac.diagnostics import Diagnostic
from slac.syntax import nodes

# Past this many combinations a condition is not decided (real conditions name a few fields).
MAX_COMBINATIONS = 4096

_UNSET = object()
Assignment = Mapping[str, object]


def check_clock_rules(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    policy = module.policy
    for metric in policy.of(nodes.Metric):
        for start in metric.of(nodes.Start):
            if start.when is None:
                continue
            if metric.repeating:
                yield error(
                    "E426",
                    f"a start condition on the repeating metric `{metric.name.text}`",
                    start.when.span,
                    help="a cycle starts at its trigger; state the condition on a non-repeating metric",
                )
            elif decide(start.when, ctx, any) is False:
                yield error(
                    "E424",
                    f"the start condition of `{metric.name.text}` can never hold",
                    start.when.span,
                    help="no values of its fields satisfy it, so the metric would stay pending",
                )
    pauses = [*policy.of(nodes.PauseWhile)]
    for metric in policy.of(nodes.Metric):
        pauses += metric.of(nodes.PauseWhile)
    for pause in pauses:
        if pause.until is None and decide(pause.when, ctx, all) is True:
            yield error(
                "E425",
                "this pause can never end: its condition holds whatever the ticket's fields are",
                pause.when.span,
                help="fix the condition, or end the pause on an event with `until TRIGGER`",
            )
    yield from _deadlines_on_wall_clock(policy, ctx)


def _deadlines_on_wall_clock(policy: nodes.Policy, ctx: Context) -> Iterator[Diagnostic]:
    for table in policy.of(nodes.Targets)[:1]:
        for row in table.rows:
            for metric, cell in zip(table.metrics, row.cells, strict=False):
                if not isinstance(cell, nodes.DeadlineCell):
                    continue
                if cell.time is not None and not valid_time(cell.time, closing=False):
                    yield error(
                        "E305",
                        f"`{cell.time.text}` is not a time of day",
                        cell.time.span,
                        help="use 00:00-23:59",
                    )
                names = calendars_for(ctx, ctx.metrics.get(metric.text), row.priority.text)
                wall = [name for name in names if _always_open(ctx, name)]
                if wall:
                    yield error(
                        "E417",
                        f"`{metric.text}` for `{row.priority.text}` has a deadline but counts in "
                        f"`{wall[0]}`, which is always open and has no business day to end",
                        cell.span,
                        help="count it in a calendar with opening hours, or state a duration",
                    )


def _always_open(ctx: Context, name: str) -> bool:
    calendar = ctx.calendars.get(name)
    return calendar is not None and bool(calendar.of(nodes.AlwaysOpen))


def decide(
    condition: nodes.Condition, ctx: Context, quantifier: Callable[[Iterable[bool]], bool]
) -> bool | None:
    """Whether the condition holds for `any` (or `all`) of the fields' possible values; None when
    it cannot be decided here (a field or value that does not resolve, or too many cases)."""
    domains = _domains(condition, ctx)
    if domains is None:
        return None
    names = list(domains)
    cases = itertools.product(*(domains[name] for name in names))
    return quantifier(holds(condition, dict(zip(names, case, strict=True))) for case in cases)


def _domains(condition: nodes.Condition, ctx: Context) -> dict[str, tuple[object, ...]] | None:
    domains: dict[str, list[object]] = {}
    for atom in atoms(condition):
        field = ctx.fields.get(atom.field.text)
        if field is None:
            return None  # E102, from the name resolution
        values = domains.setdefault(field.name.text, _field_values(field))
        if isinstance(atom, nodes.Compare):
            for value in atom.values:
                if field.kind == "text" and value.value not in values:
                    values.append(value.value)
                elif field.kind != "text" and value.value not in values:
                    return None  # E103 or E201, reported by the field checks
    count = 1
    for values in domains.values():
        count *= len(values)
    if count > MAX_COMBINATIONS:
        return None
    return {name: tuple(values) for name, values in domains.items()}


def _field_values(field: nodes.Field) -> list[object]:
    values: list[object]
    if field.kind == "bool":
        values = [True, False]
    elif field.kind == "enum":
        values = [value.text for value in field.values]
    else:
        values = [_OTHER]
    if field.default is None:
        values.append(_UNSET)
    return values


_OTHER = object()  # a text field's value other than any the condition names


def holds(condition: nodes.Condition, fields: Assignment) -> bool:
    """The condition over one assignment, with the evaluator's reading of an unset field."""
    if isinstance(condition, nodes.OrCond):
        return any(holds(operand, fields) for operand in condition.operands)
    if isinstance(condition, nodes.AndCond):
        return all(holds(operand, fields) for operand in condition.operands)
    if isinstance(condition, nodes.NotCond):
        return not holds(condition.operand, fields)
    value = fields.get(condition.field.text, _UNSET)
    if isinstance(condition, nodes.IsTrue):
        return value is True
    found = any(value is not _UNSET and value == wanted.value for wanted in condition.values)
    return found if condition.op in ("==", "in") else not found
