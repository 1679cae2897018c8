"""Lark's tree of a `.slatest` file -> `slac.testing.nodes`: one method per grammar rule.

Nothing is checked here beyond what the grammar says; `prepare` reads the values.
"""

from __future__ import annotations

from typing import Any

import lark
from lark import Token, Tree

from slac.source import Span
from slac.testing import nodes

# Terminal -> how a value was written.
_KINDS: dict[str, nodes.ValueKind] = {
    "NUMBER": "number",
    "INT": "number",
    "STRING": "string",
    "WORD": "word",
    "INSTANT": "instant",
    "LOCAL_TIME": "local_time",
    "TRUE": "bool",
    "FALSE": "bool",
    "NONE": "none",
}


def build(tree: Tree[Token]) -> nodes.PolicyTestFile:
    result: nodes.PolicyTestFile = _Builder().transform(tree)
    return result


def token_span(token: Token) -> Span:
    return Span(token.line or 1, token.column or 1, token.end_line or 1, token.end_column or 1)


def value(token: Token) -> nodes.Value:
    text = str(token)
    if token.type == "STRING":
        text = text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    elif token.type == "LOCAL_TIME":
        text = " ".join(text.replace("T", " ").split())
    return nodes.Value(_KINDS[token.type], text, token_span(token))


def text(token: Token) -> str:
    return value(token).text


class _Builder(lark.Transformer[Token, Any]):
    """Children arrive already built; `meta` gives each rule's span."""

    @lark.v_args(meta=True)
    def start(self, meta: Any, children: list[Any]) -> nodes.PolicyTestFile:
        (policy, policy_span, zone, zone_span), *tests = children
        return nodes.PolicyTestFile(policy, zone, tuple(tests), policy_span, zone_span)

    def header(self, children: list[Any]) -> tuple[str, Span, str | None, Span | None]:
        policy, policy_span = children[0]
        zone, zone_span = children[1] if len(children) > 1 else (None, None)
        return policy, policy_span, zone, zone_span

    def policy_ref(self, children: list[Token]) -> tuple[str, Span]:
        return text(children[0]), token_span(children[0])

    def zone(self, children: list[Token]) -> tuple[str, Span]:
        return text(children[0]), token_span(children[0])

    @lark.v_args(meta=True)
    def test(self, meta: Any, children: list[Any]) -> nodes.PolicyTest:
        name, *items = children
        flat = [i for item in items for i in (item if isinstance(item, tuple) else (item,))]
        return nodes.PolicyTest(
            text(name),
            tuple(i for i in flat if isinstance(i, nodes.At)),
            tuple(i for i in flat if isinstance(i, nodes.EventLine | nodes.EventsFrom)),
            tuple(i for i in flat if isinstance(i, nodes.OutageLine | nodes.OutagesFrom)),
            tuple(i for i in flat if isinstance(i, nodes.Expect)),
            _span(meta),
        )

    @lark.v_args(meta=True)
    def at(self, meta: Any, children: list[Token]) -> nodes.At:
        return nodes.At(value(children[0]), _span(meta))

    # --- events --------------------------------------------------------------------------------

    def events(self, children: list[nodes.EventLine]) -> tuple[nodes.EventLine, ...]:
        return tuple(children)

    @lark.v_args(meta=True)
    def events_from(self, meta: Any, children: list[Token]) -> nodes.EventsFrom:
        return nodes.EventsFrom(text(children[0]), _span(meta))

    @lark.v_args(meta=True)
    def ticket_event(self, meta: Any, children: list[Any]) -> nodes.EventLine:
        at, ticket, body = children
        return nodes.EventLine(value(at), {"ticket": text(ticket), **body}, _span(meta))

    def created(self, children: list[Any]) -> dict[str, object]:
        body: dict[str, object] = {"event": "created"}
        if children and isinstance(children[0], Token):
            body["priority"] = text(children[0])
        fields: dict[str, object] = dict(c for c in children if isinstance(c, tuple))
        if fields:
            body["fields"] = fields
        return body

    def comment(self, children: list[Any]) -> dict[str, object]:
        visibility = children[0] if len(children) == 2 else "public"
        return {"event": "comment", "author": children[-1], "public": visibility == "public"}

    def visibility(self, children: list[Token]) -> str:
        return str(children[0])

    author = scope = key = visibility

    def status(self, children: list[Token]) -> dict[str, object]:
        return {"event": "status", "status": text(children[0])}

    def reprioritised(self, children: list[Token]) -> dict[str, object]:
        return {"event": "priority", "priority": text(children[0])}

    def fields_set(self, children: list[tuple[str, object]]) -> dict[str, object]:
        return {"event": "fields", "fields": dict(children)}

    def field_value(self, children: list[Token]) -> tuple[str, object]:
        name, written = children
        # Bare `true`/`false` are JSON booleans; a quoted "true" stays a string.
        scalar: object = (
            written.type == "TRUE" if written.type in ("TRUE", "FALSE") else text(written)
        )
        return str(name)[:-1], scalar

    @lark.v_args(meta=True)
    def release_event(self, meta: Any, children: list[Any]) -> nodes.EventLine:
        at, name, kind, *rest = children
        body: dict[str, object] = {"event": "release", "release": text(name), "kind": text(kind)}
        body["fixes"] = []
        for part in rest:
            body.update(part)
        return nodes.EventLine(value(at), body, _span(meta))

    @lark.v_args(meta=True)
    def call_event(self, meta: Any, children: list[Any]) -> nodes.EventLine:
        at, call, *answered = children
        body: dict[str, object] = {"event": "call", "call": text(call)}
        body["answered_after_seconds"] = answered[0] if answered else None
        return nodes.EventLine(value(at), body, _span(meta))

    def call_answered(self, children: list[Token]) -> int:
        return int(children[0])

    def worklog(self, children: list[Token]) -> dict[str, object]:
        minutes, rate = children
        return {"event": "worklog", "minutes": int(minutes), "rate": text(rate)}

    def release_fixes(self, children: list[Token]) -> dict[str, object]:
        return {"fixes": [text(c) for c in children]}

    def release_products(self, children: list[Token]) -> dict[str, object]:
        return {"products": [text(c) for c in children]}

    # --- outages -------------------------------------------------------------------------------

    def outages(self, children: list[nodes.OutageLine]) -> tuple[nodes.OutageLine, ...]:
        return tuple(children)

    @lark.v_args(meta=True)
    def outages_from(self, meta: Any, children: list[Token]) -> nodes.OutagesFrom:
        return nodes.OutagesFrom(text(children[0]), _span(meta))

    @lark.v_args(meta=True)
    def outage(self, meta: Any, children: list[Any]) -> nodes.OutageLine:
        service, start, end, *rest = children
        cause = next((text(c) for c in rest if isinstance(c, Token)), None)
        scope = next((c for c in rest if isinstance(c, str) and not isinstance(c, Token)), None)
        announced = next((c for c in rest if isinstance(c, nodes.Value)), None)
        return nodes.OutageLine(
            text(service), value(start), value(end), cause, scope, _span(meta), announced=announced
        )

    def announced(self, children: list[Token]) -> nodes.Value:
        return value(children[0])

    # --- expectations --------------------------------------------------------------------------

    def expect(self, children: list[nodes.Expect]) -> nodes.Expect:
        return children[0]

    @lark.v_args(meta=True)
    def expect_metric(self, meta: Any, children: list[Any]) -> nodes.MetricExpect:
        ticket, metric, *rest = children
        cycle = next((c for c in rest if isinstance(c, int)), 1)
        checks = tuple(c for c in rest if isinstance(c, nodes.Check))
        return nodes.MetricExpect(text(ticket), text(metric), cycle, checks, _span(meta))

    def cycle(self, children: list[Token]) -> int:
        return int(children[0])

    @lark.v_args(meta=True)
    def expect_cycles(self, meta: Any, children: list[Token]) -> nodes.CyclesExpect:
        ticket, metric, count = children
        return nodes.CyclesExpect(text(ticket), text(metric), int(count), _span(meta))

    @lark.v_args(meta=True)
    def expect_ticket(self, meta: Any, children: list[Any]) -> nodes.TicketExpect:
        ticket, *checks = children
        return nodes.TicketExpect(text(ticket), tuple(checks), _span(meta))

    @lark.v_args(meta=True)
    def expect_report(self, meta: Any, children: list[Any]) -> nodes.ReportExpect:
        month, metric, priority, *checks = children
        name = text(priority)
        return nodes.ReportExpect(
            str(month), text(metric), None if name == "all" else name, tuple(checks), _span(meta)
        )

    @lark.v_args(meta=True)
    def expect_availability(self, meta: Any, children: list[Any]) -> nodes.AvailabilityExpect:
        service, month, *checks = children
        return nodes.AvailabilityExpect(text(service), str(month), tuple(checks), _span(meta))

    @lark.v_args(meta=True)
    def expect_kpi(self, meta: Any, children: list[Any]) -> nodes.KpiExpect:
        month, kpi, *checks = children
        return nodes.KpiExpect(str(month), text(kpi), tuple(checks), _span(meta))

    @lark.v_args(meta=True)
    def expect_budget(self, meta: Any, children: list[Any]) -> nodes.BudgetExpect:
        month, *checks = children
        return nodes.BudgetExpect(str(month), tuple(checks), _span(meta))

    @lark.v_args(meta=True)
    def check(self, meta: Any, children: list[Any]) -> nodes.Check:
        key, written = children
        return nodes.Check(key, value(written), _span(meta))


def _span(meta: Any) -> Span:
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)
