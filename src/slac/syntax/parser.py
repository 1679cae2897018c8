"""The Lark LALR parser for `.sla` text, built once per process from `slac/grammar/slac.lark`.

`parse(text)` returns Lark's tree (positions kept for spans) and the file's comments, or raises
Lark's exceptions; `slac.syntax.errors` turns those into diagnostics and `slac.syntax.build` turns
the tree into `slac.syntax.nodes`. Nothing outside the syntax package should see Lark.

Comments are found by the lexer, so a `#` inside a string is never one: a comment is an ignored
`COMMENT` token, or part of a line-break (`_SEP`) or `,` (`_COMMA`) token, which hold no strings.
Lexer callbacks on those three terminals collect them for the parse under way (a context
variable, so parses in other threads keep their own). Callbacks are not part of Lark's cache key
and are attached again when the tables are loaded from the cache, so the cache stays valid.

Building the LALR tables from the grammar costs ~100 ms, so the parser is built once per process
(`functools.cache`), and Lark's own cache (the tables pickled to a file, checked against a hash of
the grammar and options when loaded) lets later processes load them in ~12 ms instead. The cache
file lives in the user's cache directory (`$XDG_CACHE_HOME/slac`, else `~/.cache/slac`), not in
the shared temp directory, because Lark loads it with pickle. No writable cache directory: no
cache, just the slower build.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
from pathlib import Path

import attrs
import lark
from lark import Token

GRAMMAR_PATH = Path(__file__).resolve().parent.parent / "grammar" / "slac.lark"


@functools.cache
def grammar_text() -> str:
    return GRAMMAR_PATH.read_text(encoding="utf-8")


@functools.cache
def parser() -> lark.Lark:
    """The shared parser. Lark's LALR parser keeps no state between `parse` calls."""
    return lark.Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={kind: _collect_comments for kind in _COMMENT_HOLDERS},
        cache=cache_file(grammar_text()),
    )


@attrs.frozen
class CommentToken:
    """A `# ...` comment as the lexer found it: its text (with the `#`, without a `\\r`) and
    where it starts (1-based line and column)."""

    text: str
    line: int
    column: int


# Terminals that are, or may hold, comments; none of them holds a string.
_COMMENT_HOLDERS = ("COMMENT", "_SEP", "_COMMA")
_COMMENT = re.compile(r"#[^\n]*")
_found: ContextVar[list[CommentToken] | None] = ContextVar("slac_comments", default=None)


def _collect_comments(token: Token) -> Token:
    found = _found.get()
    if found is not None and "#" in token:
        found.extend(comments_in(token))
    return token


def comments_in(token: Token) -> list[CommentToken]:
    """The comments inside one `COMMENT`, `_SEP` or `_COMMA` token, positioned in the file."""
    text = str(token)
    line, column = token.line or 1, token.column or 1
    comments = []
    for match in _COMMENT.finditer(text):
        before = text[: match.start()]
        newlines = before.count("\n")
        start = column + match.start() if newlines == 0 else match.start() - before.rfind("\n")
        comments.append(CommentToken(match.group().rstrip("\r"), line + newlines, start))
    return comments


def cache_file(grammar: str) -> str | bool:
    """Where Lark keeps the tables built from `grammar` (False: no writable cache folder). The
    policy-test grammar (`slac.testing.parse`) uses it too."""
    import hashlib
    import sys

    from slac import cache

    folder = cache.folder()
    if folder is None:  # SLAC_NO_CACHE
        return False
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # as `slac.cache.write` makes it
    except OSError:
        return False
    # One file per grammar, Lark and Python version, so two installed slac versions do not keep
    # overwriting each other's tables.
    digest = hashlib.sha256(
        f"{grammar}{lark.__version__}{sys.version_info[:2]}".encode()
    ).hexdigest()
    return str(folder / f"grammar-{digest[:16]}.lark-cache")


def parse(text: str) -> tuple[lark.Tree[Token], tuple[CommentToken, ...]]:
    """Lark's tree of `text` and its comments in file order; raises
    `lark.exceptions.UnexpectedInput` on a syntax error."""
    found: list[CommentToken] = []
    reset = _found.set(found)
    try:
        tree = parser().parse(text)
    finally:
        _found.reset(reset)
    return tree, tuple(found)
