"""Conditions and priority derivation lowered to plain Python closures over a fields dict.

Lowering is the IR-to-closure step (`compile` is the syntax-to-IR one; `slac.evaluation.plan`
lowers the rest of a policy for the evaluator): `ir.Condition` trees are walked once per policy;
the closures are what the evaluator and the event reader call per event, so they do no attribute
lookups on IR objects at run time. It sits below both (it imports only `slac.ir`), so the reader
(`slac.inputs.events`) can use it without importing the evaluator, which imports the reader.
Semantics are `ir.Compare` / `ir.IsTrue`: an unset field equals nothing (`==`, `in` false;
`!=`, `not in` true), an unset bool is false.
"""

from __future__ import annotations

from collections.abc import Callable

from slac import ir

Fields = dict[str, object]
"""A ticket's declared fields that have a value (unset ones are absent); values as the event
reader checked them against the declarations (a name, a string or a bool)."""
Matrix = tuple[str, str, dict[tuple[object, object], str]]
Predicate = Callable[[Fields], bool]
_UNSET = object()


def lower_condition(condition: ir.Condition) -> Predicate:
    """A predicate over a ticket's fields dict (declared fields only, unset ones absent)."""
    if isinstance(condition, ir.IsTrue):
        name = condition.field
        return lambda fields: fields.get(name) is True
    if isinstance(condition, ir.Compare):
        return _lower_compare(condition)
    if isinstance(condition, ir.Not):
        inner = lower_condition(condition.operand)
        return lambda fields: not inner(fields)
    if isinstance(condition, ir.And):
        parts = tuple(lower_condition(c) for c in condition.operands)
        return lambda fields: all(p(fields) for p in parts)
    if isinstance(condition, ir.Or):
        parts = tuple(lower_condition(c) for c in condition.operands)
        return lambda fields: any(p(fields) for p in parts)
    raise TypeError(f"not a condition: {condition!r}")


def _lower_compare(condition: ir.Compare) -> Predicate:
    name = condition.field
    # `True == 1` in Python: compare (type, value) pairs so a bool field never equals a number.
    wanted = frozenset((type(v), v) for v in condition.values)

    def holds(fields: Fields) -> bool:
        value = fields.get(name, _UNSET)
        return value is not _UNSET and (type(value), value) in wanted

    if condition.op in ("==", "in"):
        return holds
    return lambda fields: not holds(fields)


class PriorityDeriver:
    """The policy's derivation rules as one call: fields -> priority name or None.

    Rules are tried in order; a rule whose condition holds yields its fixed priority or its
    matrix cell (a matrix over unset fields yields nothing and the next rule is tried); then
    the policy's default.
    """

    __slots__ = ("_default", "_rules", "fields")

    def __init__(self, priorities: ir.Priorities) -> None:
        rules: list[tuple[Predicate | None, str | None, Matrix | None]] = []
        used: set[str] = set()
        for rule in priorities.rules:
            when = lower_condition(rule.when) if rule.when is not None else None
            matrix: Matrix | None = None
            if rule.matrix is not None:
                m = rule.matrix
                matrix = (m.row_field, m.column_field, dict(m.cells.items()))
                used |= {m.row_field, m.column_field}
            if rule.when is not None:
                used |= condition_fields(rule.when)
            rules.append((when, rule.fixed, matrix))
        self._rules = tuple(rules)
        self._default = priorities.default
        self.fields = frozenset(used)  # a fields change outside these cannot re-derive

    def __call__(self, fields: Fields) -> str | None:
        for when, fixed, matrix in self._rules:
            if when is not None and not when(fields):
                continue
            if matrix is None:
                if fixed is not None:
                    return fixed
                continue
            row, column, cells = matrix
            cell = cells.get((fields.get(row), fields.get(column)))
            if cell is not None:
                return cell
        return self._default


def condition_fields(condition: ir.Condition) -> frozenset[str]:
    """The field names a condition reads."""
    if isinstance(condition, (ir.IsTrue, ir.Compare)):
        return frozenset((condition.field,))
    if isinstance(condition, ir.Not):
        return condition_fields(condition.operand)
    return frozenset[str]().union(*(condition_fields(c) for c in condition.operands))


def initial_fields(policy: ir.Policy) -> Fields:
    """Declared defaults: the fields a ticket starts with before `created.fields` is merged."""
    return {f.name: f.default for f in policy.fields if f.default is not None}
