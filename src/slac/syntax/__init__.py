"""The `.sla` front end: grammar and parser, syntax tree, builder, syntax-error diagnostics.

`parse_source(source)` is the front end's one entry point: the syntax tree of a file, or its
syntax error. `slac.loader` adds the checks and the compiler; `slac.syntax.nodes` is the tree the
checks and the compiler walk; `slac.syntax.blocks` says which statements each block accepts.
Importing this package is cheap: Lark and the parser load on the first parse.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from slac.diagnostics import Diagnostic
from slac.source import Source

if TYPE_CHECKING:
    from slac.syntax.nodes import Module


def parse_source(source: Source) -> tuple[Module | None, list[Diagnostic]]:
    """The syntax tree of `source`, or (None, [the syntax error]) with its `path` set: a Lark
    error (`slac.syntax.errors`), a condition nested too deep to build (E014) or a number too
    long to read (E016)."""
    import attrs
    from lark.exceptions import UnexpectedInput

    from slac.syntax import build, parser

    try:
        tree, comments = parser.parse(source.text)
    except UnexpectedInput as error:
        from slac.syntax import errors  # the wording of syntax errors loads with the first one

        problem = errors.syntax_diagnostic(error, source)
    else:
        deep = build.too_deep(tree)
        # Only a tree known to be shallow is scanned for numbers (Lark's scan recurses).
        long = build.too_long_number(tree) if deep is None else None
        if deep is None and long is None:
            return build.build(tree, comments, source.text), []
        from slac.syntax import errors

        if deep is not None:
            problem = errors.nesting_diagnostic(deep, build.MAX_DEPTH)
        elif long is not None:
            problem = errors.long_number_diagnostic(long, sys.get_int_max_str_digits())
    return None, [attrs.evolve(problem, path=source.path)]
