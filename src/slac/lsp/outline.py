"""The document outline: the policy's declarations and tables as a tree of symbols.

`symbols(module)` gives one `Symbol` per outlined statement, in source order, with children for
what a statement declares inside it (a field's values, the priorities, the services of an
availability block). Kinds are names of LSP `SymbolKind` members; `server` looks them up.
"""

from __future__ import annotations

import attrs

from slac.source import Span
from slac.syntax import nodes


@attrs.frozen
class Symbol:
    name: str
    detail: str
    kind: str  # an LSP SymbolKind member name: "Class", "Field", ...
    span: Span
    selection: Span  # the name, or the statement's first word
    children: tuple[Symbol, ...] = ()


def _leaf(name: nodes.Name, detail: str, kind: str) -> Symbol:
    return Symbol(name.text, detail, kind, name.span, name.span)


def _calendar(node: nodes.Calendar) -> Symbol:
    return Symbol(node.name.text, "calendar", "Class", node.span, node.name.span)


def _field(node: nodes.Field) -> Symbol:
    values = tuple(_leaf(v, f"value of `{node.name.text}`", "EnumMember") for v in node.values)
    return Symbol(node.name.text, f"field: {node.kind}", "Field", node.span, node.name.span, values)


def _priorities(node: nodes.Priorities) -> Symbol:
    names = tuple(_leaf(n, "priority", "Constant") for n in node.names)
    return Symbol("priorities", "", "Enum", node.span, node.span, names)


def _metric(node: nodes.Metric) -> Symbol:
    detail = "repeating metric" if node.repeating else "metric"
    return Symbol(node.name.text, detail, "Event", node.span, node.name.span)


def _targets(node: nodes.Targets) -> Symbol:
    detail = ", ".join(m.text for m in node.metrics)
    return Symbol("targets", detail, "Array", node.span, node.span)


def _matrix(node: nodes.PriorityMatrix) -> Symbol:
    name = f"priority from {node.row_field.text} x {node.column_field.text}"
    return Symbol(name, "priority matrix", "Array", node.span, node.row_field.span)


def _code_fix(node: nodes.CodeFix) -> Symbol:
    return Symbol(f"code fix {node.metric.text}", "", "Method", node.span, node.metric.span)


def _objective(node: nodes.Objective) -> Symbol:
    name = f"objective {node.metric.text}"
    return Symbol(name, node.percent.text, "Number", node.span, node.metric.span)


def _exclude(node: nodes.Exclude) -> Symbol:
    return Symbol(f"exclude {node.reason.value}", "", "Null", node.span, node.reason.span)


def _availability(node: nodes.Availability) -> Symbol:
    services = tuple(
        Symbol(s.name.text, s.percent.text, "Property", s.span, s.name.span)
        for s in node.of(nodes.Service)
    )
    return Symbol("availability", "", "Namespace", node.span, node.span, services)


def _symbol(statement: object) -> Symbol | None:
    """The outline entry of a policy-level statement; None for those left out (`version`,
    `pause`, ...)."""
    match statement:
        case nodes.Calendar():
            return _calendar(statement)
        case nodes.Field():
            return _field(statement)
        case nodes.Priorities():
            return _priorities(statement)
        case nodes.PriorityMatrix():
            return _matrix(statement)
        case nodes.Exclude():
            return _exclude(statement)
        case nodes.Metric():
            return _metric(statement)
        case nodes.Targets():
            return _targets(statement)
        case nodes.CodeFix():
            return _code_fix(statement)
        case nodes.Objective():
            return _objective(statement)
        case nodes.Availability():
            return _availability(statement)
    return None


def symbols(module: nodes.Module) -> tuple[Symbol, ...]:
    """The policy, with its outlined statements as children."""
    policy = module.policy
    children = tuple(s for s in map(_symbol, policy.body) if s is not None)
    title = policy.title.value
    return (Symbol(policy.name.text, title, "Module", policy.span, policy.name.span, children),)
