"""Reading a `.slatest` file: its text, Lark's tree, and syntax errors as coded diagnostics.

The grammar (`slac/grammar/slactest.lark`) is separate from the policy language's: a test file
is a small data format of its own, and the policy it names is parsed by `slac.loader`. The parser
is built once per process, and its tables are cached on disk as the policy parser's are
(`slac.syntax.parser.cache_file`): ~0.5 s to build, ~10 ms to load. One syntax error per file,
as for policies.
"""

from __future__ import annotations

import functools
from pathlib import Path

import attrs
import lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from slac.diagnostics import Diagnostic
from slac.source import Source, Span

GRAMMAR_PATH = Path(__file__).resolve().parent.parent / "grammar" / "slactest.lark"

# What a terminal is, in the words of docs/language.md "Testing a policy".
TERMINAL_WORDS = {
    "WORD": "a name or an id",
    "STRING": "a quoted string",
    "INSTANT": "an instant such as `2026-03-02T09:00:00Z`",
    "LOCAL_TIME": "a local time such as `2026-03-02 09:00`",
    "MONTH": "a month such as `2026-03`",
    "NUMBER": "a number",
    "INT": "a whole number",
    "FIELD_NAME": "a field value such as `region=uk`",
    "TRUE": "`true`",
    "FALSE": "`false`",
    "NONE": "`none`",
    "_COMMA": "`,`",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "$END": "the end of the file",
}


@functools.cache
def parser() -> lark.Lark:
    """The shared parser; Lark's LALR parser keeps no state between `parse` calls."""
    from slac.syntax.parser import cache_file

    grammar = GRAMMAR_PATH.read_text(encoding="utf-8")
    return lark.Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=cache_file(grammar),
    )


def read(path: str) -> tuple[Source, Diagnostic | None]:
    """The file as a Source, and T104 when it is not UTF-8; raises OSError."""
    data = Path(path).read_bytes()
    try:
        return Source(path, data.decode("utf-8-sig")), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        span = Span(line, 1, line, 2)
        problem = Diagnostic("T104", f"the file is not UTF-8 text ({error.reason})", span)
        return Source(path, data.decode("utf-8", errors="replace")), located(problem, path)


def parse(source: Source) -> tuple[lark.Tree[lark.Token] | None, Diagnostic | None]:
    """Lark's tree of `source`, or None and the syntax error."""
    try:
        return parser().parse(source.text), None
    except UnexpectedInput as error:
        return None, located(syntax_diagnostic(error, source), source.path)


def located(diagnostic: Diagnostic, path: str) -> Diagnostic:
    return attrs.evolve(diagnostic, path=path)


def syntax_diagnostic(error: UnexpectedInput, source: Source) -> Diagnostic:
    line, column = error.line, error.column
    if isinstance(error, UnexpectedCharacters):
        char = source.line_text(line)[column - 1 : column] or "?"
        return Diagnostic(
            "T101", f"unexpected character `{char}`", Span(line, column, line, column + 1)
        )
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        last = len(source.text.rstrip("\n").split("\n"))
        end = len(source.line_text(last)) + 1
        unclosed = "RBRACE" in error.expected
        return Diagnostic(
            "T103",
            "the file ends before a `}` closes the block"
            if unclosed
            else f"the file ends early: expected {_words(error.expected)}",
            Span(last, end, last, end + 1),
            help="close each `{` with a `}`" if unclosed else None,
        )
    if isinstance(error, UnexpectedToken):
        token = error.token
        width = max(1, len(str(token)))
        return Diagnostic(
            "T102",
            f"expected {_words(error.expected)}, found `{token}`",
            Span(line, column, line, column + width),
        )
    return Diagnostic("T103", "the file ends early", Span(line, column, line, column + 1))


def _words(expected: set[str] | frozenset[str]) -> str:
    words = sorted({_word(t) for t in expected})
    if len(words) > 6:
        words = [*words[:6], "..."]
    return " or ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " or " + words[-1]


def _word(terminal: str) -> str:
    if terminal in TERMINAL_WORDS:
        return TERMINAL_WORDS[terminal]
    # Anonymous keyword terminals are named after their text (`EXPECT` for "expect").
    return f"`{terminal.lower()}`"
