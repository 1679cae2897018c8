"""Write the grammar reference appendix of `docs/language.md` from `grammar/slac.lark`.

    python docs/grammar_reference.py            print the appendix
    python docs/grammar_reference.py --write    rewrite it in docs/language.md
    python docs/grammar_reference.py --check    exit 1 when docs/language.md is stale

The grammar is read with Lark's own grammar loader, so every rule appears as Lark understands
it: rules in the sections the grammar file marks with `// --- title ---` comments, the tokens
with their patterns, the statements `slac check` accepts once per block (read from the check
itself), and the keywords of each block. `tests/test_docs.py` fails when the appendix in
`docs/language.md` differs from what this script writes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from lark import Tree
from lark.grammar import NonTerminal, Terminal
from lark.load_grammar import GrammarBuilder

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = ROOT / "grammar" / "slac.lark"
LANGUAGE = ROOT / "docs" / "language.md"
COMMAND = "python docs/grammar_reference.py --write"
BEGIN = f"<!-- BEGIN GENERATED grammar reference: {COMMAND} -->"
END = "<!-- END GENERATED grammar reference -->"

# Layout terminals, written the way a reader sees them in a policy.
LAYOUT = {"_SEP": "SEP", "_COMMA": '","'}
# The token patterns a reader needs, in the words of docs/language.md.
TOKEN_MEANING = {
    "NAME": "a name: a letter or `_`, then letters, digits or `_`",
    "STRING": 'text in double quotes; `\\"` and other backslash escapes inside',
    "DATE": "a date, `2026-12-25`",
    "TIME": "a time of day, `08:00` (hours may have one digit)",
    "PERCENT": "a percentage, `99.9%`",
    "DURATION": "a duration, `2h`, `1h30m`, `45m`, `90s`",
    "INT": "a whole number",
    "SUBDIVISION": "a holiday subdivision code, `ENG`, `NY`",
}


# ---------------------------------------------------------------------------------------------
# Reading the grammar


class Grammar:
    """The rules and terminals of `grammar/slac.lark` as Lark's loader reads them."""

    def __init__(self, text: str) -> None:
        builder = GrammarBuilder()
        builder.load_grammar(text, str(GRAMMAR.name))
        loaded = builder.build()
        self.rules: dict[str, Tree] = {str(name): tree for name, _p, tree, _o in loaded.rule_defs}
        self.terminals: dict[str, Tree] = {name: tree for name, (tree, _p) in loaded.term_defs}
        self.sections = _sections(text, self.rules)

    def literal_words(self, terminal: str) -> list[str] | None:
        """The words a terminal stands for when it is only string literals (`"bool"`)."""
        tree = self.terminals.get(terminal)
        if tree is None:
            return None
        words = []
        for expansion in tree.children:
            parts = expansion.children
            if len(parts) != 1 or parts[0].data != "value":
                return None
            literal = parts[0].children[0]
            if not isinstance(literal, Tree) or literal.children[0].type != "STRING":
                return None
            words.append(literal.children[0].value[1:-1])
        return words


def _sections(text: str, rules: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(section title, rule names in file order) from the `// --- title ---` comments."""
    names = set(rules)
    sections: list[tuple[str, list[str]]] = [("Policy", [])]
    for line in text.splitlines():
        heading = re.match(r"//\s*---\s*(.*?)\s*-+\s*$", line)
        if heading:
            title = heading.group(1)
            sections.append((title[0].upper() + title[1:], []))
            continue
        rule = re.match(r"[?!]?([a-z_][a-z0-9_]*)\s*:", line)
        if rule and rule.group(1) in names:
            sections[-1][1].append(rule.group(1))
    return [(title, found) for title, found in sections if found]


# ---------------------------------------------------------------------------------------------
# Rules as EBNF


def ebnf(grammar: Grammar, tree: Tree, top: bool = True) -> str:
    """A rule body in EBNF: `"word"` literals, TERMINALS, rule names, `( )`, `?`, `*`, `+`."""
    if tree.data == "expansions":
        text = " | ".join(ebnf(grammar, alternative, False) for alternative in tree.children)
        return text if top or len(tree.children) == 1 else f"({text})"
    if tree.data == "alias":
        return ebnf(grammar, tree.children[0], top)
    if tree.data == "expansion":
        return " ".join(ebnf(grammar, part, False) for part in tree.children)
    if tree.data == "expr":
        inner, op = tree.children[0], tree.children[1]
        text = ebnf(grammar, inner, False)
        if " " in text and not (text.startswith("(") and text.endswith(")")):
            text = f"({text})"
        return text + str(op)
    if tree.data == "value":
        return _symbol(grammar, tree.children[0])
    raise ValueError(f"unexpected grammar node {tree.data}")


def _symbol(grammar: Grammar, item: object) -> str:
    if isinstance(item, NonTerminal):
        return item.name
    if isinstance(item, Terminal):
        if item.name in LAYOUT:
            return LAYOUT[item.name]
        words = grammar.literal_words(item.name)
        if words is not None:
            quoted = " | ".join(f'"{word}"' for word in words)
            return quoted if len(words) == 1 else f"({quoted})"
        return item.name
    if isinstance(item, Tree) and item.data == "literal":
        return item.children[0].value
    raise ValueError(f"unexpected grammar symbol {item!r}")


# ---------------------------------------------------------------------------------------------
# Keywords: the words that start a block's statements, and the others its statements use


def _first(grammar: Grammar, tree: Tree, seen: frozenset[str] = frozenset()) -> tuple[set, bool]:
    """(the symbols a rule body can start with: words and terminal names, whether it can be
    empty)."""
    if tree.data in ("expansions",):
        found: set[str] = set()
        empty = False
        for alternative in tree.children:
            first, nullable = _first(grammar, alternative, seen)
            found |= first
            empty = empty or nullable
        return found, empty
    if tree.data == "alias":
        return _first(grammar, tree.children[0], seen)
    if tree.data == "expansion":
        found = set()
        for part in tree.children:
            first, nullable = _first(grammar, part, seen)
            found |= first
            if not nullable:
                return found, False
        return found, True
    if tree.data == "expr":
        first, nullable = _first(grammar, tree.children[0], seen)
        return first, nullable or str(tree.children[1]) in ("?", "*")
    item = tree.children[0]
    if isinstance(item, NonTerminal):
        if item.name in seen:
            return set(), False
        return _first(grammar, grammar.rules[item.name], seen | {item.name})
    if isinstance(item, Terminal):
        words = grammar.literal_words(item.name)
        return (set(words) if words else {LAYOUT.get(item.name, item.name)}), False
    return {item.children[0].value[1:-1]}, False


def _words(grammar: Grammar, tree: Tree, stop: set[str], seen: set[str]) -> set[str]:
    """Every keyword reachable from `tree`, not entering the rules in `stop`."""
    found: set[str] = set()
    for node in tree.iter_subtrees():
        for item in node.children:
            if isinstance(item, NonTerminal) and item.name not in stop and item.name not in seen:
                seen.add(item.name)
                found |= _words(grammar, grammar.rules[item.name], stop, seen)
            elif isinstance(item, Terminal):
                found |= set(grammar.literal_words(item.name) or ())
            elif isinstance(item, Tree) and item.data == "literal":
                found.add(item.children[0].value[1:-1])
    return {word for word in found if re.fullmatch(r"[a-z][a-z_-]*", word)}


def keyword_rows(grammar: Grammar) -> list[tuple[str, list[str], list[str], bool]]:
    """(block, words starting its statements, other words, whether a name may start a line)
    for each block whose statements are listed by an `_<block>_item` rule, and conditions."""
    items = {name: f"_{name}_item" for name in grammar.rules if f"_{name}_item" in grammar.rules}
    # Nested blocks show their own header words (`metric`, `repeating`) but not their statements.
    stop = set(items.values()) | {"condition"}
    rows = []
    for block, item in items.items():
        first, _empty = _first(grammar, grammar.rules[item])
        starts = sorted(word for word in first if word.islower() or word == "-")
        starts = [word for word in starts if re.fullmatch(r"[a-z][a-z_-]*", word)]
        used = _words(grammar, grammar.rules[item], stop, {item})
        rows.append((block.replace("_", " "), starts, sorted(used - set(starts)), "NAME" in first))
    first, _empty = _first(grammar, grammar.rules["condition"])
    used = _words(grammar, grammar.rules["condition"], set(), {"condition"})
    starts = sorted(word for word in first if re.fullmatch(r"[a-z][a-z_-]*", word))
    rows.append(("condition", starts, sorted(used - set(starts)), "NAME" in first))
    return rows


# ---------------------------------------------------------------------------------------------
# Statements that may appear once: read from the check that enforces it


def unique_rows() -> list[tuple[str, list[str]]]:
    """(block, the statements it may hold once) from `slac.check.names.once_only()` (E117)."""
    sys.path.insert(0, str(ROOT / "src"))
    from slac.check.names import once_only

    rows = []
    for block, kinds in once_only().items():
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", block.__name__).lower()
        rows.append((words, [statement for _kinds, statement in kinds]))
    return rows


# ---------------------------------------------------------------------------------------------
# The appendix


def appendix() -> str:
    grammar = Grammar(GRAMMAR.read_text(encoding="utf-8"))
    out = [
        BEGIN,
        "",
        "## Appendix: grammar reference",
        "",
        "Generated from [`grammar/slac.lark`](../grammar/slac.lark); do not edit it by hand:",
        f"`{COMMAND}` rewrites it, and `tests/test_docs.py` fails when it is stale.",
        "",
        'Notation: `"word"` is written as it stands; `NAME`, `STRING` and the other capitals are',
        "tokens (below); `SEP` ends a statement (a line break or `;`, with any blank and comment",
        'lines around it); `","` may end a line, the list going on on the next; `( )` groups, `|`',
        "separates choices, `?` is optional, `*` repeats zero or more times, `+` once or more.",
        "A rule whose name starts with `_` is a choice or a part and makes no node of its own.",
    ]
    for title, names in grammar.sections:
        out += ["", f"### {title}", "", "```ebnf"]
        width = max(len(name) for name in names)
        for name in names:
            out.append(f"{name.ljust(width)} ::= {ebnf(grammar, grammar.rules[name])}")
        out.append("```")
    out += ["", "### Tokens", "", "| token | pattern | what it is |", "|---|---|---|"]
    for name, meaning in TOKEN_MEANING.items():
        pattern = grammar.terminals[name].children[0].children[0].children[0].children[0].value
        escaped = pattern.replace("|", "\\|")  # a `|` would end the table cell
        out.append(f"| `{name}` | `{escaped}` | {meaning} |")
    out += [
        "",
        "Where two tokens could match the same text the more specific wins: `09:00` is a `TIME`,",
        "`2026-12-25` a `DATE`, `99.9%` a `PERCENT`, `2h` a `DURATION`, before `INT` or `NAME`.",
        "Spaces, tabs and `# comments` are ignored between tokens.",
        "",
        "### Statements that may appear once",
        "",
        "`slac check` reports a second one in the same block as E117.",
        "",
        "| block | statements it may hold once |",
        "|---|---|",
    ]
    for block, statements in unique_rows():
        out.append(f"| `{block}` | {', '.join(f'`{s}`' for s in statements)} |")
    out += [
        "",
        "### Keywords by block",
        "",
        "A word is a keyword only where the grammar expects it; everywhere else it is an ordinary",
        "name, so a status may be called `resolved` and a priority `high`. Where a line of a block",
        "may start with a name as well as with a keyword (the column *name may start a line* below),",
        "the words in the first column cannot be that name at the start of a line.",
        "",
        "| block | a statement starts with | other words in its statements | name may start a line |",
        "|---|---|---|---|",
    ]
    for block, starts, others, name_first in keyword_rows(grammar):
        out.append(
            f"| `{block}` | {_listing(starts)} | {_listing(others)} | "
            f"{'yes' if name_first else 'no'} |"
        )
    out += ["", END]
    return "\n".join(out) + "\n"


def _listing(words: list[str]) -> str:
    return ", ".join(f"`{word}`" for word in words) or "-"


def replace_appendix(document: str, generated: str) -> str:
    """`document` with its generated region replaced (or added at the end)."""
    start = document.find(BEGIN)
    if start == -1:
        return document.rstrip("\n") + "\n\n" + generated
    stop = document.find(END, start)
    if stop == -1:
        raise ValueError(f"{LANGUAGE}: `{BEGIN}` without `{END}`")
    return document[:start] + generated + document[stop + len(END) :].lstrip("\n")


def main(argv: list[str]) -> int:
    generated = appendix()
    if not argv:
        sys.stdout.write(generated)
        return 0
    current = LANGUAGE.read_text(encoding="utf-8")
    wanted = replace_appendix(current, generated)
    if argv == ["--check"]:
        if wanted != current:
            sys.stderr.write(f"{LANGUAGE.name} is stale: run `{COMMAND}`\n")
            return 1
        return 0
    if argv == ["--write"]:
        if wanted != current:
            LANGUAGE.write_text(wanted, encoding="utf-8")
        return 0
    sys.stderr.write("usage: python docs/grammar_reference.py [--write | --check]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
