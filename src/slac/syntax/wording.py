"""How syntax diagnostics name things: terminals in the words of the language reference, keyword
terminals by their text, and the statements each block holds (from `slac.syntax.blocks`).

Lark speaks of `DURATION`, `_SEP` and `RBRACE`; users read "a duration such as `2h`", "a line
break" and "`}`". `slac.syntax.errors` words every message with these.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from lark import Token

from slac.syntax import blocks
from slac.syntax import parser as grammar

# What a named terminal is, in the words of the language reference.
TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted string",
    "DURATION": "a duration such as `2h`",
    "TIME": "a time of day such as `08:00`",
    "DATE": "a date such as `2025-08-01`",
    "PERCENT": "a percentage such as `99.9%`",
    "INT": "a whole number",
    "SUBDIVISION": "a subdivision code such as `ENG`",
    "COMPARE_OP": "`==` or `!=`",
    "_SEP": "a line break",
    "_COMMA": "`,`",
    "$END": "the end of the file",
}
# Order in "expected ..." lists: values first, keywords, then closers.
_LAST = ("RBRACE", "RPAR", "_SEP", "$END")

# Statements that start with a value, not a keyword, as the block help names them (a code fix
# block's rows have no help: it is a table).
_VALUE_LED = {"window": "opening windows such as `mon-fri 09:00-17:00`"}
# A table's header row starts with a word that is no statement (rows start with names).
_TABLE_WORDS = {"targets": frozenset({"priority"})}
_ARTICLE = {"policy": "a policy", "availability": "an availability block"}


@functools.cache
def block_words(kind: str) -> frozenset[str]:
    """First words of the statements the block opened by the word `kind` accepts (`calendar`,
    `code`, `targets`), from `slac.syntax.blocks`."""
    block = blocks.block_of_word(kind)
    return blocks.block_words(block) if block else _TABLE_WORDS.get(kind, frozenset())


@functools.cache
def block_help(kind: str) -> str | None:
    """`a calendar holds `zone`, ... and opening windows ...`, or None for a table."""
    block = blocks.block_of_word(kind)
    if block is None or block == "code_fix":  # a code fix block is a table of rows
        return None
    parts = [f"`{phrase}`" for phrase in blocks.block_phrases(block)]
    parts += [_VALUE_LED[rule] for rule in blocks.BLOCK_STATEMENTS[block] if rule in _VALUE_LED]
    ending = " statements" if parts[-1].startswith("`") else ""
    holder = _ARTICLE.get(block, f"a {block}")
    return f"{holder} holds {', '.join(parts[:-1])} and {parts[-1]}{ending}"


@functools.cache
def keyword(terminal: str) -> str | None:
    """The literal text of a keyword or symbol terminal (`CALENDAR` -> `calendar`), else None."""
    for definition in grammar.parser().terminals:
        if definition.name == terminal and definition.pattern.type == "str":
            return definition.pattern.value
    return None


def word(terminal: str) -> str:
    if terminal in TERMINAL_WORDS:
        return TERMINAL_WORDS[terminal]
    literal = keyword(terminal)
    return f"`{literal}`" if literal is not None else terminal.lower()


def expected_words(expected: frozenset[str]) -> str:
    """`a duration such as `2h`, `none` or a line break`; many keywords read as "a statement"."""
    keywords = sorted(
        t for t in expected if t not in TERMINAL_WORDS and t not in _LAST and keyword(t)
    )
    values = [t for t in TERMINAL_WORDS if t in expected and t not in _LAST]
    others = sorted(
        t for t in expected if t not in TERMINAL_WORDS and t not in _LAST and not keyword(t)
    )
    closers = [t for t in _LAST if t in expected]
    parts = [word(t) for t in values]
    parts += ["a statement"] if len(keywords) > 6 else [word(t) for t in keywords]
    parts += [word(t) for t in others + closers]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def describe(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "_SEP":
        return "`;`" if "\n" not in token else "the end of the line"
    text = str(token)
    return f"`{text[:40]}...`" if len(text) > 40 else f"`{text}`"


def did_you_mean(text: str, candidates: Iterable[str]) -> str | None:
    import difflib  # loaded for the first misspelt word, not by every parse

    close = difflib.get_close_matches(text, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
