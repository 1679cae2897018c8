"""A small TextMate tokenizer for testing `editors/textmate/slac.tmLanguage.json` in Python.

It follows the rules editors apply (vscode-textmate, Sublime): a document is read line by line;
at each position the pattern (or the open rule's `end`) that matches earliest wins, the `end`
first and then the patterns in order on a tie; `begin`/`end` rules nest and carry their `name`;
`captures`, `beginCaptures` and `endCaptures` scope groups; `include` reads `#repository`
entries. `\\G` matches only where the enclosing rule's `begin` ended, on that line. The
grammar's regexes are kept to what Oniguruma and Python's `re` read alike, so they run here as
they are. Out of scope (the grammar does not use them): `while`, back-references to `begin` in
`end`, `$self` and external includes, injections.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs

Scopes = tuple[str, ...]


@attrs.frozen
class _Frame:
    rule: dict[str, Any]
    scopes: Scopes
    end: re.Pattern[str] | None
    anchor: tuple[int, int]  # (line, column) where the rule's begin ended: `\G`


class Grammar:
    def __init__(self, path: Path) -> None:
        self.grammar: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self._compiled: dict[str, tuple[re.Pattern[str], bool]] = {}

    def regex(self, source: str) -> tuple[re.Pattern[str], bool]:
        """The compiled pattern and whether it is anchored by a leading `\\G`."""
        if source not in self._compiled:
            anchored = source.startswith("\\G")
            self._compiled[source] = (re.compile(source[2:] if anchored else source), anchored)
        return self._compiled[source]

    def patterns(self, rule: dict[str, Any]) -> list[dict[str, Any]]:
        """The rule's patterns with includes expanded, in order."""
        found: list[dict[str, Any]] = []
        for pattern in rule.get("patterns", []):
            if "include" in pattern:
                found += self._included(pattern["include"])
            else:
                found.append(pattern)
        return found

    def _included(self, name: str) -> list[dict[str, Any]]:
        assert name.startswith("#"), f"only repository includes are supported: {name}"
        entry = self.grammar["repository"][name[1:]]
        if "match" in entry or "begin" in entry:
            return [entry]
        return self.patterns(entry)

    def tokenize(self, text: str) -> list[list[tuple[str, Scopes]]]:
        """Each line's tokens: (text, scopes), the scopes outermost first."""
        root = _Frame(self.grammar, (self.grammar["scopeName"],), None, (-1, -1))
        stack = [root]
        return [self._line(number, line, stack) for number, line in enumerate(text.split("\n"))]

    def _line(self, number: int, line: str, stack: list[_Frame]) -> list[tuple[str, Scopes]]:
        scopes: list[Scopes] = [()] * len(line)
        position = 0
        while position <= len(line):
            frame = stack[-1]
            best = self._earliest(frame, line, position, number)
            if best is None:
                break
            match, pattern = best
            scopes[position : match.start()] = [frame.scopes] * (match.start() - position)
            if pattern is None:  # the open rule's end
                self._paint(scopes, match, frame.scopes, frame.rule.get("endCaptures"))
                stack.pop()
            elif "match" in pattern:
                self._paint(scopes, match, _named(frame.scopes, pattern), pattern.get("captures"))
            else:
                inner = _named(frame.scopes, pattern)
                self._paint(scopes, match, inner, pattern.get("beginCaptures"))
                end, _ = self.regex(pattern["end"])
                stack.append(_Frame(pattern, inner, end, (number, match.end())))
            empty = match.end() == position and pattern is not None and "match" in pattern
            if empty:  # an empty match that opens nothing: the character is the frame's
                scopes[position : position + 1] = [frame.scopes][: len(line) - position]
            position = match.end() + 1 if empty else match.end()
        scopes[position:] = [stack[-1].scopes] * (len(line) - position)
        return _runs(line, scopes)

    def _earliest(
        self, frame: _Frame, line: str, position: int, number: int
    ) -> tuple[re.Match[str], dict[str, Any] | None] | None:
        best: tuple[re.Match[str], dict[str, Any] | None] | None = None
        if frame.end is not None:
            found = frame.end.search(line, position)
            if found is not None:
                best = (found, None)
        for pattern in self.patterns(frame.rule):
            regex, anchored = self.regex(pattern.get("match") or pattern["begin"])
            if anchored:
                if frame.anchor != (number, position):
                    continue
                found = regex.match(line, position)
            else:
                found = regex.search(line, position)
            if found is not None and (best is None or found.start() < best[0].start()):
                best = (found, pattern)
        return best

    @staticmethod
    def _paint(
        scopes: list[Scopes], match: re.Match[str], base: Scopes, captures: dict[str, Any] | None
    ) -> None:
        for index in range(match.start(), match.end()):
            scopes[index] = base
        for group, capture in (captures or {}).items():
            start, end = match.span(int(group))
            for index in range(max(start, 0), end):
                scopes[index] = (*base, capture["name"])


def _named(scopes: Scopes, rule: dict[str, Any]) -> Scopes:
    return (*scopes, rule["name"]) if "name" in rule else scopes


def _runs(line: str, scopes: list[Scopes]) -> list[tuple[str, Scopes]]:
    runs: list[tuple[str, Scopes]] = []
    for char, scope in zip(line, scopes, strict=True):
        if runs and runs[-1][1] == scope:
            runs[-1] = (runs[-1][0] + char, scope)
        else:
            runs.append((char, scope))
    return runs
