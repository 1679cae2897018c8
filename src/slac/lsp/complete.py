"""Completion: the statements the block around the cursor accepts, or the names the policy declares.

What is being typed is usually not a valid policy yet, so the block around the cursor is found
by a scan of the text before it (`block_at`), not by the parser: each `{` opens the block named
by its line's first word (`slac.syntax.blocks.block_of_word`: `calendar`, `metric`, `code fix`,
...), or a table when that word opens no block (`targets`, `business hours by region`).
At the start of a line in a block, the candidates are that block's statement openings
(`block_phrases`, read from the grammar); anywhere else, the declared names of the last version
of the document that parsed: those of the kind the words before the cursor call for
(`EXPECTED`: a calendar after `business hours`, a value of `region` after `region ==`), or all
of them where the line does not say.
"""

from __future__ import annotations

import re

import attrs

from slac.check.resolve import Kind
from slac.syntax.blocks import block_of_word, block_phrases

TOP_LEVEL = "start"  # outside every block: a file holds one `policy`
TABLE = None  # inside braces that hold rows, not statements

# Strings and comments may hold braces and words that open nothing; a word may contain `-`.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|#[^\n]*|[{};\n]|[A-Za-z_][A-Za-z0-9_-]*')
_STATEMENT_START = re.compile(r"[ \t]*[a-z-]*")
_LIST = r"(?:[A-Za-z_]\w*\s*,\s*)*\w*$"  # names so far, `a, b, c`, and the one being typed

# The words before the cursor on its line -> the kind of name that comes next; the first match
# wins. A value's field is the pattern's group `field`. Only what the grammar fixes is listed.
EXPECTED: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"\b(?:business\s+hours|union|during)\s+" + _LIST), "calendar"),
    (re.compile(r"^\s*(?:objective|code\s+fix)\s+\w*$"), "metric"),
    (re.compile(r"^\s*priority\s+from\s+(?:\w+\s+x\s+)?\w*$"), "field"),
    (re.compile(r"^\s*priority\s+(?:default\s+)?\w*$"), "priority"),
    (re.compile(r"^\s*objective\s+\w+\s+\S+\s+monthly\s+for\s+" + _LIST), "priority"),
    (re.compile(r"(?P<field>[A-Za-z_]\w*)\s*(?:==|!=)\s*\w*$"), "value"),
    (re.compile(r"(?P<field>[A-Za-z_]\w*)\s+(?:not\s+)?in\s*\(\s*" + _LIST), "value"),
    (re.compile(r"\b(?:when|and|or|not|\(|relevant\s+by|hours\s+by|field)\s*" + _LIST), "field"),
)


@attrs.frozen
class Candidate:
    label: str
    kind: Kind | None  # None: a statement opening
    detail: str


def block_at(text_before: str) -> str | None:
    """The block rule the cursor is in (`policy`, `calendar`, ...), `TOP_LEVEL`, or `TABLE`."""
    stack: list[str | None] = []
    first: str | None = None
    for match in _TOKEN.finditer(text_before):
        token = match.group()
        if token in ("\n", ";", "}"):
            first = None
            if token == "}" and stack:
                stack.pop()
        elif token == "{":
            stack.append(block_of_word(first) if first else TABLE)
            first = None
        elif token[0] not in '"#' and first is None:
            first = token
    return stack[-1] if stack else TOP_LEVEL


def candidates(
    text_before: str, declared: dict[tuple[Kind, str], str | None]
) -> tuple[Candidate, ...]:
    """What may be typed at the cursor, given the text before it."""
    line = text_before[text_before.rfind("\n") + 1 :]
    block = block_at(text_before)
    if _STATEMENT_START.fullmatch(line) and block is not TABLE:
        if block == TOP_LEVEL:
            return (Candidate("policy", None, "the policy block"),)
        return tuple(Candidate(p, None, f"statement in `{block}`") for p in block_phrases(block))
    wanted = _expected(line)
    return tuple(
        Candidate(name, kind, f"value of `{field}`" if field else kind)
        for (kind, name), field in declared.items()
        if wanted is None or (kind, field) == wanted or (kind == wanted[0] != "value")
    )


def _expected(line: str) -> tuple[Kind, str | None] | None:
    """(kind, field for a value) of the name the line calls for next, or None: any name."""
    for pattern, kind in EXPECTED:
        match = pattern.search(line)
        if match is not None:
            return kind, match.groupdict().get("field")
    return None
