"""The grammar as tables: every statement form is accepted (and read as the right node), common
mistakes are rejected with their own syntax code at the right line and column.

Snippets are the body of a policy: `wrap` puts them inside `policy p "t" { ... }`, so the
snippet's first line is line 2 of the parsed text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from slac.source import Source
from slac.syntax import nodes as n
from slac.syntax import parse_source

POLICIES = sorted((Path(__file__).parent.parent / "policies").glob("*.sla"))


def wrap(body: str) -> str:
    return 'policy p "t" {\n' + body + "\n}\n"


def parse(text: str):
    return parse_source(Source("t.sla", text))


def statement(body: str):
    module, diagnostics = parse(wrap(body))
    assert diagnostics == [], [d.message for d in diagnostics]
    return module.policy.body[-1]


ACCEPTED = [
    ("version", 'version "1.1"', n.Version),
    ("effective", "effective 2025-08-01", n.Effective),
    ("timezone", 'timezone "Europe/London"', n.Timezone),
    (
        "calendar",
        'calendar uk {\n zone "Europe/London"\n mon-fri 08:00-01:00\n holidays GB/ENG\n}',
        n.Calendar,
    ),
    (
        "calendar-one-line",
        'calendar est { zone "America/New_York"; mon-fri 08:00-20:00; holidays US }',
        n.Calendar,
    ),
    ("calendar-empty", "calendar c {}", n.Calendar),
    ("window-day-list", "calendar c {\n mon, wed, fri 09:00-17:00\n}", n.Calendar),
    ("window-several-ranges", "calendar c {\n mon-fri 08:00-12:00, 13:00-17:30\n}", n.Calendar),
    ("window-24:00", "calendar c {\n sat 10:00-24:00\n}", n.Calendar),
    ("window-one-digit-hour", "calendar c {\n mon 9:00-17:00\n}", n.Calendar),
    ("holidays-list", "calendar c {\n holidays US, DK, GB/SCT\n}", n.Calendar),
    ("holidays-numeric-subdivision", "calendar c {\n holidays FR/75\n}", n.Calendar),
    ("closed-dates", "calendar c {\n closed 2025-12-24, 2025-12-31\n}", n.Calendar),
    ("union-and-day-length", "calendar c {\n union a, b\n day length 14h\n}", n.Calendar),
    ("always-open", "calendar all {\n always open\n}", n.Calendar),
    ("field-bool", "field beta: bool = false", n.Field),
    ("field-bool-no-default", "field beta: bool", n.Field),
    ("field-text-default", 'field note: text = "none given"', n.Field),
    ("field-enum", "field region: uk | gst | est = uk", n.Field),
    ("priorities", "priorities P1, P2, P3", n.Priorities),
    ("priorities-continued", "priorities P1,\n  P2,\n  P3", n.Priorities),
    (
        "matrix",
        "priority from urgency x impact when type == incident {\n  high low\n high P1 P2\n low P3 P4\n}",
        n.PriorityMatrix,
    ),
    ("matrix-no-when", "priority from urgency x impact {\n high\n high P1\n}", n.PriorityMatrix),
    ("priority-when", "priority P5 when type != incident", n.PriorityWhen),
    ("priority-default", "priority default P3", n.PriorityDefault),
    ("named-priority-wins", "named priority wins", n.PriorityPrecedence),
    ("derived-priority-wins", "derived priority wins", n.PriorityPrecedence),
    ("business-hours", "business hours support", n.BusinessHours),
    (
        "business-hours-by-priority",
        "business hours by priority {\n P1, P2: cover\n P3: office\n}",
        n.BusinessHoursByPriority,
    ),
    (
        "business-hours-by-field-one-line",
        "business hours by region { uk: uk; est: est }",
        n.BusinessHoursByField,
    ),
    ("pause", "pause when status awaiting_customer, awaiting_third_party", n.Pause),
    ("resolved-when-keyword-statuses", "resolved when status resolved, closed", n.ResolvedWhen),
    ("exclude-bool", 'exclude "beta" when beta', n.Exclude),
    ("exclude-not", 'exclude "info" when not info_complete', n.Exclude),
    ("exclude-and-or-parens", 'exclude "x" when (a or b) and not c', n.Exclude),
    ("exclude-in-strings", 'exclude "x" when category in ("a", "b")', n.Exclude),
    ("exclude-not-in", 'exclude "x" when channel not in (web_form, email)', n.Exclude),
    ("exclude-in-continued", 'exclude "x" when category in (\n  "a",\n  "b"\n)', n.Exclude),
    ("exclude-equals-true", 'exclude "x" when trial == true', n.Exclude),
    (
        "metric",
        "metric first_response {\n start on created\n stop on public comment by agent\n stop on resolved\n}",
        n.Metric,
    ),
    (
        "metric-repeating-after",
        "metric reply repeating {\n start on public comment by customer after public comment by agent\n}",
        n.Metric,
    ),
    (
        "metric-on-reopen",
        "metric resolution {\n start on created\n stop on resolved\n resume on reopen\n}",
        n.Metric,
    ),
    ("trigger-any-comment-or", "metric m {\n start on any comment by agent or system\n}", n.Metric),
    ("trigger-private-comment", "metric m {\n stop on private comment by agent\n}", n.Metric),
    ("trigger-status", "metric m {\n start on status open, in_progress\n}", n.Metric),
    ("trigger-priority-changed", "metric m {\n start on priority changed\n}", n.Metric),
    ("trigger-fields-changed", "metric m {\n start on fields changed\n}", n.Metric),
    (
        "trigger-field-list-changed",
        "metric m {\n start on field region, product changed\n}",
        n.Metric,
    ),
    (
        "metric-not-applicable",
        'metric m {\n not applicable when type in (bug, request) or cause == "x"\n}',
        n.Metric,
    ),
    (
        "metric-overrides",
        "metric m {\n business hours all\n pause when status on_hold\n}",
        n.Metric,
    ),
    ("targets", "targets {\n priority a b\n P1 2h 1 business day\n P2 1h30m none\n}", n.Targets),
    ("targets-wall-clock", "targets {\n priority a\n urgent 2h wall-clock\n}", n.Targets),
    (
        "targets-working-hours",
        "targets {\n priority a b\n P1 5 working days 24 business hours\n}",
        n.Targets,
    ),
    ("targets-seconds", "targets {\n priority a\n P1 45s\n}", n.Targets),
    (
        "code-fix",
        "code fix resolution when code_fix {\n relevant by product\n P1 next release\n"
        " P2 next planned release\n P3, P4 next relevant release\n}",
        n.CodeFix,
    ),
    ("objective", "objective first_response 95% monthly", n.Objective),
    ("objective-for", "objective resolution 99.5% monthly for P1, P2", n.Objective),
    ("objective-overall", "objective resolution 95% monthly overall", n.Objective),
    ("priority-cap", "priority at most P2 when plan == standard", n.PriorityCap),
    (
        "pause-until-comment",
        "pause when status awaiting_customer until public comment by customer",
        n.Pause,
    ),
    ("pause-while", "pause while on_hold", n.PauseWhile),
    ("pause-while-until", "pause while on_hold until field on_hold changed", n.PauseWhile),
    ("start-when", "metric m {\n start on created when info_complete\n}", n.Metric),
    (
        "start-after-when",
        "metric m {\n start on status open after created when a and not b\n}",
        n.Metric,
    ),
    (
        "deadline-cells",
        "targets {\n priority a b c\n P1 by end of business day by end of next business day"
        " by 12:00 next business day\n}",
        n.Targets,
    ),
    (
        "availability",
        'availability {\n timezone "America/New_York"\n during uk\n service platform 99.9%\n'
        " excused scheduled_maintenance, force_majeure\n not downtime customer, connectivity\n"
        " partial outages are not downtime\n credit 10% below 99.9%\n credit when 2 failing months in 6\n"
        " material breach after 4 consecutive failing months\n}",
        n.Availability,
    ),
    (
        "availability-partial-is-downtime",
        "availability {\n partial outages are downtime\n}",
        n.Availability,
    ),
    ("comments-and-blank-lines", '# a\n\n  # b\ntimezone "UTC"  # c\n\n', n.Timezone),
    ("semicolons", 'version "1"; timezone "UTC";', n.Timezone),
]


@pytest.mark.parametrize(
    "body, kind", [(b, k) for _, b, k in ACCEPTED], ids=[i for i, _, _ in ACCEPTED]
)
def test_statement_is_accepted(body, kind):
    assert isinstance(statement(body), kind)


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.stem)
def test_shipped_policy_parses(path):
    module, diagnostics = parse(path.read_text(encoding="utf-8"))
    assert diagnostics == []
    assert module.policy.name.text == path.stem


# Keywords are keywords only where they may appear: the same words are names elsewhere.
KEYWORDS_AS_NAMES = [
    (
        "status-resolved",
        "resolved when status resolved, closed",
        lambda s: [x.text for x in s.statuses] == ["resolved", "closed"],
    ),
    (
        "priority-high-value-high",
        "priority from urgency x impact {\n high\n high high\n}",
        lambda s: s.rows[0].cells[0].text == "high",
    ),
    (
        "cause-customer",
        "availability {\n not downtime customer, third_party\n}",
        lambda s: s.body[0].causes[0].text == "customer",
    ),
    (
        "metric-named-reply",
        "metric reply repeating {\n}",
        lambda s: s.name.text == "reply" and s.repeating,
    ),
    (
        "calendar-named-business_hours",
        "calendar business_hours {\n}",
        lambda s: s.name.text == "business_hours",
    ),
    (
        "value-named-none",
        'exclude "x" when kind == none',
        lambda s: s.when.values[0].value == "none",
    ),
    ("field-named-day", "field day: text", lambda s: s.name.text == "day"),
    # Words that start statements elsewhere are names at the start of a table row.
    (
        "matrix-row-value-on",
        "priority from power x load {\n low\n on P1\n}",
        lambda s: s.rows[0].value.text == "on",
    ),
    (
        "target-row-priority-day",
        "targets {\n priority m\n day 1h\n stop 2h\n}",
        lambda s: [r.priority.text for r in s.rows] == ["day", "stop"],
    ),
    (
        "hours-entry-zone",
        "business hours by region {\n zone: uk\n}",
        lambda s: s.entries[0].keys[0].text == "zone",
    ),
    (
        "release-kind-planned",
        "code fix m when f {\n P1 next emergency release\n}",
        lambda s: s.body[0].target.kind.text == "emergency",
    ),
]


@pytest.mark.parametrize(
    "body, holds",
    [(b, h) for _, b, h in KEYWORDS_AS_NAMES],
    ids=[i for i, _, _ in KEYWORDS_AS_NAMES],
)
def test_keyword_is_a_name_where_a_name_is_expected(body, holds):
    assert holds(statement(body))


# (id, body, code, line, column): line 2 is the snippet's first line.
REJECTED = [
    ("unexpected-character", "timezone @", "E001", 2, 10),
    ("typographic-quote", "timezone \u201cUTC\u201d", "E001", 2, 10),
    ("unterminated-string", 'timezone "Europe/London', "E002", 2, 10),
    ("missing-title", None, "E003", 1, 10),
    ("author-unknown", "metric m {\n stop on public comment by bot\n}", "E003", 3, 28),
    ("cell-word", "targets {\n priority a\n P1 fast\n}", "E003", 4, 5),
    ("row-without-priority", "targets {\n priority a\n 2h\n}", "E003", 4, 2),
    ("unclosed-at-end", None, "E004", 2, 14),
    ("unclosed-before-metric", 'calendar uk {\n zone "UTC"\nmetric m {\n}', "E004", 2, 13),
    # a policy statement indented inside a block belongs to the wrong block, not after a missing `}`
    ("wrong-block", 'calendar c {\n    timezone "UTC"\n  }', "E005", 3, 5),
    ("wrong-block-metric", 'metric m {\n    timezone "UTC"\n  }', "E005", 3, 5),
    # a `}` in a string or a comment closes nothing
    ("unclosed-braces-in-text", 'calendar uk {\n zone "}"  # }\nmetric m {\n}', "E004", 2, 13),
    ("misspelt-statement", 'timezon "Europe/London"', "E005", 2, 1),
    ("statement-in-wrong-block", "calendar c {\n service p 99%\n}", "E005", 3, 2),
    ("misspelt-calendar-statement", 'calendar c {\n zome "UTC"\n}', "E005", 3, 2),
    ("two-statements-one-line", 'calendar c {\n zone "UTC" mon-fri 09:00-17:00\n}', "E006", 3, 13),
    ("missing-comma", "calendar c {\n holidays US DK\n}", "E006", 3, 14),
    # `priority` starts the table's header: not mistaken for a statement after a missing `}`.
    ("cell-in-targets-header", "targets {\n priority a 2h\n P1 1h\n}", "E006", 3, 13),
    ("duration-in-words", "targets {\n priority a\n P1 2 hours\n}", "E007", 4, 5),
    ("duration-hrs", "targets {\n priority a\n P1 2hrs\n}", "E007", 4, 5),
    ("duration-days-letter", "targets {\n priority a\n P1 3d\n}", "E007", 4, 5),
    ("day-length-without-unit", "calendar c {\n day length 14\n}", "E007", 3, 13),
    ("second-policy", None, "E008", 3, 1),
    ("extra-closing-brace", None, "E008", 3, 1),
    ("no-policy", None, "E009", 1, 1),
    ("empty-file", None, "E009", 1, 1),
    ("time-am", "calendar c {\n mon-fri 9am-5pm\n}", "E010", 3, 10),
    ("time-no-colon", "calendar c {\n mon-fri 0900-1700\n}", "E010", 3, 10),
    ("percent-without-sign", "availability {\n service p 99.9\n}", "E011", 3, 12),
    ("single-equals", 'exclude "x" when type = bug', "E012", 2, 23),
    ("retired-on-reopen", "metric m {\n start on created\n on reopen resume\n}", "E015", 4, 2),
    (
        "retired-after-semicolon",
        "metric m {\n stop on resolved; on reopen resume # x\n}",
        "E015",
        3,
        20,
    ),
]
WHOLE_FILES = {
    "missing-title": "policy p {\n}\n",
    "unclosed-at-end": 'policy p "t" {\n calendar uk {\n  zone "UTC"\n}\n',
    "second-policy": 'policy p "t" {\n}\npolicy q "u" {\n}\n',
    "extra-closing-brace": 'policy p "t" {\n}\n}\n',
    "no-policy": "calendar c {\n}\n",
    "empty-file": "",
}


@pytest.mark.parametrize(
    "name, body, code, line, column", REJECTED, ids=[case[0] for case in REJECTED]
)
def test_mistake_is_rejected_with_its_code(name, body, code, line, column):
    module, diagnostics = parse(WHOLE_FILES[name] if body is None else wrap(body))
    assert module is None
    [diagnostic] = diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == (code, line, column)
    assert diagnostic.path == "t.sla"
    # Users never see Lark's terminal names.
    for internal in ("_NL", "RBRACE", "LBRACE", "DURATION", "SUBDIVISION", "$END", "Token("):
        assert internal not in diagnostic.message and internal not in (diagnostic.help or "")


def test_expected_words_replace_terminal_names():
    _, [diagnostic] = parse(wrap("calendar c {\n day length fast\n}"))
    assert diagnostic.message == "expected a duration such as `2h`, found `fast`"


def test_misspelt_keyword_suggests_the_keyword():
    _, [diagnostic] = parse(wrap('timezon "Europe/London"'))
    assert diagnostic.message == "unknown statement `timezon`"
    assert diagnostic.help == "did you mean `timezone`?"


def test_unclosed_block_names_the_block_and_the_line_it_ran_into():
    _, [diagnostic] = parse(wrap('calendar uk {\n zone "UTC"\nmetric m {\n}'))
    assert diagnostic.message == "the `calendar` block is not closed before `metric` on line 4"


def test_unknown_statement_without_a_close_keyword_lists_the_block_statements():
    _, [diagnostic] = parse(wrap("metric m {\n begin on created\n}"))
    assert (diagnostic.code, diagnostic.message) == ("E005", "unknown statement `begin`")
    assert diagnostic.help.startswith("a metric holds `start on`, `stop on`")


def test_control_character_is_named_by_code_point():
    _, [diagnostic] = parse(wrap("timezone \x01"))
    assert (diagnostic.code, diagnostic.message) == ("E001", "unexpected character `U+0001`")


@pytest.mark.parametrize(
    "depth, codes", [(50, []), (1000, ["E014"])], ids=["50-fine", "1000-refused"]
)
def test_deeply_nested_condition_is_a_diagnostic_not_a_recursion_error(depth, codes):
    _, diagnostics = parse(wrap('exclude "x" when ' + "not " * depth + "a"))
    assert [d.code for d in diagnostics] == codes


# ---------------------------------------------------------------------------------------------
# Which statements each block accepts (slac.syntax.blocks), read from the grammar


def test_block_statements_are_read_from_the_grammar():
    from slac.syntax.blocks import BLOCK_STATEMENTS

    assert set(BLOCK_STATEMENTS) == {
        "policy",
        "calendar",
        "metric",
        "code_fix",
        "availability",
        "budget",
    }
    assert BLOCK_STATEMENTS["budget"] == (
        "budget_amount",
        "budget_renews",
        "budget_rate",
        "budget_excluded",
    )
    assert BLOCK_STATEMENTS["calendar"] == (
        "zone",
        "window",
        "holidays",
        "closed",
        "calendar_union",
        "day_length",
        "always_open",
    )
    assert BLOCK_STATEMENTS["metric"] == (
        "start_on",
        "stop_on",
        "on_reopen",
        "not_applicable",
        "business_hours",
        "business_hours_by_priority",
        "business_hours_by_field",
        "pause",
        "pause_while",
    )
    assert BLOCK_STATEMENTS["code_fix"] == ("relevant_by", "code_fix_row")
    assert "timezone" in BLOCK_STATEMENTS["policy"] and "zone" not in BLOCK_STATEMENTS["policy"]


def test_statement_openings_are_the_keywords_each_alternative_starts_with():
    from slac.syntax import blocks
    from slac.syntax.blocks import STATEMENT_OPENINGS

    assert STATEMENT_OPENINGS["day_length"] == ("day length",)
    assert STATEMENT_OPENINGS["window"] == ()  # starts with a day name
    assert STATEMENT_OPENINGS["priority_precedence"] == (
        "named priority wins",
        "derived priority wins",
    )
    assert blocks.block_words("metric") == {"start", "stop", "resume", "not", "business", "pause"}
    assert blocks.block_phrases("availability") == (
        "timezone",
        "during",
        "service",
        "excused",
        "not downtime",
        "partial outages are",
        "credit",
        "material breach after",
        "notice",
    )
    assert blocks.block_of_word("code") == "code_fix"
    assert blocks.block_of_word("targets") is None  # a table, not a block of statements


def test_retired_spelling_names_the_kept_form():
    _, [diagnostic] = parse(wrap("metric m {\n on  reopen resume\n}"))
    assert diagnostic.message == "`on reopen resume` is now written `resume on reopen`"
    assert diagnostic.help == "write `resume on reopen`"
    assert (diagnostic.span.column, diagnostic.span.end_column) == (2, 19)


def test_a_misspelt_statement_is_no_retired_spelling():
    _, [diagnostic] = parse(wrap("metric m {\n on reopen resumes\n}"))
    assert diagnostic.code == "E005"


def test_grammar_builds_in_lark_strict_mode():
    # Strict mode refuses shift/reduce conflicts (which Lark otherwise resolves silently, by
    # shifting) and regular-expression terminals that can match the same text in one lexer state.
    import lark

    from slac.syntax import parser

    strict = lark.Lark(parser.grammar_text(), parser="lalr", lexer="contextual", strict=True)
    assert {t.name for t in strict.terminals} == {t.name for t in parser.parser().terminals}


def test_block_statements_match_the_node_types_of_each_block_body():
    # The grammar's item rules and the nodes' body types say the same thing; rule names are the
    # class names in snake case (`day_length` <-> `DayLength`).
    import typing

    from slac.syntax.blocks import BLOCK_STATEMENTS

    def snake(cls: type) -> str:
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")

    bodies = {
        "policy": n.PolicyStatement,
        "calendar": n.CalendarStatement,
        "metric": n.MetricStatement,
        "code_fix": n.CodeFixStatement,
        "availability": n.AvailabilityStatement,
        "budget": n.BudgetStatement,
    }
    renamed = {"start": "start_on", "stop": "stop_on"}  # the two nodes named by their verb
    for block, body in bodies.items():
        rules = {renamed.get(snake(cls), snake(cls)) for cls in typing.get_args(body)}
        assert rules == set(BLOCK_STATEMENTS[block]), block


def test_a_statement_in_the_wrong_block_names_the_one_it_resembles():
    _, [diagnostic] = parse(wrap('  calendar c {\n    timezone "UTC"\n  }'))
    assert diagnostic.message == "unknown statement `timezone` in a calendar"
    assert diagnostic.help == "did you mean `zone`?"


def _nested_ands(levels: int) -> str:
    condition = "a"
    for _ in range(levels):
        condition = f"(a and {condition})"
    return condition


@pytest.mark.parametrize(
    "condition, codes",
    [
        ("not " * 100 + "a", []),
        ("not " * 101 + "a", ["E014"]),
        (_nested_ands(100), []),
        (_nested_ands(101), ["E014"]),
        ("(" * 5000 + "a" + ")" * 5000, []),
    ],
    ids=["100-nots", "101-nots", "100-ands", "101-ands", "5000-redundant-parentheses"],
)
def test_e014_counts_condition_levels_as_documented(condition, codes):
    # language.md: E014 is a condition nested over 100 levels. The limit counts `not`, `and` and
    # `or` inside one another, not the statements around the condition (which made it 96), and
    # parentheses that group nothing new add no level.
    _, diagnostics = parse(wrap('exclude "x" when ' + condition))
    assert [d.code for d in diagnostics] == codes
