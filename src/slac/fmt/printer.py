"""The syntax tree -> the lines of the canonical layout, each tagged with the source line it
came from (so `layout` can put the comments back).

One statement a line, two spaces of indentation a block level, single spaces between words,
`, ` between list items, ` | ` between enumeration values. A list the author broke after a `,`
(or inside `in ( ... )`) stays broken there, its continuation lines indented two levels deeper:
those are the only places the grammar allows a line break, and comments may sit at their ends.
Tables (targets, priority matrices, code-fix rows) are cells that `layout` aligns. Words the
tree normalises (`3 business days`, a string's escapes, `comment by` without `public`) are
taken from the source as written, spaces collapsed, so formatting never changes a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs

from slac.source import Source, Span
from slac.syntax import nodes as n

Kind = Literal["code", "continued", "open", "close"]


@attrs.frozen
class Line:
    """One output line: its block depth, its text (or table cells), the source line it starts."""

    depth: int
    text: str
    src: int
    kind: Kind = "code"
    cells: tuple[str, ...] | None = None  # a table row, aligned with the rest of its `table`
    table: int | None = None


@attrs.frozen
class Tok:
    """A word of a statement: its text, its source line, whether it is glued to the word before."""

    text: str
    src: int
    glue: bool = False


class Printer:
    """What the statement printers share: the source (for words as written), blocks, tables,
    leaves and conditions."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._tables = 0

    def written(self, span: Span, collapse: bool = True) -> str:
        """The source text of `span` (one line), runs of spaces collapsed unless `collapse` is
        False (a string's spaces are its value)."""
        text = self.source.line_text(span.line)
        end = span.end_column if span.end_line == span.line else len(text) + 1
        exact = text[span.column - 1 : end - 1]
        return " ".join(exact.split()) if collapse else exact

    # --- blocks and tables --------------------------------------------------------------------

    def block(
        self, head: list[Tok], node: Any, inner: Iterable[Line], depth: int
    ) -> Iterator[Line]:
        opener = [*head, Tok("{", node.span.line)]
        first, *rest = flow(opener, depth)
        yield attrs.evolve(first, kind="open")
        yield from rest
        yield from inner
        yield Line(depth, "}", node.span.end_line, "close")

    def table(self, rows: Iterable[tuple[tuple[str, ...], int]], depth: int) -> Iterator[Line]:
        self._tables += 1
        for cells, src in rows:
            yield Line(depth, "", src, cells=cells, table=self._tables)

    # --- leaves --------------------------------------------------------------------------------

    def name(self, node: n.Name) -> Tok:
        return Tok(node.text, node.span.line)

    def string(self, node: n.String) -> Tok:
        return Tok(self.written(node.span, collapse=False), node.span.line)

    def value(self, node: n.Value) -> Tok:
        if node.kind == "string":
            return Tok(self.written(node.span, collapse=False), node.span.line)
        if node.kind == "bool":
            return Tok("true" if node.value else "false", node.span.line)
        return Tok(str(node.value), node.span.line)

    def condition(self, node: n.Condition, line: int, outer: int = 0) -> list[Tok]:
        """Tokens of a condition, with parentheses where precedence needs them (or < and < not)."""
        level = {n.OrCond: 1, n.AndCond: 2, n.NotCond: 3}.get(type(node), 4)
        if isinstance(node, n.OrCond | n.AndCond):
            word = "or" if isinstance(node, n.OrCond) else "and"
            tokens: list[Tok] = []
            for index, operand in enumerate(node.operands):
                if index:
                    tokens.append(Tok(word, _line(operand, line)))
                tokens.extend(self.condition(operand, line, level))
        elif isinstance(node, n.NotCond):
            tokens = [Tok("not", _line(node, line)), *self.condition(node.operand, line, level)]
        elif isinstance(node, n.IsTrue):
            tokens = [self.name(node.field)]
        else:
            tokens = [self.name(node.field), Tok(node.op, node.field.span.line)]
            values = [[self.value(v)] for v in node.values]
            if node.op in ("in", "not in"):
                tokens += [Tok("(", node.field.span.line), *listed(values, glue_first=True)]
                tokens.append(Tok(")", _end_line(node, line), glue=True))
            else:
                tokens += values[0]
        if level < outer:
            first = tokens[0]
            tokens = [Tok("(", first.src), attrs.evolve(first, glue=True), *tokens[1:]]
            tokens.append(Tok(")", tokens[-1].src, glue=True))
        return tokens


def _line(node: Any, default: int) -> int:
    line = node.span.line
    return int(line) if line else default


def _end_line(node: Any, default: int) -> int:
    line = node.span.end_line
    return int(line) if line else default


def listed(items: list[list[Tok]], glue_first: bool = False) -> list[Tok]:
    """Items joined by `, ` (the comma glued to the item before it)."""
    tokens: list[Tok] = []
    for index, item in enumerate(items):
        if index:
            tokens.append(Tok(",", tokens[-1].src, glue=True))
        if index == 0 and glue_first and item:
            item = [attrs.evolve(item[0], glue=True), *item[1:]]
        tokens.extend(item)
    return tokens


def names(printer: Printer, nodes: Iterable[n.Name]) -> list[Tok]:
    return listed([[printer.name(node)] for node in nodes])


def flow(tokens: list[Tok], depth: int) -> list[Line]:
    """Tokens as lines: one, unless the author broke the line after a `,` or `(` (or before a
    `)`), where the grammar allows it; continuation lines go two levels deeper."""
    lines: list[Line] = []
    text, src, start_depth = "", tokens[0].src, depth
    kind: Kind = "code"
    previous: Tok | None = None
    for token in tokens:
        breaks = (
            previous is not None
            and token.src > src
            and (previous.text in (",", "(") or token.text == ")")
        )
        if breaks:
            lines.append(Line(start_depth, text, src, kind))
            text, src, start_depth, kind = "", token.src, depth + 2, "continued"
        elif text and not token.glue:
            text += " "
        text += token.text
        previous = token
    lines.append(Line(start_depth, text, src, kind))
    return lines


def words(line: int, *parts: str | Tok | list[Tok]) -> list[Tok]:
    """A statement's tokens: plain strings are keywords on the statement's own line."""
    tokens: list[Tok] = []
    for part in parts:
        if isinstance(part, str):
            tokens.extend(Tok(word, line) for word in part.split())
        elif isinstance(part, Tok):
            tokens.append(part)
        else:
            tokens.extend(part)
    return tokens
