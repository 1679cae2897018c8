"""Statements that may appear only once in their block (E117).

Which statements a block accepts, and the words each opens with, come from the grammar
(`slac.syntax.blocks`); what is decided here is which of them may repeat (`REPEATABLE`: the ones
that declare or list things). Every other statement a block accepts appears at most once, so a
statement added to the grammar is once-only until it is listed here. `business hours CALENDAR`
and `business hours by FIELD` are one statement (a block picks its calendar one way); a
`business hours by priority` mapping may come beside either, for the priorities it lists.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Protocol

from slac.check.context import Context, error, first_line
from slac.diagnostics import Diagnostic
from slac.source import Span
from slac.syntax import blocks, nodes


class Statement(Protocol):
    @property
    def span(self) -> Span: ...


Block = (
    nodes.Policy | nodes.Calendar | nodes.Metric | nodes.Availability | nodes.CodeFix | nodes.Budget
)

# Grammar block rule -> its node, and how a message names it.
BLOCKS: dict[str, tuple[type[Block], str]] = {
    "policy": (nodes.Policy, "the policy"),
    "calendar": (nodes.Calendar, "a calendar"),
    "metric": (nodes.Metric, "a metric"),
    "availability": (nodes.Availability, "`availability`"),
    "code_fix": (nodes.CodeFix, "a `code fix`"),
    "budget": (nodes.Budget, "the `budget`"),
}

# Statement rules a block may hold any number of (declarations, rules, rows, lines of a list).
REPEATABLE = frozenset(
    {
        *("calendar", "field", "priority_matrix", "priority_when", "exclude", "metric"),
        *("code_fix", "objective", "priority_cap", "pause", "pause_while"),  # policy
        "targets",  # policy: one target table per tier (E451)
        *("window", "holidays", "closed"),  # calendar
        *("start_on", "stop_on"),  # metric (and its pauses, as the policy's)
        *("service", "credit"),  # availability
        "code_fix_row",  # code fix
        *("kpi", "notice", "budget_rate"),  # policy, availability, budget
    }
)

# Statement rules that are one statement for E117 (rule -> the statement it counts as): a block
# names one calendar or one mapping by field, and may add a `by priority` mapping whose entries
# come first (docs/language.md, "Business hours").
SAME_STATEMENT = {"business_hours_by_field": "business_hours"}

# Rules whose node class is not the rule's name in CamelCase.
_NODE_NAMES = {"start_on": "Start", "stop_on": "Stop"}


def node_of(rule: str) -> type[Statement]:
    """The syntax node a statement rule builds (`day_length` -> `nodes.DayLength`)."""
    name = _NODE_NAMES.get(rule) or "".join(part.title() for part in rule.split("_"))
    node: type[Statement] = getattr(nodes, name)
    return node


@functools.cache
def once_only() -> Mapping[type, tuple[tuple[tuple[type[Statement], ...], str], ...]]:
    """Block node -> ((statement nodes that count as one statement, its words), ...) for every
    statement the block accepts at most once, in grammar order. Built on first use: the grammar
    tables come from the parser, which a check runs after anyway."""
    table: dict[type, tuple[tuple[tuple[type[Statement], ...], str], ...]] = {}
    for block, statements in blocks.BLOCK_STATEMENTS.items():
        groups: dict[str, list[str]] = {}
        for rule in statements:
            if rule not in REPEATABLE:
                groups.setdefault(SAME_STATEMENT.get(rule, rule), []).append(rule)
        table[BLOCKS[block][0]] = tuple(
            (tuple(node_of(rule) for rule in rules), _words(rules)) for rules in groups.values()
        )
    return table


def _words(rules: list[str]) -> str:
    """How a reader knows a statement: the words all its openings share (`business hours`,
    `partial outages are ...`), else its openings (`named priority wins` or `derived ...`)."""
    phrases = [phrase for rule in rules for phrase in blocks.STATEMENT_OPENINGS[rule]]
    common: list[str] = []
    for words in zip(*(phrase.split() for phrase in phrases), strict=False):
        if len(set(words)) > 1:
            break
        common.append(words[0])
    if not common:
        return "` or `".join(phrases)
    shared = " ".join(common)
    return shared if shared in phrases else f"{shared} ..."


def check_unique_statements(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    policy = module.policy
    found_blocks: list[Block] = [policy]
    for kind, _ in BLOCKS.values():
        if kind is not nodes.Policy:
            found_blocks += policy.of(kind)
    where = {kind: words for kind, words in BLOCKS.values()}
    for block in found_blocks:
        for kinds, words in once_only()[type(block)]:
            found = [statement for statement in block.body if isinstance(statement, kinds)]
            for again in found[1:]:
                yield error(
                    "E117",
                    f"`{words}` is given more than once in {where[type(block)]}",
                    first_line(again.span, ctx),
                    help=f"the first is on line {found[0].span.line}; merge them into one",
                )
