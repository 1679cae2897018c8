"""The builder: snippets become the hand-built syntax trees below (spans are out of equality), and
spans point at the line and column the text came from."""

from __future__ import annotations

import pytest

from slac.source import Source, Span
from slac.syntax import nodes as n
from slac.syntax import parse_source


def body(text: str) -> tuple:
    module, diagnostics = parse_source(Source("t.sla", 'policy p "t" {\n' + text + "\n}\n"))
    assert diagnostics == []
    return module.policy.body


def N(*texts: str) -> tuple[n.Name, ...]:
    return tuple(n.Name(t) for t in texts)


def V(value, kind="name") -> n.Value:
    return n.Value(value, kind)


TREES = [
    (
        "calendar",
        'calendar uk { zone "Europe/London"; mon-fri 08:00-01:00; sat, sun 10:00-12:00, 13:00-24:00; holidays GB/ENG, US }',
        n.Calendar(
            n.Name("uk"),
            (
                n.Zone(n.String("Europe/London")),
                n.Window(
                    (n.DayRange(n.Name("mon"), n.Name("fri")),),
                    (n.TimeRange(n.TimeOfDay("08:00", 8, 0), n.TimeOfDay("01:00", 1, 0)),),
                ),
                n.Window(
                    (n.DayRange(n.Name("sat")), n.DayRange(n.Name("sun"))),
                    (
                        n.TimeRange(n.TimeOfDay("10:00", 10, 0), n.TimeOfDay("12:00", 12, 0)),
                        n.TimeRange(n.TimeOfDay("13:00", 13, 0), n.TimeOfDay("24:00", 24, 0)),
                    ),
                ),
                n.Holidays(
                    (n.HolidayRegion(n.Name("GB"), n.Name("ENG")), n.HolidayRegion(n.Name("US")))
                ),
            ),
        ),
    ),
    (
        "union-calendar",
        "calendar support {\n union copenhagen, new_york\n day length 14h\n closed 2025-12-24\n}",
        n.Calendar(
            n.Name("support"),
            (
                n.CalendarUnion(N("copenhagen", "new_york")),
                n.DayLength(n.DurationLit("14h", 50400)),  # 14 x 3600
                n.Closed((n.DateLit("2025-12-24", 2025, 12, 24),)),
            ),
        ),
    ),
    ("always-open", "calendar all { always open }", n.Calendar(n.Name("all"), (n.AlwaysOpen(),))),
    (
        "field-enum",
        "field region: uk | gst = uk",
        n.Field(n.Name("region"), "enum", N("uk", "gst"), V("uk")),
    ),
    (
        "field-bool",
        "field beta: bool = false",
        n.Field(n.Name("beta"), "bool", (), V(False, "bool")),
    ),
    (
        "field-text",
        'field note: text = "a \\"b\\""',
        n.Field(n.Name("note"), "text", (), V('a "b"', "string")),
    ),
    (
        "matrix",
        "priority from urgency x impact when type == incident {\n severe low\n high P1 P2\n}",
        n.PriorityMatrix(
            n.Name("urgency"),
            n.Name("impact"),
            n.Compare(n.Name("type"), "==", (V("incident"),)),
            N("severe", "low"),
            (n.MatrixRow(n.Name("high"), N("P1", "P2")),),
        ),
    ),
    (
        "priority-when",
        "priority P5 when type != incident",
        n.PriorityWhen(n.Name("P5"), n.Compare(n.Name("type"), "!=", (V("incident"),))),
    ),
    ("priority-default", "priority default P3", n.PriorityDefault(n.Name("P3"))),
    ("derived-wins", "derived priority wins", n.PriorityPrecedence("derived")),
    (
        "hours-by-priority",
        "business hours by priority {\n P1, P2: cover\n P3: office\n}",
        n.BusinessHoursByPriority(
            (n.HoursEntry(N("P1", "P2"), n.Name("cover")), n.HoursEntry(N("P3"), n.Name("office")))
        ),
    ),
    (
        "hours-by-field",
        "business hours by region { uk: uk }",
        n.BusinessHoursByField(n.Name("region"), (n.HoursEntry(N("uk"), n.Name("uk")),)),
    ),
    ("pause", "pause when status a, b", n.Pause(N("a", "b"))),
    (
        "pause-until",
        "pause when status waiting until public comment by customer",
        n.Pause(N("waiting"), n.PauseUntil(n.OnComment("public", ("customer",)))),
    ),
    (
        "pause-while",
        "pause while on_hold until status open",
        n.PauseWhile(n.IsTrue(n.Name("on_hold")), n.PauseUntil(n.OnStatus(N("open")))),
    ),
    (
        "priority-cap",
        "priority at most P2 when plan == standard",
        n.PriorityCap(n.Name("P2"), n.Compare(n.Name("plan"), "==", (V("standard"),))),
    ),
    (
        "objective-overall",
        "objective resolution 95% monthly overall",
        n.Objective(n.Name("resolution"), n.Percent("95%", 95.0), (), True),
    ),
    (
        "start-after-when",
        "metric m {\n start on status open after created when complete\n"
        " start on created when complete\n}",
        n.Metric(
            n.Name("m"),
            False,
            (
                n.Start(n.OnStatus(N("open")), n.OnCreated(), n.IsTrue(n.Name("complete"))),
                n.Start(n.OnCreated(), None, n.IsTrue(n.Name("complete"))),
            ),
        ),
    ),
    (
        "deadline-cells",
        "targets {\n priority a b c\n P1 by end of business day by end of next business day"
        " by 12:00 next business day\n}",
        n.Targets(
            N("a", "b", "c"),
            (
                n.TargetRow(
                    n.Name("P1"),
                    (
                        n.DeadlineCell(None, False),
                        n.DeadlineCell(None, True),
                        n.DeadlineCell(n.TimeOfDay("12:00", 12, 0), True),
                    ),
                ),
            ),
        ),
    ),
    ("resolved-when", "resolved when status done", n.ResolvedWhen(N("done"))),
    (
        "exclude-precedence",
        # `not` binds tighter than `and`, `and` tighter than `or`.
        'exclude "x" when a or not b and c in (d, "e")',
        n.Exclude(
            n.String("x"),
            n.OrCond(
                (
                    n.IsTrue(n.Name("a")),
                    n.AndCond(
                        (
                            n.NotCond(n.IsTrue(n.Name("b"))),
                            n.Compare(n.Name("c"), "in", (V("d"), V("e", "string"))),
                        )
                    ),
                )
            ),
        ),
    ),
    (
        "exclude-parens-not-in",
        'exclude "x" when (a or b) and c not in (true)',
        n.Exclude(
            n.String("x"),
            n.AndCond(
                (
                    n.OrCond((n.IsTrue(n.Name("a")), n.IsTrue(n.Name("b")))),
                    n.Compare(n.Name("c"), "not in", (V(True, "bool"),)),
                )
            ),
        ),
    ),
    (
        "metric",
        "metric reply repeating {\n start on public comment by customer after comment by agent\n"
        " stop on any comment by agent or system\n stop on status closed, resolved\n resume on reopen\n"
        " start on field region, product changed\n start on fields changed\n stop on priority changed\n"
        " not applicable when bug\n business hours all\n pause when status hold\n}",
        n.Metric(
            n.Name("reply"),
            True,
            (
                n.Start(n.OnComment("public", ("customer",)), n.OnComment("public", ("agent",))),
                n.Stop(n.OnComment("any", ("agent", "system"))),
                n.Stop(n.OnStatus(N("closed", "resolved"))),
                n.OnReopen("resume"),
                n.Start(n.OnFieldsChanged(N("region", "product"))),
                n.Start(n.OnFieldsChanged(())),
                n.Stop(n.OnPriorityChanged()),
                n.NotApplicable(n.IsTrue(n.Name("bug"))),
                n.BusinessHours(n.Name("all")),
                n.Pause(N("hold")),
            ),
        ),
    ),
    (
        "targets",
        "targets {\n priority a b c\n P1 1h30m wall-clock 3 business days none\n P2 45s 1 working day 24 business hours\n}",
        n.Targets(
            N("a", "b", "c"),
            (
                n.TargetRow(
                    n.Name("P1"),
                    (
                        n.DurationCell(n.DurationLit("1h30m", 5400), True),  # 3600 + 30 x 60
                        n.CountCell(3, "business", "day"),
                        n.NoneCell(),
                    ),
                ),
                n.TargetRow(
                    n.Name("P2"),
                    (
                        n.DurationCell(n.DurationLit("45s", 45)),
                        n.CountCell(1, "working", "day"),
                        n.CountCell(24, "business", "hour"),
                    ),
                ),
            ),
        ),
    ),
    (
        "code-fix",
        "code fix resolution when code_fix {\n relevant by product\n P1 next release\n P2, P3 next relevant planned release\n}",
        n.CodeFix(
            n.Name("resolution"),
            n.IsTrue(n.Name("code_fix")),
            (
                n.RelevantBy(n.Name("product")),
                n.CodeFixRow(N("P1"), n.ReleaseTarget()),
                n.CodeFixRow(N("P2", "P3"), n.ReleaseTarget(True, n.Name("planned"))),
            ),
        ),
    ),
    (
        "objective",
        "objective resolution 99.5% monthly for P1",
        n.Objective(n.Name("resolution"), n.Percent("99.5%", 99.5), N("P1")),
    ),
    (
        "availability",
        'availability {\n timezone "UTC"\n during uk\n service web 99.9%\n excused force_majeure\n'
        " not downtime customer\n partial outages are downtime\n credit 10% below 99.9%\n"
        " credit when 2 failing months in 6\n material breach after 4 consecutive failing months\n}",
        n.Availability(
            (
                n.Timezone(n.String("UTC")),
                n.During(n.Name("uk")),
                n.Service(n.Name("web"), n.Percent("99.9%", 99.9)),
                n.Excused(N("force_majeure")),
                n.NotDowntime(N("customer")),
                n.PartialOutages(True),
                n.Credit(n.Percent("10%", 10.0), n.Percent("99.9%", 99.9)),
                n.CreditWhen(2, 6),
                n.MaterialBreach(4),
            )
        ),
    ),
    ("header", 'version "1.1"', n.Version(n.String("1.1"))),
    ("effective", "effective 2025-08-01", n.Effective(n.DateLit("2025-08-01", 2025, 8, 1))),
]


@pytest.mark.parametrize("text, tree", [(t, e) for _, t, e in TREES], ids=[i for i, _, _ in TREES])
def test_snippet_builds_the_hand_built_tree(text, tree):
    assert body(text)[-1] == tree


def test_policy_header_and_comments():
    text = '# head\npolicy learnamp "Learn Amp" {  # opens\n  timezone "Europe/London"\n}\n'
    module, _ = parse_source(Source("t.sla", text))
    assert module.policy.name == n.Name("learnamp")
    assert module.policy.title == n.String("Learn Amp")
    assert [c.text for c in module.comments] == ["# head", "# opens"]
    assert module.comments[1].span == Span(2, 32, 2, 39)


def test_hash_inside_a_string_is_not_a_comment():
    module, _ = parse_source(
        Source("t.sla", 'policy p "t" {\n  exclude "#1 \\"x#\\"" when a  # real\n}\n')
    )
    assert [c.text for c in module.comments] == ["# real"]
    assert module.policy.body[0].reason.value == '#1 "x#"'


def comments_of(text: str) -> list[tuple[str, bool, int, int]]:
    module, diagnostics = parse_source(Source("t.sla", text))
    assert diagnostics == []
    return [(c.text, c.own_line, c.span.line, c.span.column) for c in module.comments]


# Each found by the lexer: a `#` inside a string, escaped quotes included, is no comment.
COMMENTS = [
    # `"a\\"` is `a` and a backslash: the string ends at the second quote, the comment follows
    ("escaped-backslash", 'policy p "t" {\n  version "a\\\\"  # c\n}\n', [("# c", False, 2, 18)]),
    ("escaped-quote", 'policy p "t" {\n  version "a\\"#b"  # c\n}\n', [("# c", False, 2, 20)]),
    ("hash-in-string", 'policy p "t" {\n  version "#1"\n}\n', []),
    (
        "own-line-and-blank-lines",
        'policy p "t" {\n\n    # one\n  # two\n\n  version "1"\n}\n',
        [("# one", True, 3, 5), ("# two", True, 4, 3)],
    ),
    (
        "after-a-comma",
        'policy p "t" {\n  priorities P1,  # urgent\n    P2  # normal\n}\n',
        [("# urgent", False, 2, 19), ("# normal", False, 3, 9)],
    ),
    ("after-semicolon", 'policy p "t" { version "1"; # v\n}\n', [("# v", False, 1, 29)]),
    ("crlf", 'policy p "t" {  # x\r\n}\r\n', [("# x", False, 1, 17)]),
    ("end-of-file", 'policy p "t" {\n}\n# last', [("# last", True, 3, 1)]),
]


@pytest.mark.parametrize(
    "text, expected", [(t, e) for _, t, e in COMMENTS], ids=[i for i, _, _ in COMMENTS]
)
def test_comments_are_found_by_the_lexer(text, expected):
    assert comments_of(text) == expected


def test_a_parse_keeps_only_its_own_comments():
    comments_of('policy p "t" {  # first\n}\n')
    assert comments_of('policy q "t" {\n}\n') == []


SPANS = 'policy p "t" {\n  calendar uk {\n    mon-fri 08:00-01:00\n  }\n  business hours by region {\n    uk: uk\n  }\n}\n'


def test_spans_point_at_the_text():
    module, _ = parse_source(Source("t.sla", SPANS))
    calendar, hours = module.policy.body
    # line 2 is `  calendar uk {`: the statement starts at column 3 and ends after `}` on line 4.
    assert calendar.span == Span(2, 3, 4, 4)
    assert calendar.name.span == Span(2, 12, 2, 14)
    window = calendar.body[0]
    assert window.span == Span(3, 5, 3, 24)  # `mon-fri 08:00-01:00` is 19 characters from column 5
    assert window.days[0].last.span == Span(3, 9, 3, 12)  # `fri`
    assert window.ranges[0].close.span == Span(3, 19, 3, 24)  # `01:00`
    entry = hours.entries[0]
    assert hours.field.span == Span(5, 21, 5, 27)  # `region`
    assert entry.keys[0].span == Span(6, 5, 6, 7) and entry.calendar.span == Span(6, 9, 6, 11)


def test_condition_values_and_names_have_spans():
    [exclude] = body('exclude "x" when kind in (a, "b")')
    # line 2: `exclude "x" when kind in (a, "b")`; `kind` at 18, `a` at 27, `"b"` at 30.
    assert exclude.when.field.span == Span(2, 18, 2, 22)
    assert [v.span for v in exclude.when.values] == [Span(2, 27, 2, 28), Span(2, 30, 2, 33)]
    assert exclude.when.span == Span(2, 18, 2, 34)


def test_block_of_picks_statements_by_kind():
    [calendar] = body('calendar c { zone "UTC"; mon 09:00-17:00; tue 09:00-17:00 }')
    assert [w.days[0].first.text for w in calendar.of(n.Window)] == ["mon", "tue"]
    assert calendar.of(n.Zone) == (n.Zone(n.String("UTC")),)


def test_comments_are_collected_when_the_tables_come_from_the_cache(tmp_path):
    # The first process builds the tables and writes the cache, the second loads them: the
    # lexer callbacks that collect comments are not part of the cache and must be attached to both.
    import os
    import subprocess
    import sys

    script = (
        "from slac.syntax import parse_source\n"
        "from slac.source import Source\n"
        "module, _ = parse_source(Source('t.sla', 'policy p \"t\" {  # c\\n}\\n'))\n"
        "print([c.text for c in module.comments])\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [run.stdout for run in runs] == ["['# c']\n", "['# c']\n"]
    assert len(list((tmp_path / "slac").glob("*.lark-cache"))) == 1
