"""The TextMate grammar (`editors/textmate/slac.tmLanguage.json`) against the parser's own tokens.

The keywords are read from the Lark grammar (every word-like string terminal, 111 of them). The
corpus is the five shipped policies, every check fixture that parses, and `SAMPLE` below, which
holds the keywords the others never use. Lark's contextual lexer says which words of the corpus
are keywords and which are names (a status `resolved`, a priority `high`); the tokenizer in
`tests/textmate.py` runs the grammar as an editor would. Then every keyword the parser sees must
be scoped as one, and every name must not be.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lark import Token
from lark.exceptions import UnexpectedInput
from textmate import Grammar, Scopes

from slac.syntax import parser

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = Grammar(ROOT / "editors" / "textmate" / "slac.tmLanguage.json")
KEYWORD_SCOPES = ("keyword.", "storage.", "constant.language.", "support.type.")
WORD = re.compile(r"[a-z][a-z-]*")

SAMPLE = """\
policy sample "The keywords the shipped policies do not use" {
  calendar all_day {
    always open
    closed 2026-12-25, 2026-12-26
  }
  field tier: gold | silver
  field vip: bool
  priorities high, low
  priority default low
  derived priority wins
  priority high when tier == gold and vip
  business hours all_day
  metric update {
    start on private comment by system or customer
    stop on any comment by agent
    stop on fields changed
    stop on field tier changed
    stop on priority changed
  }
  targets {
    priority  update
    high      4 business hours
    low       1 business hour
  }
  objective update 90% monthly for high
  budget {
    amount 100 hours
    renews every 1 month from 2026-01-01
    rate standard 1 per hour
    excluded tickets use no budget
  }
}
"""


def keywords() -> frozenset[str]:
    built = parser.parser()
    return frozenset(
        t.pattern.value
        for t in built.terminals
        if t.pattern.type == "str" and WORD.fullmatch(t.pattern.value)
    )


def lark_tokens(text: str) -> list[Token]:
    """The tokens the parser reads, as its contextual lexer tells them apart."""
    return list(parser.parser().parse_interactive(text).iter_parse())


def corpus() -> dict[str, str]:
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "policies").glob("*.sla"))
    }
    for path in sorted((ROOT / "tests" / "fixtures" / "check").rglob("*.sla")):
        try:
            text = path.read_text(encoding="utf-8")
            lark_tokens(text)
        except (UnicodeDecodeError, UnexpectedInput):
            continue  # a syntax-error fixture: no tokens to compare with
        texts[path.name] = text
    texts["SAMPLE"] = SAMPLE
    return texts


CORPUS = corpus()


def scopes_at(text: str) -> dict[tuple[int, int], Scopes]:
    """(1-based line, 1-based column) -> the scopes the TextMate grammar gives that character."""
    found: dict[tuple[int, int], Scopes] = {}
    for number, line in enumerate(GRAMMAR.tokenize(text), start=1):
        column = 1
        for token, scopes in line:
            for offset in range(len(token)):
                found[(number, column + offset)] = scopes
            column += len(token)
    return found


def is_keyword(scopes: Scopes) -> bool:
    return any(scope.startswith(KEYWORD_SCOPES) for scope in scopes)


def test_the_corpus_uses_every_keyword_of_the_grammar() -> None:
    every = keywords()
    assert len(every) == 111
    used = {
        token.value
        for text in CORPUS.values()
        for token in lark_tokens(text)
        if token.value in every and token.type != "NAME"
    }
    assert used == every
    assert len(CORPUS) > 60  # the shipped policies and most check fixtures


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_keywords_are_scoped_as_keywords_and_names_are_not(name: str) -> None:
    text = CORPUS[name]
    every = keywords()
    scopes = scopes_at(text)
    missed, wrong = [], []
    for token in lark_tokens(text):
        keyword = token.value in every and token.type != "NAME"
        if not (keyword or token.type == "NAME"):
            continue  # punctuation, numbers, strings, line breaks
        assert token.line is not None and token.column is not None
        chars = [scopes[(token.line, token.column + i)] for i in range(len(token.value))]
        where = f"{token.line}:{token.column} {token.value}"
        if keyword and not all(is_keyword(s) for s in chars):
            missed.append(where)
        elif not keyword and any(is_keyword(s) for s in chars):
            wrong.append(where)
    assert missed == [], "keywords left unscoped"
    assert wrong == [], "names scoped as keywords"


def test_scopes_of_a_target_row_by_hand() -> None:
    row = GRAMMAR.tokenize("  targets {\n    P1        2h wall-clock  1 working day\n  }")[1]
    assert [(text, scopes[-1]) for text, scopes in row if text.strip()] == [
        ("    P1        ", "source.slac"),
        ("2h", "constant.numeric.duration.slac"),
        ("wall-clock", "keyword.other.unit.slac"),
        ("1", "constant.numeric.integer.slac"),
        ("working", "keyword.other.unit.slac"),
        ("day", "keyword.other.unit.slac"),
    ]


def test_the_vscode_manifest_names_the_grammar_and_starts_slac_lsp() -> None:
    folder = ROOT / "editors" / "vscode"
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    assert (language["id"], language["extensions"]) == ("slac", [".sla"])
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["scopeName"] == GRAMMAR.grammar["scopeName"] == "source.slac"
    # `npm install` runs `prepare`, which copies the one grammar to where the manifest looks.
    assert "../textmate/slac.tmLanguage.json" in manifest["scripts"]["prepare"]
    assert grammar["path"] == "./syntaxes/slac.tmLanguage.json"
    command = manifest["contributes"]["configuration"]["properties"]["slac.command"]
    assert command["default"] == ["slac", "lsp"]
    configuration = json.loads((folder / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"}
