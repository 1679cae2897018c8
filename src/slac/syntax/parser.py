"""The Lark LALR parser for `.sla` text, built once per process from `slac/grammar/slac.lark`.

`parse(text)` returns Lark's tree (positions kept for spans) or raises Lark's exceptions;
`slac.syntax.errors` turns those into diagnostics and `slac.syntax.build` turns the tree into
`slac.syntax.nodes`. Nothing outside the syntax package should see Lark.

Building the LALR tables from the grammar costs ~100 ms, so the parser is built once per process
(`functools.cache`), and Lark's own cache (the tables pickled to a file, checked against a hash of
the grammar and options when loaded) lets later processes load them in ~12 ms instead. The cache
file lives in the user's cache directory (`$XDG_CACHE_HOME/slac`, else `~/.cache/slac`), not in
the shared temp directory, because Lark loads it with pickle. No writable cache directory: no
cache, just the slower build.
"""

from __future__ import annotations

import functools
from pathlib import Path

import lark

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
        cache=_cache_file(),
    )


def _cache_file() -> str | bool:
    import hashlib
    import os
    import sys

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "slac"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    # One file per grammar, Lark and Python version, so two installed slac versions do not keep
    # overwriting each other's tables.
    digest = hashlib.sha256(
        f"{grammar_text()}{lark.__version__}{sys.version_info[:2]}".encode()
    ).hexdigest()
    return str(folder / f"grammar-{digest[:16]}.lark-cache")


def parse(text: str) -> lark.Tree:
    """Lark's tree of `text`; raises `lark.exceptions.UnexpectedInput` on a syntax error."""
    return parser().parse(text)
