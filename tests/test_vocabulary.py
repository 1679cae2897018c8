"""The grammar and `slac.vocabulary` spell the shared words alike.

The alternatives are read from the built Lark parser (its rules and terminals), not from the
grammar's text, so a rule rewritten in another layout is still compared.
"""

from __future__ import annotations

from slac import vocabulary
from slac.syntax import errors, parser


def _alternatives(rule: str) -> tuple[str, ...]:
    """The literal words of a rule whose every alternative is one keyword (`!author: "a" | "b"`)."""
    built = parser.parser()
    literals = {t.name: t.pattern.value for t in built.terminals if t.pattern.type == "str"}
    words = []
    for alternative in built.rules:
        if alternative.origin.name != rule:
            continue
        assert len(alternative.expansion) == 1, alternative
        (symbol,) = alternative.expansion
        assert symbol.is_term and symbol.name in literals, alternative
        words.append(literals[symbol.name])
    return tuple(words)


def test_comment_authors_match_the_vocabulary():
    assert _alternatives("author") == ("agent", "customer", "system")
    assert _alternatives("author") == vocabulary.AUTHORS


def test_comment_visibilities_match_the_vocabulary():
    assert _alternatives("visibility") == ("public", "private", "any")
    assert _alternatives("visibility") == vocabulary.VISIBILITIES


def test_day_names_are_names_in_the_grammar_and_come_from_the_vocabulary():
    # A day range is `NAME ("-" NAME)?`: the grammar spells no day name, the calendar check and the
    # syntax errors' calendar recogniser both take them from the vocabulary.
    built = parser.parser()
    day_range = [r for r in built.rules if r.origin.name == "day_range"]
    assert {s.name for r in day_range for s in r.expansion} == {"NAME", "MINUS"}
    keywords = {t.pattern.value for t in built.terminals if t.pattern.type == "str"}
    assert keywords.isdisjoint(vocabulary.DAY_NAMES)
    assert errors.DAY_NAMES is vocabulary.DAY_NAMES
