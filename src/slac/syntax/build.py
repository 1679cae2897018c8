"""Lark's parse tree -> the syntax tree of `slac.syntax.nodes`.

One method per grammar rule, named as the rule (`target_row` makes a `TargetRow`); helper rules
without a node of their own (`enum_values`, `visibility`, `in_op`, ...) return plain values.
Methods take their rule's children as arguments (`v_args(inline=True)`), so each signature states
what the grammar gives it: tokens for terminals, built nodes for rules, `None` never (optional
parts are simply absent, hence the defaults). Every node and every `Name` gets the span of the
text it came from. The tree is valid by the grammar, so nothing here reports errors; the only
work is shaping and unescaping.
"""

from __future__ import annotations

import re
import sys
from typing import Literal, TypeVar, cast

import lark
from lark import Token, v_args
from lark.tree import Meta

from slac.source import Span
from slac.syntax import nodes as n
from slac.syntax.parser import CommentToken
from slac.vocabulary import Author, Visibility

_DURATION_PART = re.compile(r"(\d+)([hms])")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ESCAPE = re.compile(r"\\(.)")
_OPERATORS: dict[str, Literal["==", "!=", "in", "not in"]] = {
    "==": "==",
    "!=": "!=",
    "in": "in",
    "not in": "not in",
}
Tree = lark.Tree[Token]
_TRIGGERS = (
    n.OnCreated,
    n.OnComment,
    n.OnStatus,
    n.OnResolved,
    n.OnPriorityChanged,
    n.OnFieldsChanged,
)
T = TypeVar("T")


def build(tree: Tree, found: tuple[CommentToken, ...], text: str) -> n.Module:
    """The module of a parsed file, with the comments the lexer `found` in `text`."""
    policy = _Builder().transform(tree)
    return n.Module(policy, comments(found, text), span=policy.span)


# Conditions nested deeper than this are refused before building (E014): the builder (and the
# checks after it) walk the tree recursively, and no real condition nests more than a handful of
# levels. A level is one `not`, `and` or `or` inside another (language.md, E014): parentheses
# that group nothing new add none, and the statements around a condition do not count.
MAX_DEPTH = 100
_CONDITION_LEVELS = frozenset({"not_cond", "and_cond", "or_cond"})


_NUMBER_TOKENS = frozenset({"INT", "DURATION", "PERCENT"})
_DIGITS = re.compile(r"\d+")


def too_long_number(tree: Tree) -> Token | None:
    """The first number with more digits than Python turns into an int (E016), else None: the
    builder's `int()` would raise on it."""
    limit = sys.get_int_max_str_digits()
    for token in tree.scan_values(lambda v: isinstance(v, Token) and len(v) > limit):
        if token.type in _NUMBER_TOKENS and any(len(run) > limit for run in _DIGITS.findall(token)):
            return token
    return None


def too_deep(tree: Tree) -> Tree | None:
    """The first condition nested more than MAX_DEPTH levels, found without recursion, else
    None."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _CONDITION_LEVELS:
            depth += 1
            if depth > MAX_DEPTH:
                return node
        stack.extend((child, depth) for child in node.children if isinstance(child, lark.Tree))
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
    # Lark sets every position of a token it lexed (propagate_positions); 0 never shows.
    return Span(token.line or 0, token.column or 0, token.end_line or 0, token.end_column or 0)


def _meta_span(meta: Meta) -> Span:
    if meta.empty:
        return n.NOWHERE
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _name(token: Token) -> n.Name:
    return n.Name(str(token), span=token_span(token))


def _names(tokens: tuple[Token | object, ...]) -> tuple[n.Name, ...]:
    """The NAME tokens among `tokens` as names (keywords kept by `!` rules are skipped)."""
    return tuple(_name(t) for t in tokens if isinstance(t, Token) and t.type == "NAME")


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


def _of(children: tuple[object, ...], kind: type[T]) -> tuple[T, ...]:
    return tuple(child for child in children if isinstance(child, kind))


@v_args(inline=True, meta=True)
class _Builder(lark.Transformer[Token, n.Policy]):
    """Bottom-up: each method gets its rule's meta (positions) and already-built children."""

    def start(self, meta: Meta, policy: n.Policy) -> n.Policy:
        return policy

    def policy(self, meta: Meta, name: Token, title: Token, *body: n.PolicyStatement) -> n.Policy:
        return n.Policy(_name(name), _string(title), body, span=_meta_span(meta))

    # -- header ---------------------------------------------------------------------------------

    def version(self, meta: Meta, text: Token) -> n.Version:
        return n.Version(_string(text), span=_meta_span(meta))

    def effective(self, meta: Meta, date: Token) -> n.Effective:
        return n.Effective(_date(date), span=_meta_span(meta))

    def timezone(self, meta: Meta, zone: Token) -> n.Timezone:
        return n.Timezone(_string(zone), span=_meta_span(meta))

    # -- calendars ------------------------------------------------------------------------------

    def calendar(self, meta: Meta, name: Token, *body: n.CalendarStatement) -> n.Calendar:
        return n.Calendar(_name(name), body, span=_meta_span(meta))

    def zone(self, meta: Meta, zone: Token) -> n.Zone:
        return n.Zone(_string(zone), span=_meta_span(meta))

    def window(self, meta: Meta, *parts: n.DayRange | n.TimeRange) -> n.Window:
        return n.Window(_of(parts, n.DayRange), _of(parts, n.TimeRange), span=_meta_span(meta))

    def day_range(self, meta: Meta, first: Token, last: Token | None = None) -> n.DayRange:
        until = None if last is None else _name(last)
        return n.DayRange(_name(first), until, span=_meta_span(meta))

    def time_range(self, meta: Meta, opens: Token, closes: Token) -> n.TimeRange:
        return n.TimeRange(_time(opens), _time(closes), span=_meta_span(meta))

    def holidays(self, meta: Meta, *regions: n.HolidayRegion) -> n.Holidays:
        return n.Holidays(regions, span=_meta_span(meta))

    def holiday_region(
        self, meta: Meta, country: Token, subdivision: Token | None = None
    ) -> n.HolidayRegion:
        part = None if subdivision is None else _name(subdivision)
        return n.HolidayRegion(_name(country), part, span=_meta_span(meta))

    def closed(self, meta: Meta, *dates: Token) -> n.Closed:
        return n.Closed(tuple(_date(date) for date in dates), span=_meta_span(meta))

    def calendar_union(self, meta: Meta, *members: Token) -> n.CalendarUnion:
        return n.CalendarUnion(_names(members), span=_meta_span(meta))

    def day_length(self, meta: Meta, length: Token) -> n.DayLength:
        return n.DayLength(_duration(length), span=_meta_span(meta))

    def always_open(self, meta: Meta) -> n.AlwaysOpen:
        return n.AlwaysOpen(span=_meta_span(meta))

    # -- fields and priorities ------------------------------------------------------------------

    def field(
        self,
        meta: Meta,
        name: Token,
        kind: Token | tuple[n.Name, ...],
        default: n.Value | None = None,
    ) -> n.Field:
        span = _meta_span(meta)
        if isinstance(kind, tuple):
            return n.Field(_name(name), "enum", kind, default, span=span)
        simple: Literal["bool", "text"] = "bool" if kind.type == "BOOL_TYPE" else "text"
        return n.Field(_name(name), simple, (), default, span=span)

    def enum_values(self, meta: Meta, *values: Token) -> tuple[n.Name, ...]:
        return _names(values)

    def priorities(self, meta: Meta, *names: Token) -> n.Priorities:
        return n.Priorities(_names(names), span=_meta_span(meta))

    def priority_matrix(
        self,
        meta: Meta,
        row_field: Token,
        column_field: Token,
        *rest: n.Condition | tuple[n.Name, ...] | n.MatrixRow,
    ) -> n.PriorityMatrix:
        when = next((r for r in rest if not isinstance(r, tuple | n.MatrixRow)), None)
        columns = next(r for r in rest if isinstance(r, tuple))
        rows = _of(rest, n.MatrixRow)
        return n.PriorityMatrix(
            _name(row_field), _name(column_field), when, columns, rows, span=_meta_span(meta)
        )

    def matrix_header(self, meta: Meta, *columns: Token) -> tuple[n.Name, ...]:
        return _names(columns)

    def matrix_row(self, meta: Meta, value: Token, *cells: Token) -> n.MatrixRow:
        return n.MatrixRow(_name(value), _names(cells), span=_meta_span(meta))

    def priority_when(self, meta: Meta, priority: Token, when: n.Condition) -> n.PriorityWhen:
        return n.PriorityWhen(_name(priority), when, span=_meta_span(meta))

    def priority_default(self, meta: Meta, priority: Token) -> n.PriorityDefault:
        return n.PriorityDefault(_name(priority), span=_meta_span(meta))

    def priority_cap(self, meta: Meta, priority: Token, when: n.Condition) -> n.PriorityCap:
        return n.PriorityCap(_name(priority), when, span=_meta_span(meta))

    def priority_precedence(self, meta: Meta, winner: Token, *_: Token) -> n.PriorityPrecedence:
        wins: Literal["named", "derived"] = "named" if winner == "named" else "derived"
        return n.PriorityPrecedence(wins, span=_meta_span(meta))

    # -- business hours, statuses, exclusions ---------------------------------------------------

    def business_hours(self, meta: Meta, calendar: Token) -> n.BusinessHours:
        return n.BusinessHours(_name(calendar), span=_meta_span(meta))

    def business_hours_by_priority(
        self, meta: Meta, *entries: n.HoursEntry
    ) -> n.BusinessHoursByPriority:
        return n.BusinessHoursByPriority(entries, span=_meta_span(meta))

    def business_hours_by_field(
        self, meta: Meta, field: Token, *entries: n.HoursEntry
    ) -> n.BusinessHoursByField:
        return n.BusinessHoursByField(_name(field), entries, span=_meta_span(meta))

    def hours_entry(self, meta: Meta, *names: Token) -> n.HoursEntry:
        *keys, calendar = _names(names)
        return n.HoursEntry(tuple(keys), calendar, span=_meta_span(meta))

    def pause(self, meta: Meta, *parts: Token | n.PauseUntil) -> n.Pause:
        until = next(iter(_of(parts, n.PauseUntil)), None)
        return n.Pause(_names(parts), until, span=_meta_span(meta))

    def pause_while(
        self, meta: Meta, when: n.Condition, until: n.PauseUntil | None = None
    ) -> n.PauseWhile:
        return n.PauseWhile(when, until, span=_meta_span(meta))

    def pause_until(self, meta: Meta, trigger: n.Trigger) -> n.PauseUntil:
        return n.PauseUntil(trigger, span=_meta_span(meta))

    def resolved_when(self, meta: Meta, *statuses: Token) -> n.ResolvedWhen:
        return n.ResolvedWhen(_names(statuses), span=_meta_span(meta))

    def exclude(self, meta: Meta, reason: Token, when: n.Condition) -> n.Exclude:
        return n.Exclude(_string(reason), when, span=_meta_span(meta))

    # -- metrics --------------------------------------------------------------------------------

    def metric(self, meta: Meta, name: Token, *body: Token | n.MetricStatement) -> n.Metric:
        statements = tuple(item for item in body if not isinstance(item, Token))
        repeating = len(statements) < len(body)  # the REPEATING token is the only other child
        return n.Metric(_name(name), repeating, statements, span=_meta_span(meta))

    def start_on(self, meta: Meta, trigger: n.Trigger, *rest: n.Trigger | n.Condition) -> n.Start:
        # `after` is a trigger node, `when` a condition node: the two sets of classes are apart.
        after = next((r for r in rest if isinstance(r, _TRIGGERS)), None)
        when = next((r for r in rest if not isinstance(r, _TRIGGERS)), None)
        return n.Start(trigger, after, when, span=_meta_span(meta))

    def stop_on(self, meta: Meta, trigger: n.Trigger) -> n.Stop:
        return n.Stop(trigger, span=_meta_span(meta))

    def on_reopen(self, meta: Meta) -> n.OnReopen:
        return n.OnReopen("resume", span=_meta_span(meta))

    def not_applicable(self, meta: Meta, when: n.Condition) -> n.NotApplicable:
        return n.NotApplicable(when, span=_meta_span(meta))

    def on_created(self, meta: Meta) -> n.OnCreated:
        return n.OnCreated(span=_meta_span(meta))

    def on_comment(self, meta: Meta, *parts: Visibility | tuple[Author, ...]) -> n.OnComment:
        written = [part for part in parts if isinstance(part, str)]
        visibility: Visibility = written[0] if written else "public"
        authors = next(part for part in parts if isinstance(part, tuple))
        return n.OnComment(visibility, authors, span=_meta_span(meta))

    def visibility(self, meta: Meta, word: Token) -> Visibility:
        # The rule's alternatives are vocabulary.VISIBILITIES (tests/test_vocabulary.py).
        return cast(Visibility, str(word))

    def authors(self, meta: Meta, *authors: Author) -> tuple[Author, ...]:
        return authors

    def author(self, meta: Meta, word: Token) -> Author:
        # The rule's alternatives are vocabulary.AUTHORS (tests/test_vocabulary.py).
        return cast(Author, str(word))

    def on_status(self, meta: Meta, *statuses: Token) -> n.OnStatus:
        return n.OnStatus(_names(statuses), span=_meta_span(meta))

    def on_resolved(self, meta: Meta) -> n.OnResolved:
        return n.OnResolved(span=_meta_span(meta))

    def on_priority_changed(self, meta: Meta) -> n.OnPriorityChanged:
        return n.OnPriorityChanged(span=_meta_span(meta))

    def on_fields_changed(self, meta: Meta, *fields: Token) -> n.OnFieldsChanged:
        return n.OnFieldsChanged(_names(fields), span=_meta_span(meta))

    # -- targets, code fix, objectives ----------------------------------------------------------

    def targets(self, meta: Meta, *parts: Token | n.TargetRow | n.Tier) -> n.Targets:
        tier = next(iter(_of(parts, n.Tier)), None)
        rest = tuple(part for part in parts if not isinstance(part, n.Tier))
        return n.Targets(_names(rest), _of(rest, n.TargetRow), span=_meta_span(meta), tier=tier)

    def tier(self, meta: Meta, field: Token, value: Token) -> n.Tier:
        return n.Tier(_name(field), _name(value), span=_meta_span(meta))

    def target_row(self, meta: Meta, priority: Token, *cells: n.Cell) -> n.TargetRow:
        return n.TargetRow(_name(priority), cells, span=_meta_span(meta))

    def duration_cell(
        self, meta: Meta, duration: Token, wall_clock: Token | None = None
    ) -> n.DurationCell:
        return n.DurationCell(_duration(duration), wall_clock is not None, span=_meta_span(meta))

    def count_cell(self, meta: Meta, count: Token, qualifier: Token, unit: Token) -> n.CountCell:
        kind: Literal["business", "working"] = "business" if qualifier == "business" else "working"
        per: Literal["day", "hour"] = "day" if unit.startswith("day") else "hour"
        return n.CountCell(int(count), kind, per, span=_meta_span(meta))

    def none_cell(self, meta: Meta) -> n.NoneCell:
        return n.NoneCell(span=_meta_span(meta))

    def deadline_cell(self, meta: Meta, *words: Token) -> n.DeadlineCell:
        time = next((_time(word) for word in words if word.type == "TIME"), None)
        return n.DeadlineCell(time, "next" in words, span=_meta_span(meta))

    def code_fix(
        self, meta: Meta, metric: Token, when: n.Condition, *body: n.CodeFixStatement
    ) -> n.CodeFix:
        return n.CodeFix(_name(metric), when, body, span=_meta_span(meta))

    def relevant_by(self, meta: Meta, field: Token) -> n.RelevantBy:
        return n.RelevantBy(_name(field), span=_meta_span(meta))

    def code_fix_row(self, meta: Meta, *parts: Token | n.ReleaseTarget) -> n.CodeFixRow:
        (target,) = _of(parts, n.ReleaseTarget)
        return n.CodeFixRow(_names(parts), target, span=_meta_span(meta))

    def release_target(self, meta: Meta, *parts: Token) -> n.ReleaseTarget:
        relevant = any(part.type == "RELEVANT" for part in parts)
        kind = next(iter(_names(parts)), None)
        return n.ReleaseTarget(relevant, kind, span=_meta_span(meta))

    def objective(self, meta: Meta, metric: Token, percent: Token, *rest: Token) -> n.Objective:
        overall = any(token.type == "OVERALL" for token in rest)
        return n.Objective(
            _name(metric), _percent(percent), _names(rest), overall, span=_meta_span(meta)
        )

    def warn(self, meta: Meta, *thresholds: Token) -> n.Warn:
        return n.Warn(tuple(_percent(t) for t in thresholds), span=_meta_span(meta))

    # -- availability ---------------------------------------------------------------------------

    def availability(self, meta: Meta, *body: n.AvailabilityStatement) -> n.Availability:
        return n.Availability(body, span=_meta_span(meta))

    def during(self, meta: Meta, calendar: Token) -> n.During:
        return n.During(_name(calendar), span=_meta_span(meta))

    def service(self, meta: Meta, name: Token, objective: Token) -> n.Service:
        return n.Service(_name(name), _percent(objective), span=_meta_span(meta))

    def excused(self, meta: Meta, *causes: Token) -> n.Excused:
        return n.Excused(_names(causes), span=_meta_span(meta))

    def not_downtime(self, meta: Meta, *causes: Token) -> n.NotDowntime:
        return n.NotDowntime(_names(causes), span=_meta_span(meta))

    def partial_outages(self, meta: Meta, *words: Token) -> n.PartialOutages:
        return n.PartialOutages("not" not in words, span=_meta_span(meta))

    def credit(self, meta: Meta, credit: Token, below: Token, *services: Token) -> n.Credit:
        return n.Credit(_percent(credit), _percent(below), _names(services), span=_meta_span(meta))

    def credit_when(self, meta: Meta, failing: Token, window: Token) -> n.CreditWhen:
        return n.CreditWhen(int(failing), int(window), span=_meta_span(meta))

    def material_breach(self, meta: Meta, months: Token) -> n.MaterialBreach:
        return n.MaterialBreach(int(months), span=_meta_span(meta))

    def notice(self, meta: Meta, days: Token, *causes: Token) -> n.Notice:
        return n.Notice(int(days), _names(causes), span=_meta_span(meta))

    # -- KPIs and the support budget ------------------------------------------------------------

    def kpi(
        self,
        meta: Meta,
        name: Token,
        measure: n.KpiShare | n.KpiCallAnswer,
        goal: Token | None = None,
    ) -> n.Kpi:
        shown: n.Percent | n.DurationLit | None = None
        if goal is not None:
            shown = _percent(goal) if goal.type == "PERCENT" else _duration(goal)
        return n.Kpi(_name(name), measure, shown, span=_meta_span(meta))

    def kpi_share(self, meta: Meta, when: n.Condition) -> n.KpiShare:
        return n.KpiShare(when, span=_meta_span(meta))

    def kpi_call_answer(self, meta: Meta) -> n.KpiCallAnswer:
        return n.KpiCallAnswer(span=_meta_span(meta))

    def budget(self, meta: Meta, *body: n.BudgetStatement) -> n.Budget:
        return n.Budget(body, span=_meta_span(meta))

    def budget_amount(self, meta: Meta, amount: Token, unit: Token) -> n.BudgetAmount:
        return n.BudgetAmount(int(amount), _name(unit), span=_meta_span(meta))

    def budget_renews(self, meta: Meta, months: Token, start: Token) -> n.BudgetRenews:
        return n.BudgetRenews(int(months), _date(start), span=_meta_span(meta))

    def budget_rate(self, meta: Meta, name: Token, charge: Token) -> n.BudgetRate:
        return n.BudgetRate(_name(name), int(charge), span=_meta_span(meta))

    def budget_excluded(self, meta: Meta) -> n.BudgetExcluded:
        return n.BudgetExcluded(span=_meta_span(meta))

    # -- conditions -----------------------------------------------------------------------------

    def or_cond(self, meta: Meta, *operands: n.Condition) -> n.OrCond:
        return n.OrCond(operands, span=_meta_span(meta))

    def and_cond(self, meta: Meta, *operands: n.Condition) -> n.AndCond:
        return n.AndCond(operands, span=_meta_span(meta))

    def not_cond(self, meta: Meta, operand: n.Condition) -> n.NotCond:
        return n.NotCond(operand, span=_meta_span(meta))

    def is_true(self, meta: Meta, field: Token) -> n.IsTrue:
        return n.IsTrue(_name(field), span=_meta_span(meta))

    def compare(self, meta: Meta, field: Token, op: str, *values: n.Value) -> n.Compare:
        return n.Compare(_name(field), _OPERATORS[str(op)], values, span=_meta_span(meta))

    def in_op(self, meta: Meta, *words: Token) -> str:
        return " ".join(words)

    def value(self, meta: Meta, token: Token) -> n.Value:
        span = token_span(token)
        if token.type == "STRING":
            return n.Value(_string(token).value, "string", span=span)
        if token.type in ("TRUE", "FALSE"):
            return n.Value(token.type == "TRUE", "bool", span=span)
        return n.Value(str(token), "name", span=span)
