"""Lark's syntax errors -> `Diagnostic` values with a code, a span and words a policy author knows.

Lark reports the terminal names the parser state would accept (`DURATION`, `_SEP`, `RBRACE`);
users never see those. Each Lark error goes through an ordered tuple of recognisers for frequent
mistakes, each with its own code (a missing `}`, `=` in a condition, `2 hours`, `9am`, `99.9`
without `%`, a misspelt statement keyword); the first that recognises the error wins, and
anything else is E003 "expected <words>, found <text>".

One syntax error per file: after the first, the parser's view of the rest is guesswork, and a
wrong second error costs the author more than a re-run.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs
from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from slac.diagnostics import Diagnostic
from slac.source import Source, Span
from slac.syntax import parser as grammar
from slac.syntax.wording import (
    block_help,
    block_words,
    describe,
    did_you_mean,
    expected_words,
    keyword,
)
from slac.vocabulary import DAY_NAMES

_UNIT_WORDS = {
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "week": "w", "weeks": "w",
}  # fmt: skip


@attrs.frozen
class _Found:
    """An UnexpectedToken with what the recognisers look at."""

    token: Token
    expected: frozenset[str]
    source: Source
    span: Span
    line_before: str  # the text of the token's line before the token
    line_after: str  # the text of the token's line from the token on


def syntax_diagnostic(error: UnexpectedInput, source: Source) -> Diagnostic:
    """The diagnostic for Lark's `error` on `source`."""
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, source)
    if isinstance(error, UnexpectedToken):
        found = _found(error, source)
        for recognise in RECOGNISERS:
            diagnostic = recognise(found)
            if diagnostic is not None:
                return diagnostic
        return _diagnostic(
            "E003",
            f"expected {expected_words(found.expected)}, found {describe(found.token)}",
            found.span,
        )
    return _unclosed_or_missing(
        source, len(source.text), frozenset()
    )  # UnexpectedEOF: not raised by LALR


def _found(error: UnexpectedToken, source: Source) -> _Found:
    token = error.token
    if token.type == "$END":
        line = len(source.text.split("\n"))
        column = len(source.line_text(line)) + 1
        span = Span(line, column, line, column + 1)
    else:
        line, column = token.line, token.column
        span = (
            Span(line, column, token.end_line, token.end_column)
            if token.end_line == line
            else Span(line, column, line, len(source.line_text(line)) + 1)
        )
    text = source.line_text(line)
    # Lark names the end of input `$END` in parser states and `<END-OF-FILE>` when a state's lexer
    # has nothing left to accept.
    expected = frozenset("$END" if t == "<END-OF-FILE>" else t for t in error.expected)
    return _Found(token, expected, source, span, text[: column - 1], text[column - 1 :])


def _offset(found: _Found) -> int:
    """Where the unexpected token starts in the text (its end for the end of the file)."""
    if found.token.type == "$END" or found.token.start_pos is None:
        return len(found.source.text)
    return found.token.start_pos


def _leading(pattern: str, text: str) -> str:
    """The text `pattern` matches at the start of `text`, '' when it does not match."""
    match = re.match(pattern, text)
    return match.group() if match else ""


def _diagnostic(code: str, message: str, span: Span, help: str | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, help=help)


# ---------------------------------------------------------------------------------------------
# Blocks: where the `{` still open at an offset are


def open_braces(text: str, end: int, pairs: list[tuple[int, int]] | None = None) -> list[int]:
    """Offsets of the `{` still open at offset `end`, outermost first; (open, close) offsets of
    the closed pairs go to `pairs` when given. The lexer finds the braces, so a brace inside a
    string or a comment is none; lexing stops at `end` or where the text stops making tokens."""
    stack: list[int] = []
    tokens = grammar.parser().lex(text)
    try:
        for token in tokens:
            offset = token.start_pos if token.start_pos is not None else end
            if offset >= end:
                break
            if token.type == "LBRACE":
                stack.append(offset)
            elif token.type == "RBRACE" and stack:
                opened = stack.pop()
                if pairs is not None:
                    pairs.append((opened, offset))
    except UnexpectedCharacters:
        pass  # the error under report lies past here, or the lexer's own error is reported
    return stack


def _block_kind(source: Source, brace: int) -> str:
    """The first word of the line holding the `{` at `brace` (`calendar`)."""
    line, _ = source.position(brace)
    words = source.line_text(line).split()
    return words[0] if words else "{"


def _indent(source: Source, offset: int) -> int:
    line, _ = source.position(offset)
    text = source.line_text(line)
    return len(text) - len(text.lstrip())


def _misindented_brace(source: Source, offset: int) -> int | None:
    """The `{` whose `}` sits left of the line that opened it: the `}` probably belongs to an
    outer block, so that `{` is the one left open (`}` is then matched one level too early)."""
    pairs: list[tuple[int, int]] = []
    open_braces(source.text, offset, pairs)
    for opened, closed in sorted(pairs):
        line, column = source.position(closed)
        if source.line_text(line)[: column - 1].strip() == "" and _indent(source, closed) < _indent(
            source, opened
        ):
            return opened
    return None


def _unclosed_or_missing(source: Source, offset: int, expected: frozenset[str]) -> Diagnostic:
    braces = open_braces(source.text, offset)
    if braces and "POLICY" not in expected:
        braces.append(_misindented_brace(source, offset) or braces[-1])
    if not braces or "POLICY" in expected:
        return _diagnostic(
            "E009",
            "the file has no policy block",
            Span(1, 1, 1, 2),
            help='start the file with `policy NAME "title" {` and end it with `}`',
        )
    kind = _block_kind(source, braces[-1])
    brace_line, column = source.position(braces[-1])
    return _diagnostic(
        "E004",
        f"the `{kind}` block is not closed",
        Span(brace_line, column, brace_line, column + 1),
        help="add `}` where the block ends",
    )


# ---------------------------------------------------------------------------------------------
# Recognisers, most specific first


def _end_of_file(found: _Found) -> Diagnostic | None:
    if found.token.type != "$END":
        return None
    if "RBRACE" in found.expected or "POLICY" in found.expected:
        return _unclosed_or_missing(found.source, len(found.source.text), found.expected)
    return None


def _missing_policy(found: _Found) -> Diagnostic | None:
    if "POLICY" not in found.expected:
        return None
    return _diagnostic(
        "E009",
        f'expected `policy NAME "title" {{`, found {describe(found.token)}',
        found.span,
        help="a .sla file holds one policy block; put every statement inside it",
    )


def _after_policy(found: _Found) -> Diagnostic | None:
    if not found.expected <= {"_SEP", "$END"}:
        return None
    what = "a second policy" if found.token.type == "POLICY" else describe(found.token)
    return _diagnostic(
        "E008",
        f"{what} after the end of the policy",
        found.span,
        help="one policy per file"
        if found.token.type == "POLICY"
        else "is there an extra `}` above?",
    )


def _outer_statement_inside_block(found: _Found) -> Diagnostic | None:
    words = (found.line_before + found.line_after).split()
    first = words[0] if words else ""
    offset = _offset(found)
    braces = open_braces(found.source.text, offset)
    if len(braces) < 2 or first not in block_words("policy"):
        return None
    kind = _block_kind(found.source, braces[-1])
    if first in block_words(kind):
        return None
    if _indent(found.source, offset) > _indent(found.source, braces[-1]):
        return None  # indented inside the block: a statement in the wrong block (E005)
    line, column = found.source.position(braces[-1])
    return _diagnostic(
        "E004",
        f"the `{kind}` block is not closed before `{first}` on line {found.span.line}",
        Span(line, column, line, column + 1),
        help="add `}` where the block ends",
    )


def _equals_in_condition(found: _Found) -> Diagnostic | None:
    if found.token.type == "EQUAL" and "COMPARE_OP" in found.expected:
        return _diagnostic("E012", "`=` in a condition", found.span, help="compare with `==`")
    return None


def _time_without_colon(found: _Found) -> Diagnostic | None:
    # The lexer reads `9am` or `0900` as whatever matches (a number, a code, a name).
    if "TIME" not in found.expected or not str(found.token)[:1].isdigit():
        return None
    written = _leading(r"[\w.]+", found.line_after)
    return _diagnostic(
        "E010",
        f"expected a time of day such as `08:00`, found `{written}`",
        found.span,
        help="write times of day as 24-hour `HH:MM`, such as `09:00` or `17:30`",
    )


def _percent_without_sign(found: _Found) -> Diagnostic | None:
    if "PERCENT" not in found.expected or not str(found.token).isdigit():
        return None
    number = _leading(r"\d+(?:\.\d+)?", found.line_after)
    span = attrs.evolve(found.span, end_column=found.span.column + len(number))
    return _diagnostic(
        "E011",
        f"expected a percentage such as `99.9%`, found `{number}`",
        span,
        help=f"write `{number}%`",
    )


def _duration_in_words(found: _Found) -> Diagnostic | None:
    if str(found.token).isdigit() and "DURATION" in found.expected:
        written = _leading(r"\d+\s*[A-Za-z]*", found.line_after)
        span = found.span
    else:
        # A word right after a number: `2 hours`, `3d`, or `2hrs` (read as `2h` then `rs`).
        if not str(found.token).isalpha():
            return None
        match = re.search(r"(\d+)\s*([A-Za-z]+)$", found.line_before + str(found.token))
        if match is None:
            return None
        written = match.group()
        start = found.span.column - (len(match.group()) - len(str(found.token)))
        span = Span(found.span.line, start, found.span.line, found.span.end_column)
    parts = re.match(r"(\d+)\s*([A-Za-z]*)", written)
    if parts is None:
        return None
    number, unit = parts.groups()
    letter = _UNIT_WORDS.get(unit.lower())
    if unit and letter is None:
        return None
    if letter in ("d", "w"):
        days = int(number) * (5 if letter == "w" else 1)
        plural = "s" if days != 1 else ""
        help = f"write `{days} business day{plural}` or `{days} working day{plural}`"
    else:
        help = f"write `{number}{letter or 'h'}`" + (
            "" if letter else " (a duration needs its unit)"
        )
    return _diagnostic("E007", f"duration written as `{written}`", span, help=help)


# Spellings the language dropped for another that says the same (docs/language.md, "Design
# decisions"): (the old words, the kept form). Each is E015 naming the kept form.
RETIRED: tuple[tuple[str, str], ...] = (("on reopen resume", "resume on reopen"),)


def _at_statement_start(found: _Found) -> bool:
    before = found.line_before.rstrip()
    return before.strip() in ("", ";", "{") or before.endswith((";", "{"))


def _retired_spelling(found: _Found) -> Diagnostic | None:
    if not _at_statement_start(found):
        return None
    for old, kept in RETIRED:
        match = re.match(r"\s+".join(old.split()) + r"(?![\w-])", found.line_after)
        if match is not None:
            span = attrs.evolve(found.span, end_column=found.span.column + match.end())
            return _diagnostic(
                "E015", f"`{old}` is now written `{kept}`", span, help=f"write `{kept}`"
            )
    return None


def _unknown_statement(found: _Found) -> Diagnostic | None:
    at_start = _at_statement_start(found)
    if at_start and "RBRACE" in found.expected and found.token.type not in ("RBRACE", "_SEP"):
        braces = open_braces(found.source.text, _offset(found))
        kind = _block_kind(found.source, braces[-1]) if braces else "policy"
        help = block_help(kind)
        if help is None:  # a table: its rows start with names, not statements
            return None
        keywords = {word for word in map(keyword, found.expected) if word is not None}
        words = (keywords | block_words(kind)) - {"}", ";"}
        return _diagnostic(
            "E005",
            f"unknown statement {describe(found.token)}",
            found.span,
            help=did_you_mean(str(found.token), words) or help,
        )
    # In a calendar a statement may start with a day name, so a misspelt keyword (`zome`) is
    # read as a day and the error only shows at the next word.
    before = found.line_before.split()
    first = _leading(r"\w*", before[0]) if before else ""
    day_position = "TIME" in found.expected or (
        "MINUS" in found.expected and "_COMMA" in found.expected
    )
    if day_position and first and first not in DAY_NAMES and len(before) == 1:
        column = len(found.line_before) - len(found.line_before.lstrip()) + 1
        span = Span(found.span.line, column, found.span.line, column + len(first))
        return _diagnostic(
            "E005",
            f"unknown statement `{first}` in a calendar",
            span,
            help=did_you_mean(first, block_words("calendar")) or block_help("calendar"),
        )
    return None


def _end_of_statement(found: _Found) -> Diagnostic | None:
    if "_SEP" not in found.expected or found.token.type == "_SEP":
        return None
    return _diagnostic(
        "E006",
        f"expected {expected_words(found.expected)}, found {describe(found.token)}",
        found.span,
        help="a statement ends at a line break or `;`; list items are separated by `,`",
    )


# Most specific first: a missing `}` explains everything after it; a misspelt keyword explains
# what follows it on the line.
RECOGNISERS: tuple[Callable[[_Found], Diagnostic | None], ...] = (
    _end_of_file,
    _missing_policy,
    _after_policy,
    _outer_statement_inside_block,
    _equals_in_condition,
    _time_without_colon,
    _percent_without_sign,
    _duration_in_words,
    _retired_spelling,
    _unknown_statement,
    _end_of_statement,
)


def nesting_diagnostic(subtree: Tree[Token], limit: int) -> Diagnostic:
    """E014 at a subtree nested deeper than the builder accepts (`not not not ...`)."""
    meta = subtree.meta
    line, column = (meta.line, meta.column) if not meta.empty else (1, 1)
    return _diagnostic(
        "E014",
        f"a condition nested more than {limit} levels deep",
        Span(line, column, line, column + 1),
        help="write the condition with fewer `not` and parentheses",
    )


def long_number_diagnostic(token: Token, limit: int) -> Diagnostic:
    """E016 at a number with more digits than Python reads as an int."""
    line, column = token.line or 1, token.column or 1
    return _diagnostic(
        "E016",
        f"a number with more than {limit} digits",
        Span(line, column, token.end_line or line, token.end_column or column + 1),
        help="no agreement states a number that long; write the one the agreement means",
    )


# ---------------------------------------------------------------------------------------------
# Characters the lexer cannot read


def _unexpected_character(error: UnexpectedCharacters, source: Source) -> Diagnostic:
    line, column = error.line, error.column
    text = source.line_text(line)
    char = text[column - 1] if 0 < column <= len(text) else "?"
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    if char == '"':
        return _diagnostic(
            "E002",
            "unterminated string",
            Span(line, column, line, len(text) + 1),
            help='close the string with `"` on the same line',
        )
    help = None
    if char in "\u201c\u201d\u2018\u2019":
        help = 'use straight double quotes `"` for strings'
    elif error.allowed:
        help = f"expected {expected_words(frozenset(error.allowed))}"
    return _diagnostic(
        "E001", f"unexpected character `{shown}`", Span(line, column, line, column + 1), help=help
    )
