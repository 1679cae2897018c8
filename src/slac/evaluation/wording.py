"""IR conditions and triggers worded as a policy writes them, for `slac trace`'s reasons.

`condition_text(Compare("type", "==", ("incident",)))` is `type == incident`; a trigger reads
as its `start on` / `stop on` clause: `public comment by customer`, `status escalated`,
`resolved`. The one place that words them back (targets have `ir.target_text`).
"""

from __future__ import annotations

from slac import ir


def condition_text(condition: ir.Condition) -> str:
    if isinstance(condition, ir.IsTrue):
        return condition.field
    if isinstance(condition, ir.Compare):
        values = [_value(v) for v in condition.values]
        if condition.op in ("==", "!="):
            return f"{condition.field} {condition.op} {values[0]}"
        return f"{condition.field} {condition.op} ({', '.join(values)})"
    if isinstance(condition, ir.Not):
        return f"not {_operand(condition.operand)}"
    joiner = " and " if isinstance(condition, ir.And) else " or "
    return joiner.join(_operand(c) for c in condition.operands)


def _operand(condition: ir.Condition) -> str:
    """A nested condition, in parentheses when it has operators of its own."""
    text = condition_text(condition)
    return f"({text})" if isinstance(condition, (ir.And, ir.Or)) else text


def _value(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def trigger_text(trigger: ir.Trigger) -> str:
    if isinstance(trigger, ir.Created):
        return "created"
    if isinstance(trigger, ir.Comment):
        authors = " or ".join(sorted(trigger.authors))
        return f"{trigger.visibility} comment by {authors}"
    if isinstance(trigger, ir.StatusIn):
        return f"status {', '.join(sorted(trigger.statuses))}"
    if isinstance(trigger, ir.Resolved):
        return "resolved"
    if isinstance(trigger, ir.PriorityChanged):
        return "priority changed"
    if trigger.fields:
        return f"field {', '.join(sorted(trigger.fields))} changed"
    return "fields changed"
