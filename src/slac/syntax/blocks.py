"""Which statements each block accepts, read from the grammar: one table for every layer.

A block is a grammar rule `X` with an item rule `_X_item` (`policy`, `calendar`, `metric`,
`code_fix`, `availability`); its statements are the rules `_X_item` expands to, through inlined
`_` rules (`_business_hours` gives its three forms). A statement's openings are the keywords each
of its alternatives starts with (`business hours by priority`, `named priority wins`).

- `BLOCK_STATEMENTS`: block rule -> its statement rules in grammar order, e.g.
  `BLOCK_STATEMENTS["calendar"] == ("zone", "window", "holidays", "closed", "calendar_union",
  "day_length", "always_open")`. Rule names match the node classes (`day_length` <-> `DayLength`).
- `STATEMENT_OPENINGS`: statement or block rule -> its distinct openings, e.g.
  `("priority default",)`; `()` for a statement that starts with a value (`window`: `mon-fri ...`).
- `block_words(block)`: the first words of its statements, `block_phrases(block)`: its openings
  with those that merely extend another dropped (`business hours by` goes, `business hours` stays).

The tables come from the built parser, which every parse loads anyway (from Lark's cache in
~12 ms); they are computed once, on first use, by the module `__getattr__`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from lark.grammar import Rule

from slac.syntax import parser

BLOCK_STATEMENTS: Mapping[str, tuple[str, ...]]  # set on first use by __getattr__ below
STATEMENT_OPENINGS: Mapping[str, tuple[str, ...]]

_KEYWORD = re.compile(r"[a-z][a-z-]*")  # a word of the language, not a symbol such as `{`


@functools.cache
def _tables() -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
    built = parser.parser()
    alternatives: dict[str, list[Rule]] = {}
    for rule in built.rules:
        alternatives.setdefault(rule.origin.name, []).append(rule)
    literals = {t.name: t.pattern.value for t in built.terminals if t.pattern.type == "str"}

    def statements(rule: str) -> list[str]:
        found: list[str] = []
        for alternative in alternatives[rule]:
            (symbol,) = alternative.expansion  # an item rule is a list of single-rule choices
            inner = symbol.name
            found += statements(inner) if inner.startswith("_") else [inner]
        return found

    def openings(rule: str) -> tuple[str, ...]:
        phrases: list[str] = []
        for alternative in alternatives[rule]:
            words = []
            for symbol in alternative.expansion:
                text = literals.get(symbol.name, "") if symbol.is_term else ""
                if not _KEYWORD.fullmatch(text):
                    break
                words.append(text)
            phrase = " ".join(words)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        return tuple(phrases)

    blocks = {
        name[1 : -len("_item")]: tuple(statements(name))
        for name in alternatives
        if name.startswith("_") and name.endswith("_item")
    }
    rules = set(blocks).union(*blocks.values())
    opened = {rule: openings(rule) for rule in sorted(rules)}
    return MappingProxyType(blocks), MappingProxyType(opened)


def block_words(block: str) -> frozenset[str]:
    """The first words of the statements `block` accepts (`{"zone", "holidays", ...}`)."""
    statements, openings = _tables()
    return frozenset(phrase.split()[0] for rule in statements[block] for phrase in openings[rule])


def block_phrases(block: str) -> tuple[str, ...]:
    """The openings of `block`'s statements in grammar order, without those that only extend
    another opening (`priority default` is a `priority` statement)."""
    statements, openings = _tables()
    phrases = [phrase for rule in statements[block] for phrase in _shared(openings[rule])]
    kept: list[str] = []
    for phrase in phrases:
        if phrase in kept or any(phrase.startswith(f"{other} ") for other in phrases):
            continue
        kept.append(phrase)
    return tuple(kept)


def _shared(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The words all of a statement's openings start with (`partial outages are`), or all the
    openings when they share none (`named priority wins`, `derived priority wins`)."""
    if len(phrases) < 2:
        return phrases
    common = []
    for words in zip(*(phrase.split() for phrase in phrases), strict=False):
        if len(set(words)) > 1:
            break
        common.append(words[0])
    return (" ".join(common),) if common else phrases


def block_of_word(word: str) -> str | None:
    """The block rule whose opening starts with `word` (`code` -> `code_fix`), else None."""
    statements, openings = _tables()
    for block in statements:
        if any(phrase.split()[0] == word for phrase in openings[block]):
            return block
    return None


if not TYPE_CHECKING:  # mypy reads the declarations above; the tables are built when first read

    def __getattr__(name: str) -> Mapping[str, tuple[str, ...]]:
        if name == "BLOCK_STATEMENTS":
            return _tables()[0]
        if name == "STATEMENT_OPENINGS":
            return _tables()[1]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
