"""Lark's parse tree -> the syntax tree of `slac.syntax.nodes`.

One method per grammar rule, named as the rule (`target_row` makes a `TargetRow`); helper rules
without a node of their own (`enum_values`, `visibility`, `in_op`, ...) return plain values.
Every node and every `Name` gets the span of the text it came from. The tree is valid by the
grammar, so nothing here reports errors; the only work is shaping and unescaping.
"""

from __future__ import annotations

import re

import lark
from lark import Token, v_args

from slac.source import Span
from slac.syntax import nodes as n
from slac.syntax.parser import CommentToken
from slac.vocabulary import AUTHORS, VISIBILITIES

_DURATION_PART = re.compile(r"(\d+)([hms])")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ESCAPE = re.compile(r"\\(.)")


def build(tree: lark.Tree, found: tuple[CommentToken, ...], text: str) -> n.Module:
    """The module of a parsed file, with the comments the lexer `found` in `text`."""
    policy = _Builder().transform(tree)
    return n.Module(policy, comments(found, text), span=policy.span)


# Deeper trees than this are refused before building: the builder (and the checks after it) walk
# the tree recursively, and no real condition nests more than a handful of levels.
MAX_DEPTH = 100


def too_deep(tree: lark.Tree) -> lark.Tree | None:
    """The first subtree nested deeper than MAX_DEPTH, found without recursion, else None."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, lark.Tree))
    return None


def comments(found: tuple[CommentToken, ...], text: str) -> tuple[n.Comment, ...]:
    """The lexer's comments as nodes, each marked as on its own line or after a statement."""
    lines = text.split("\n")
    return tuple(
        n.Comment(
            comment.text,
            own_line=lines[comment.line - 1][: comment.column - 1].strip() == "",
            span=Span(
                comment.line, comment.column, comment.line, comment.column + len(comment.text)
            ),
        )
        for comment in found
    )


def token_span(token: Token) -> Span:
    return Span(token.line, token.column, token.end_line, token.end_column)


def _meta_span(meta) -> Span:
    if getattr(meta, "empty", True):
        return n.NOWHERE
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _name(token: Token) -> n.Name:
    return n.Name(str(token), span=token_span(token))


def _names(children) -> tuple[n.Name, ...]:
    return tuple(
        _name(child) for child in children if isinstance(child, Token) and child.type == "NAME"
    )


def _string(token: Token) -> n.String:
    return n.String(_ESCAPE.sub(r"\1", token[1:-1]), span=token_span(token))


def _duration(token: Token) -> n.DurationLit:
    seconds = sum(int(count) * _UNIT_SECONDS[unit] for count, unit in _DURATION_PART.findall(token))
    return n.DurationLit(str(token), seconds, span=token_span(token))


def _date(token: Token) -> n.DateLit:
    year, month, day = (int(part) for part in token.split("-"))
    return n.DateLit(str(token), year, month, day, span=token_span(token))


def _time(token: Token) -> n.TimeOfDay:
    hour, minute = (int(part) for part in token.split(":"))
    return n.TimeOfDay(str(token), hour, minute, span=token_span(token))


def _percent(token: Token) -> n.Percent:
    return n.Percent(str(token), float(token[:-1]), span=token_span(token))


def _of(children, kind) -> tuple:
    return tuple(child for child in children if isinstance(child, kind))


def _words(children) -> tuple[str, ...]:
    return tuple(str(child) for child in children if isinstance(child, Token))


@v_args(meta=True)
class _Builder(lark.Transformer):
    """Bottom-up: each method gets its rule's meta (positions) and already-built children."""

    def start(self, meta, children):
        return children[0]

    def policy(self, meta, children):
        name, title, *body = children
        return n.Policy(_name(name), _string(title), tuple(body), span=_meta_span(meta))

    # -- header ---------------------------------------------------------------------------------

    def version(self, meta, children):
        return n.Version(_string(children[0]), span=_meta_span(meta))

    def effective(self, meta, children):
        return n.Effective(_date(children[0]), span=_meta_span(meta))

    def timezone(self, meta, children):
        return n.Timezone(_string(children[0]), span=_meta_span(meta))

    # -- calendars ------------------------------------------------------------------------------

    def calendar(self, meta, children):
        name, *body = children
        return n.Calendar(_name(name), tuple(body), span=_meta_span(meta))

    def zone(self, meta, children):
        return n.Zone(_string(children[0]), span=_meta_span(meta))

    def window(self, meta, children):
        return n.Window(
            _of(children, n.DayRange), _of(children, n.TimeRange), span=_meta_span(meta)
        )

    def day_range(self, meta, children):
        names = _names(children)
        return n.DayRange(names[0], names[1] if len(names) > 1 else None, span=_meta_span(meta))

    def time_range(self, meta, children):
        return n.TimeRange(_time(children[0]), _time(children[1]), span=_meta_span(meta))

    def holidays(self, meta, children):
        return n.Holidays(tuple(children), span=_meta_span(meta))

    def holiday_region(self, meta, children):
        subdivision = _name(children[1]) if len(children) > 1 else None
        return n.HolidayRegion(_name(children[0]), subdivision, span=_meta_span(meta))

    def closed(self, meta, children):
        return n.Closed(tuple(_date(child) for child in children), span=_meta_span(meta))

    def calendar_union(self, meta, children):
        return n.CalendarUnion(_names(children), span=_meta_span(meta))

    def day_length(self, meta, children):
        return n.DayLength(_duration(children[0]), span=_meta_span(meta))

    def always_open(self, meta, children):
        return n.AlwaysOpen(span=_meta_span(meta))

    # -- fields and priorities ------------------------------------------------------------------

    def field(self, meta, children):
        name, kind, *default = children
        span = _meta_span(meta)
        value = default[0] if default else None
        if isinstance(kind, tuple):
            return n.Field(_name(name), "enum", kind, value, span=span)
        return n.Field(_name(name), str(kind), (), value, span=span)

    def enum_values(self, meta, children):
        return _names(children)

    def priorities(self, meta, children):
        return n.Priorities(_names(children), span=_meta_span(meta))

    def priority_matrix(self, meta, children):
        row_field, column_field, *rest = children
        when = rest.pop(0) if not isinstance(rest[0], tuple) else None
        columns, *rows = rest
        return n.PriorityMatrix(
            _name(row_field), _name(column_field), when, columns, tuple(rows), span=_meta_span(meta)
        )

    def matrix_header(self, meta, children):
        return _names(children)

    def matrix_row(self, meta, children):
        value, *cells = _names(children)
        return n.MatrixRow(value, tuple(cells), span=_meta_span(meta))

    def priority_when(self, meta, children):
        return n.PriorityWhen(_name(children[0]), children[1], span=_meta_span(meta))

    def priority_default(self, meta, children):
        return n.PriorityDefault(_name(children[0]), span=_meta_span(meta))

    def priority_precedence(self, meta, children):
        return n.PriorityPrecedence(str(children[0]), span=_meta_span(meta))

    # -- business hours, statuses, exclusions ---------------------------------------------------

    def business_hours(self, meta, children):
        return n.BusinessHours(_name(children[0]), span=_meta_span(meta))

    def business_hours_by_priority(self, meta, children):
        return n.BusinessHoursByPriority(tuple(children), span=_meta_span(meta))

    def business_hours_by_field(self, meta, children):
        field, *entries = children
        return n.BusinessHoursByField(_name(field), tuple(entries), span=_meta_span(meta))

    def hours_entry(self, meta, children):
        *keys, calendar = _names(children)
        return n.HoursEntry(tuple(keys), calendar, span=_meta_span(meta))

    def pause(self, meta, children):
        return n.Pause(_names(children), span=_meta_span(meta))

    def resolved_when(self, meta, children):
        return n.ResolvedWhen(_names(children), span=_meta_span(meta))

    def exclude(self, meta, children):
        return n.Exclude(_string(children[0]), children[1], span=_meta_span(meta))

    # -- metrics --------------------------------------------------------------------------------

    def metric(self, meta, children):
        name, *body = children
        repeating = bool(body) and isinstance(body[0], Token) and body[0].type == "REPEATING"
        return n.Metric(
            _name(name), repeating, tuple(body[1:] if repeating else body), span=_meta_span(meta)
        )

    def start_on(self, meta, children):
        after = children[1] if len(children) > 1 else None
        return n.Start(children[0], after, span=_meta_span(meta))

    def stop_on(self, meta, children):
        return n.Stop(children[0], span=_meta_span(meta))

    def on_reopen(self, meta, children):
        return n.OnReopen("resume", span=_meta_span(meta))

    def not_applicable(self, meta, children):
        return n.NotApplicable(children[0], span=_meta_span(meta))

    def on_created(self, meta, children):
        return n.OnCreated(span=_meta_span(meta))

    def on_comment(self, meta, children):
        visibility = next((c for c in children if c in VISIBILITIES), "public")
        authors = tuple(child for child in children if child in AUTHORS)
        return n.OnComment(visibility, authors, span=_meta_span(meta))

    def visibility(self, meta, children):
        return str(children[0])

    def author(self, meta, children):
        return str(children[0])

    def on_status(self, meta, children):
        return n.OnStatus(_names(children), span=_meta_span(meta))

    def on_resolved(self, meta, children):
        return n.OnResolved(span=_meta_span(meta))

    def on_priority_changed(self, meta, children):
        return n.OnPriorityChanged(span=_meta_span(meta))

    def on_fields_changed(self, meta, children):
        return n.OnFieldsChanged(_names(children), span=_meta_span(meta))

    # -- targets, code fix, objectives ----------------------------------------------------------

    def targets(self, meta, children):
        metrics = _names(children)
        return n.Targets(metrics, _of(children, n.TargetRow), span=_meta_span(meta))

    def target_row(self, meta, children):
        priority, *cells = children
        return n.TargetRow(_name(priority), tuple(cells), span=_meta_span(meta))

    def duration_cell(self, meta, children):
        return n.DurationCell(_duration(children[0]), len(children) > 1, span=_meta_span(meta))

    def count_cell(self, meta, children):
        count, qualifier, unit = _words(children)
        return n.CountCell(int(count), qualifier, unit.rstrip("s"), span=_meta_span(meta))

    def none_cell(self, meta, children):
        return n.NoneCell(span=_meta_span(meta))

    def code_fix(self, meta, children):
        metric, when, *body = children
        return n.CodeFix(_name(metric), when, tuple(body), span=_meta_span(meta))

    def relevant_by(self, meta, children):
        return n.RelevantBy(_name(children[0]), span=_meta_span(meta))

    def code_fix_row(self, meta, children):
        *priorities, target = children
        return n.CodeFixRow(_names(priorities), target, span=_meta_span(meta))

    def release_target(self, meta, children):
        relevant = any(child.type == "RELEVANT" for child in children)
        kinds = _names(children)
        return n.ReleaseTarget(relevant, kinds[0] if kinds else None, span=_meta_span(meta))

    def objective(self, meta, children):
        metric, percent, *priorities = children
        return n.Objective(
            _name(metric), _percent(percent), _names(priorities), span=_meta_span(meta)
        )

    # -- availability ---------------------------------------------------------------------------

    def availability(self, meta, children):
        return n.Availability(tuple(children), span=_meta_span(meta))

    def during(self, meta, children):
        return n.During(_name(children[0]), span=_meta_span(meta))

    def service(self, meta, children):
        return n.Service(_name(children[0]), _percent(children[1]), span=_meta_span(meta))

    def excused(self, meta, children):
        return n.Excused(_names(children), span=_meta_span(meta))

    def not_downtime(self, meta, children):
        return n.NotDowntime(_names(children), span=_meta_span(meta))

    def partial_outages(self, meta, children):
        return n.PartialOutages("not" not in _words(children), span=_meta_span(meta))

    def credit(self, meta, children):
        return n.Credit(_percent(children[0]), _percent(children[1]), span=_meta_span(meta))

    def credit_when(self, meta, children):
        return n.CreditWhen(int(children[0]), int(children[1]), span=_meta_span(meta))

    def material_breach(self, meta, children):
        return n.MaterialBreach(int(children[0]), span=_meta_span(meta))

    # -- conditions -----------------------------------------------------------------------------

    def or_cond(self, meta, children):
        return n.OrCond(tuple(children), span=_meta_span(meta))

    def and_cond(self, meta, children):
        return n.AndCond(tuple(children), span=_meta_span(meta))

    def not_cond(self, meta, children):
        return n.NotCond(children[0], span=_meta_span(meta))

    def is_true(self, meta, children):
        return n.IsTrue(_name(children[0]), span=_meta_span(meta))

    def compare(self, meta, children):
        field, op, *values = children
        return n.Compare(_name(field), str(op), tuple(values), span=_meta_span(meta))

    def in_op(self, meta, children):
        return " ".join(_words(children))

    def value(self, meta, children):
        token = children[0]
        span = token_span(token)
        if token.type == "STRING":
            return n.Value(_string(token).value, "string", span=span)
        if token.type in ("TRUE", "FALSE"):
            return n.Value(token.type == "TRUE", "bool", span=span)
        return n.Value(str(token), "name", span=span)
