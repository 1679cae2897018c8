"""The `.sla` front end: grammar and parser, syntax tree, builder, syntax-error diagnostics.

`parse_source(source)` is the front end's one entry point: the syntax tree of a file, or its
syntax error. `slac.loader` adds the checks and the compiler; `slac.syntax.nodes` is the tree the
checks and the compiler walk; `slac.syntax.blocks` says which statements each block accepts.
Importing this package is cheap: Lark and the parser load on the first parse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slac.diagnostics import Diagnostic
from slac.source import Source

if TYPE_CHECKING:
    from slac.syntax.nodes import Module


def parse_source(source: Source) -> tuple[Module | None, list[Diagnostic]]:
    """The syntax tree of `source`, or (None, [the syntax error]) with its `path` set: a Lark
    error (`slac.syntax.errors`) or a condition nested too deep to build (E014)."""
    import attrs
    from lark.exceptions import UnexpectedInput

    from slac.syntax import build, errors, parser

    try:
        tree, comments = parser.parse(source.text)
    except UnexpectedInput as error:
        problem = errors.syntax_diagnostic(error, source)
    else:
        deep = build.too_deep(tree)
        if deep is None:
            return build.build(tree, comments, source.text), []
        problem = errors.nesting_diagnostic(deep, build.MAX_DEPTH)
    return None, [attrs.evolve(problem, path=source.path)]
