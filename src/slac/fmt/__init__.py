"""`slac fmt`: one canonical layout for `.sla` files, every comment kept where it was.

`format_source(source)` parses the file (a syntax error: no text, the diagnostic), prints its
syntax tree in the canonical layout (`printer`, `statements`) and puts the lexer's comments back
(`layout`). Formatting is idempotent and never changes what a policy means: the compiled policy
before and after is the same (tests/test_fmt.py checks both on scrambled shipped policies).
"""

from __future__ import annotations

from slac.diagnostics import Diagnostic
from slac.source import Source


def format_source(source: Source) -> tuple[str | None, list[Diagnostic]]:
    """The formatted text of `source`, or (None, [its syntax error])."""
    from slac.fmt import layout, statements
    from slac.fmt.printer import Printer
    from slac.syntax import parse_source

    module, problems = parse_source(source)
    if module is None:
        return None, problems
    lines = statements.lines(Printer(source), module)
    return layout.render(lines, module.comments, source.text), []


def format_text(text: str, path: str = "<string>") -> str:
    """The formatted `text`; ValueError with the first syntax error when it does not parse."""
    formatted, problems = format_source(Source(path, text))
    if formatted is None:
        first = problems[0]
        raise ValueError(f"{first.path}:{first.span.line}:{first.span.column}: {first.message}")
    return formatted
