"""The `.desk` file: which agreement each ticket is under, read line by line (docs/desk.md).

```
desk acme "Acme Learning's service desk"
field customer                                  # a field the desk routes on, beside the policies'
use learnamp "../../policies/learnamp.sla"      # a policy, by a name and a path (relative to here)
use impero "impero-1.1.sla"                     # versions of one agreement: each from its date,
use impero "impero-1.2.sla" from 2026-03-16     # for tickets created from then on
route customer == "learnco" to learnamp         # first match wins
route customer in ("school-a", "school-b") and region == "uk" to impero
otherwise no agreement                          # or: otherwise to learnamp
warn at 50%, 75%                                # for the policies that state no `warn at`
```

A statement is one line; `#` starts a comment. A route's condition is one or more tests joined
by `and`: `FIELD == VALUE`, `FIELD != VALUE`, `FIELD in (VALUE, ...)`; a value is a quoted
string, a word, or `true`/`false`. Every problem is a diagnostic (E8xx) with its span; the
parser goes on to the next line, so one run reports them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Literal

import attrs

from slac.diagnostics import Diagnostic
from slac.source import Source, Span

if TYPE_CHECKING:  # the policy syntax tree (~25 ms to import) loads with a desk's `warn at`
    from slac.syntax.nodes import Percent

Value = str | bool


@attrs.frozen
class Test:
    """One test of a route: `field op values` (`==` and `!=` hold one value)."""

    field: str
    op: Literal["==", "!=", "in"]
    values: tuple[Value, ...]
    span: Span = attrs.field(eq=False, repr=False)

    def holds(self, fields: dict[str, object]) -> bool:
        value = fields.get(self.field)
        if self.op == "!=":
            return value not in self.values
        return value in self.values


@attrs.frozen
class Route:
    """`route TESTS to POLICY`; `otherwise` is a route with no tests; `policy` None: no agreement."""

    tests: tuple[Test, ...]
    policy: str | None
    span: Span = attrs.field(eq=False, repr=False)
    policy_span: Span = attrs.field(eq=False, repr=False)
    otherwise: bool = False

    def matches(self, fields: dict[str, object]) -> bool:
        return all(test.holds(fields) for test in self.tests)


@attrs.frozen
class Use:
    """`use NAME "PATH" [from DATE]`: a policy, or with `from` a version of the agreement NAME
    in force from that date (midnight in the policy's time zone)."""

    name: str
    path: str  # as written, relative to the desk file
    span: Span = attrs.field(eq=False, repr=False)
    effective: date | None = None


@attrs.frozen
class Warn:
    """`warn at 50%, 75%`: thresholds as percentages, checked as a policy's are (E205, E450)."""

    thresholds: tuple[Percent, ...]


@attrs.frozen
class DeskFile:
    name: str
    title: str
    fields: tuple[tuple[str, Span], ...]
    uses: tuple[Use, ...]
    routes: tuple[Route, ...]  # in file order, `otherwise` last when present
    span: Span = attrs.field(eq=False, repr=False)
    warnings: tuple[Warn, ...] = ()


_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<op>==|!=|[(),])|(?P<word>[^\s"(),=!#]+))'
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

Token = tuple[str, str, int]  # (kind, text, column)


def _tokens(text: str) -> list[Token] | int:
    """The tokens of one line (comment dropped), or the 1-based column of a character that
    starts none."""
    tokens: list[Token] = []
    position = 0
    while True:
        rest = text[position:]
        if not rest.strip() or rest.lstrip().startswith("#"):
            return tokens
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return len(text) - len(rest.lstrip()) + 1
        kind = match.lastgroup or "word"
        start = match.start(kind)
        tokens.append((kind, match.group(kind), start + 1))
        position = match.end()


def _span(line: int, token: Token) -> Span:
    return Span(line, token[2], line, token[2] + len(token[1]))


def _value(token: Token) -> Value:
    kind, text, _ = token
    if kind == "string":
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return {"true": True, "false": False}.get(text, text)


class _Line:
    """One statement's tokens, read left to right; `expect` records what was wanted."""

    def __init__(self, number: int, tokens: list[Token], text: str) -> None:
        self.number, self.tokens, self.index, self.text = number, tokens, 0, text

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, what: str, kinds: tuple[str, ...], text: str | None = None) -> Token:
        token = self.peek()
        if token is None or token[0] not in kinds or (text is not None and token[1] != text):
            raise _Expected(what, self.where())
        self.index += 1
        return token

    def where(self) -> Span:
        token = self.peek()
        if token is None:
            end = len(self.text.rstrip("\n")) + 1
            return Span(self.number, end, self.number, end + 1)
        return _span(self.number, token)

    def name(self, what: str) -> Token:
        token = self.take(what, ("word",))
        if not _NAME.fullmatch(token[1]):
            self.index -= 1
            raise _Expected(what, self.where())
        return token

    def end(self) -> None:
        if self.peek() is not None:
            raise _Expected("the end of the line", self.where())


class _Expected(Exception):
    def __init__(self, what: str, span: Span) -> None:
        super().__init__(what)
        self.what, self.span = what, span


def parse_desk(source: Source) -> tuple[DeskFile | None, list[Diagnostic]]:
    """The desk in `source` and every syntax problem (E801); None when it has no `desk` line."""
    header: Header | None = None
    fields: list[tuple[str, Span]] = []
    uses: list[Use] = []
    routes: list[Route] = []
    warnings: list[Warn] = []
    problems: list[Diagnostic] = []
    for number, text in enumerate(source.text.splitlines(), 1):
        tokens = _tokens(text)
        if isinstance(tokens, int):
            character = text[tokens - 1]
            problems.append(
                Diagnostic(
                    "E801",
                    f"unexpected character `{character}`",
                    Span(number, tokens, number, tokens + 1),
                    help="compare with `==`, `!=` or `in (...)`" if character in "=!" else _HELP,
                    path=source.path,
                )
            )
            continue
        if not tokens:
            continue
        line = _Line(number, tokens, text)
        try:
            keyword = line.take(_STATEMENT_WORDS, ("word",))[1]
            statement = _STATEMENTS.get(keyword)
            if statement is None:
                line.index -= 1
                raise _Expected(_STATEMENT_WORDS, line.where())
            found = statement(line)
        except _Expected as expected:
            problems.append(_e801(expected.what, expected.span, source))
            continue
        if isinstance(found, Warn):
            warnings.append(found)
        elif isinstance(found, Use):
            uses.append(found)
        elif isinstance(found, Route):
            routes.append(found)
        elif isinstance(found, Header):
            header = header or found
        else:
            fields.append(found)
    if header is None:
        problems.append(
            Diagnostic(
                "E801",
                'the file has no `desk NAME "TITLE"` line',
                Span(1, 1, 1, 2),
                help='start it with `desk NAME "TITLE"`',
                path=source.path,
            )
        )
        return None, problems
    desk = DeskFile(
        header.name,
        header.title,
        tuple(fields),
        tuple(uses),
        tuple(routes),
        header.span,
        tuple(warnings),
    )
    return desk, problems


def _e801(what: str, span: Span, source: Source) -> Diagnostic:
    found = source.line_text(span.line)[span.column - 1 : span.end_column - 1] if span else ""
    said = f"`{found}`" if found.strip() else "the end of the line"
    return Diagnostic("E801", f"expected {what}, found {said}", span, help=_HELP, path=source.path)


_HELP = "the statements of a desk file are in docs/desk.md"


@attrs.frozen
class Header:
    name: str
    title: str
    span: Span


def _desk(line: _Line) -> Header:
    name = line.name("the desk's name")
    title = line.take("the desk's title in quotes", ("string",))
    line.end()
    return Header(name[1], str(_value(title)), _span(line.number, name))


def _field(line: _Line) -> tuple[str, Span]:
    name = line.name("a field name")
    line.end()
    return name[1], _span(line.number, name)


def _use(line: _Line) -> Use:
    name = line.name("a name for the policy")
    path = line.take("the policy file's path in quotes", ("string",))
    effective = None
    if (token := line.peek()) is not None and token[1] == "from":
        line.index += 1
        when = line.take("a date such as `2026-03-16`", ("word",))
        try:
            effective = date.fromisoformat(when[1]) if _DATE.fullmatch(when[1]) else None
        except ValueError:
            effective = None
        if effective is None:
            line.index -= 1
            raise _Expected("a date such as `2026-03-16`", line.where())
    line.end()
    return Use(name[1], str(_value(path)), _span(line.number, name), effective)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _route(line: _Line) -> Route:
    start = line.tokens[0]
    tests = [_test(line)]
    while (token := line.peek()) is not None and token[1] == "and":
        line.index += 1
        tests.append(_test(line))
    return _target(line, start, tuple(tests), otherwise=False)


def _otherwise(line: _Line) -> Route:
    return _target(line, line.tokens[0], (), otherwise=True)


def _target(line: _Line, start: Token, tests: tuple[Test, ...], otherwise: bool) -> Route:
    token = line.take("`to POLICY`" + (" or `no agreement`" if otherwise else ""), ("word",))
    if token[1] == "no" and otherwise:
        last = line.take("`agreement`", ("word",), "agreement")
        line.end()
        return Route(tests, None, _whole(line, start, last), _span(line.number, token), True)
    if token[1] != "to":
        line.index -= 1
        raise _Expected("`to POLICY`", line.where())
    policy = line.name("a policy's name (from a `use` line)")
    line.end()
    return Route(
        tests, policy[1], _whole(line, start, policy), _span(line.number, policy), otherwise
    )


def _whole(line: _Line, first: Token, last: Token) -> Span:
    return Span(line.number, first[2], line.number, last[2] + len(last[1]))


def _test(line: _Line) -> Test:
    field = line.name("a field name")
    op = line.peek()
    if op is not None and op[1] in ("==", "!="):
        line.index += 1
        value = line.take("a value", ("string", "word"))
        comparison: Literal["==", "!="] = "==" if op[1] == "==" else "!="
        return Test(field[1], comparison, (_value(value),), _whole(line, field, value))
    line.take("`==`, `!=` or `in`", ("word",), "in")
    line.take("`(`", ("op",), "(")
    values = [_value(line.take("a value", ("string", "word")))]
    while (token := line.peek()) is not None and token[1] == ",":
        line.index += 1
        values.append(_value(line.take("a value", ("string", "word"))))
    close = line.take("`)` or `,`", ("op",), ")")
    return Test(field[1], "in", tuple(values), _whole(line, field, close))


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def _warn(line: _Line) -> Warn:
    line.take("`at`", ("word",), "at")
    thresholds = [_percent(line)]
    while (token := line.peek()) is not None and token[1] == ",":
        line.index += 1
        thresholds.append(_percent(line))
    line.end()
    return Warn(tuple(thresholds))


def _percent(line: _Line) -> Percent:
    from slac.syntax.nodes import Percent

    token = line.take("a percentage such as `50%`", ("word",))
    match = _PERCENT.fullmatch(token[1])
    if match is None:
        line.index -= 1
        raise _Expected("a percentage such as `50%`", line.where())
    return Percent(token[1], float(match.group(1)), span=_span(line.number, token))


_STATEMENTS: dict[str, Callable[[_Line], Header | tuple[str, Span] | Use | Route | Warn]] = {
    "warn": _warn,
    "desk": _desk,
    "field": _field,
    "use": _use,
    "route": _route,
    "otherwise": _otherwise,
}
_STATEMENT_WORDS = "`desk`, `field`, `use`, `route`, `otherwise` or `warn at`"
