"""The event reader (contract §2): what is accepted, what is reported, and in what order."""

from __future__ import annotations

import json

import pytest

from slac import ir
from slac.inputs.events import Event, Release, event_from_dict
from slac.inputs.problems import InputError
from slac.inputs.reader import read_events
from slac.source import Span

POLICY = ir.Policy(
    name="vocab",
    title="event vocabulary",
    version=None,
    timezone="UTC",
    fields=(
        ir.Field("impact", "enum", ("high", "low")),
        ir.Field("code_fix", "bool", default=False),
        ir.Field("product", "text"),
    ),
    priorities=ir.Priorities(("P1", "P2")),  # no rules, no default: a priority must be named
    metrics=(),
    targets=(),
    calendar=ir.CalendarChoice(),
)
DERIVING = ir.Policy(
    name="deriving",
    title="priority from impact",
    version=None,
    timezone="UTC",
    fields=POLICY.fields,
    priorities=ir.Priorities(
        ("P1", "P2"), rules=(ir.PriorityRule(ir.Compare("impact", "==", ("high",)), fixed="P1"),)
    ),
    metrics=(),
    targets=(),
    calendar=ir.CalendarChoice(),
)

# 2026-03-02T09:00:00Z = 1772442000 (2026-01-01 is 1767225600; + 60 days * 86400 = 1772409600;
# + 9 h = 32400).
T0 = 1772442000


def lines(*objects) -> list[tuple[int, str]]:
    return [(n, o if isinstance(o, str) else json.dumps(o)) for n, o in enumerate(objects, 1)]


def found(problems) -> list[tuple[int, str, str]]:
    """The reader's diagnostics as (line, code, message)."""
    return [(d.span.line, d.code, d.message) for d in problems]


def created(ticket="T-1", at="2026-03-02T09:00:00Z", **extra):
    return {"at": at, "event": "created", "ticket": ticket, "priority": "P1", **extra}


ACCEPTED = [
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "created",
            "ticket": "T-1",
            "priority": "P2",
            "fields": {"impact": "low", "customer": "acme"},
        },
        Event(
            T0, 1, "created", "T-1", priority="P2", fields=(("impact", "low"), ("customer", "acme"))
        ),
        id="created-undeclared-field-kept",
    ),
    pytest.param(
        {"at": "2026-03-02T10:00:00+01:00", "event": "comment", "ticket": "T-1", "author": "agent"},
        Event(T0, 1, "comment", "T-1", author="agent", public=True),
        id="comment-offset-public-default",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00.999Z",
            "event": "comment",
            "ticket": "T-1",
            "author": "customer",
            "public": False,
        },
        Event(T0, 1, "comment", "T-1", author="customer", public=False),
        id="fraction-floored",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "status",
            "ticket": "T-1",
            "status": "awaiting_vendor",
        },
        Event(T0, 1, "status", "T-1", status="awaiting_vendor"),
        id="any-status-string",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "fields",
            "ticket": "T-1",
            "fields": {"code_fix": True},
        },
        Event(T0, 1, "fields", "T-1", fields=(("code_fix", True),)),
        id="fields-bool",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "release",
            "release": "R1",
            "kind": "planned",
            "products": ["edlink"],
            "fixes": ["T-1"],
        },
        Event(T0, 1, "release", release=Release("R1", "planned", ("edlink",), frozenset({"T-1"}))),
        id="release",
    ),
]


@pytest.mark.parametrize(("data", "expected"), ACCEPTED)
def test_event_from_dict_accepts(data, expected):
    assert event_from_dict(data, 1, POLICY) == expected


REJECTED = [
    pytest.param([1, 2], "E703", "an event is a JSON object, got `[1, 2]`", id="not-object"),
    pytest.param({"event": "created", "ticket": "T"}, "E704", "missing key `at`", id="no-at"),
    pytest.param(
        {"at": "2026-03-02T09:00:00", "event": "created", "ticket": "T"},
        "E706",
        "`at` has no UTC offset: `2026-03-02T09:00:00` (write `2026-03-02T09:00:00Z` or add an offset such as `+01:00`)",
        id="no-offset",
    ),
    pytest.param(
        {"at": "yesterday", "event": "created", "ticket": "T"},
        "E707",
        "`at` is not an ISO 8601 timestamp: `yesterday`",
        id="bad-timestamp",
    ),
    pytest.param(
        {"at": 1772442000, "event": "created", "ticket": "T"},
        "E707",
        "`at` is not a timestamp string: `1772442000`",
        id="numeric-at",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "ticket": "T"}, "E704", "missing key `event`", id="no-event"
    ),
    pytest.param(
        {"at": "2200-01-01T00:00:00Z", "event": "created", "ticket": "T"},
        "E708",
        "`at` is outside the years slac's calendars cover (1970 to 2199): `2200-01-01T00:00:00Z`",
        id="after-2199",
    ),
    pytest.param(
        {"at": "1969-12-31T23:59:59Z", "event": "created", "ticket": "T"},
        "E708",
        "`at` is outside the years slac's calendars cover (1970 to 2199): `1969-12-31T23:59:59Z`",
        id="before-1970",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "escalated", "ticket": "T"},
        "E710",
        "unknown event kind `escalated` (expected created, comment, status, priority, fields, release, call or worklog)",
        id="unknown-event",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "status", "status": "open"},
        "E704",
        "missing key `ticket`",
        id="no-ticket",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": 7, "status": "open"},
        "E705",
        "`ticket` is not a string: `7`",
        id="numeric-ticket",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "comment", "ticket": "T", "author": "bot"},
        "E711",
        "unknown comment author `bot` (expected agent, customer or system)",
        id="unknown-author",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "comment",
            "ticket": "T",
            "author": "agent",
            "public": "yes",
        },
        "E705",
        '`public` is not true or false: `"yes"`',
        id="public-not-bool",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "priority", "ticket": "T", "priority": "P9"},
        "E712",
        "priority `P9` is not declared by the policy (declared: P1, P2)",
        id="undeclared-priority",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "priority", "ticket": "T"},
        "E704",
        "missing key `priority`",
        id="priority-missing",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "fields",
            "ticket": "T",
            "fields": {"impact": "severe"},
        },
        "E713",
        "field `impact` value `severe` is not declared by the policy (declared: high, low)",
        id="undeclared-enum-value",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "fields",
            "ticket": "T",
            "fields": {"code_fix": "true"},
        },
        "E705",
        '`fields.code_fix` is not true or false: `"true"`',
        id="bool-as-string",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "fields", "ticket": "T", "fields": {"product": 3}},
        "E705",
        "`fields.product` is not a string: `3`",
        id="text-as-number",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "fields", "ticket": "T", "fields": ["impact"]},
        "E705",
        '`fields` is not an object: `["impact"]`',
        id="fields-not-object",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "release", "release": "R1", "kind": "planned"},
        "E704",
        "missing key `fixes` (the ticket ids the release fixes; `[]` for none)",
        id="release-no-fixes",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "release",
            "release": "R1",
            "kind": "planned",
            "fixes": "T-1",
        },
        "E705",
        '`fixes` is not a list of strings: `"T-1"`',
        id="fixes-not-list",
    ),
]


@pytest.mark.parametrize(("data", "code", "reason"), REJECTED)
def test_event_from_dict_rejects_with_code_and_reason(data, code, reason):
    with pytest.raises(InputError) as error:
        event_from_dict(data, 1, POLICY)
    assert (error.value.code, str(error.value)) == (code, reason)


def test_read_events_reports_every_bad_line_and_keeps_the_rest():
    events, problems = read_events(
        lines(
            created(),
            "{not json",
            "",
            "[1]",
            "[" * 100000,
            {"at": "2026-03-02T09:30:00", "event": "comment", "ticket": "T-1", "author": "agent"},
            {"at": "2026-03-02T09:40:00Z", "event": "comment", "ticket": "T-1", "author": "agent"},
        ),
        POLICY,
    )
    assert [e.line for e in events] == [1, 7]
    assert found(problems) == [
        (2, "E701", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        (4, "E703", "an event is a JSON object, got `[1]`"),
        (5, "E702", "not JSON slac can read: nested too deeply"),
        (
            6,
            "E706",
            "`at` has no UTC offset: `2026-03-02T09:30:00` (write `2026-03-02T09:30:00Z` or add an offset such as `+01:00`)",
        ),
    ]


def test_applied_order_is_stable_by_at_and_file_order_breaks_ties():
    events, problems = read_events(
        lines(
            {"at": "2026-03-02T10:00:00Z", "event": "status", "ticket": "T-1", "status": "a"},
            created(),
            {"at": "2026-03-02T10:00:00Z", "event": "status", "ticket": "T-1", "status": "b"},
            # 10:30+01:00 is 09:30Z: after the 09:00Z created, before both 10:00Z lines.
            {"at": "2026-03-02T10:30:00+01:00", "event": "status", "ticket": "T-1", "status": "c"},
        ),
        POLICY,
    )
    assert problems == []
    assert [e.line for e in events] == [2, 4, 1, 3]


def test_ticket_order_problems_are_judged_in_applied_order():
    events, problems = read_events(
        lines(
            # Line 1 is before T-1's created (line 2) once sorted by `at`, though later in the file.
            {"at": "2026-03-02T08:00:00Z", "event": "comment", "ticket": "T-1", "author": "agent"},
            created(),
            created(at="2026-03-02T10:00:00Z"),
            {"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": "T-9", "status": "open"},
            {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T-2"},
            {"at": "2026-03-02T09:10:00Z", "event": "status", "ticket": "T-2", "status": "open"},
            {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T-3", "priority": "P7"},
            {"at": "2026-03-02T09:10:00Z", "event": "status", "ticket": "T-3", "status": "open"},
        ),
        POLICY,
    )
    assert [e.line for e in events] == [2]
    assert found(problems) == [
        (1, "E720", "event for ticket `T-1` before its `created`"),
        (3, "E721", "second `created` for ticket `T-1` (first on line 2)"),
        (4, "E720", "event for ticket `T-9` before its `created`"),
        (
            5,
            "E714",
            "ticket `T-2` has no priority: `created` names none and the policy derives none from its fields",
        ),
        (6, "E722", "ticket `T-2` was not created: its `created` on line 5 is invalid"),
        (7, "E712", "priority `P7` is not declared by the policy (declared: P1, P2)"),
        (8, "E722", "ticket `T-3` was not created: its `created` on line 7 is invalid"),
    ]


def test_a_derived_priority_is_enough_and_an_underivable_one_is_reported():
    events, problems = read_events(
        lines(
            {
                "at": "2026-03-02T09:00:00Z",
                "event": "created",
                "ticket": "T-1",
                "fields": {"impact": "high"},
            },
            {
                "at": "2026-03-02T09:00:00Z",
                "event": "created",
                "ticket": "T-2",
                "fields": {"impact": "low"},
            },
        ),
        DERIVING,
    )
    assert [e.ticket for e in events] == ["T-1"]
    assert found(problems) == [
        (
            2,
            "E714",
            "ticket `T-2` has no priority: `created` names none and the policy derives none from its fields",
        )
    ]


def test_ticket_ids_are_shared_strings():
    events, _ = read_events(
        lines(
            created(),
            {"at": "2026-03-02T09:10:00Z", "event": "status", "ticket": "T-1", "status": "open"},
        ),
        POLICY,
    )
    assert events[0].ticket is events[1].ticket


def test_blanks_around_an_object_are_fine_and_trailing_data_is_not():
    text = json.dumps(created())
    events, problems = read_events(
        [(1, "  " + text + " \r\n"), (2, text[:-1] + ', "x": 1} 7\n')], POLICY
    )
    assert [e.line for e in events] == [1]
    # line 2's object is the 85-character `created` less its `}` plus `, "x": 1}` (9): 93
    # characters, a blank, then the stray `7` at column 95
    assert len(text) == 85
    assert found(problems) == [(2, "E701", "not JSON: Extra data at column 95")]
    assert (problems[0].span.column, problems[0].span.end_column) == (95, 96)


SPANS = [
    pytest.param(
        '{"at": "2026-03-02T09:00:00Z", "event": "comment", "ticket": "T-1", "author": "bot"}',
        # `{` 1, `"at": ` 2-7, the instant 8-29, `, ` 30-31, `"event": ` 32-40, `"comment"`
        # 41-49, `, ` 50-51, `"ticket": ` 52-61, `"T-1"` 62-66, `, ` 67-68, `"author": ` 69-78
        (79, 84),  # `"bot"`: columns 79-83, end exclusive
        id="value-of-a-key",
    ),
    pytest.param(
        '{"at": "2026-03-02T09:00:00Z", "event": "fields", "ticket": "T-1", '
        '"fields": {"impact": "severe"}}',
        # as above to `"event": ` 32-40; `"fields"` 41-48 (a value, not the key), `, ` 49-50,
        # `"ticket": ` 51-60, `"T-1"` 61-65, `, ` 66-67, `"fields": ` 68-77, `{` 78,
        # `"impact": ` 79-88
        (89, 97),  # `"severe"`: columns 89-96
        id="nested-field-value",
    ),
    pytest.param(
        '{"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": "T-1"}',
        (1, 67),  # no `status` to point at: the whole 66-character line
        id="missing-key-whole-line",
    ),
]


@pytest.mark.parametrize(("text", "columns"), SPANS)
def test_a_problem_points_at_the_offending_value(text, columns):
    _, (problem,) = read_events([(3, text)], POLICY, "events.jsonl")
    assert (problem.path, problem.span.line, problem.span.end_line) == ("events.jsonl", 3, 3)
    assert (problem.span.column, problem.span.end_column) == columns


def test_a_problem_found_after_reading_spans_its_whole_line():
    # E720 is judged in applied order, when the line's text is gone: line 1 up to line 2.
    _, (problem,) = read_events(
        lines(
            {"at": "2026-03-02T08:00:00Z", "event": "comment", "ticket": "T-1", "author": "agent"}
        ),
        POLICY,
    )
    assert (problem.code, problem.span) == ("E720", Span(1, 1, 2, 1))


def test_a_deeply_nested_value_is_shown_shortened():
    # 500 levels read as JSON (below the decoder's limit) but are no use in a message: the
    # value is cut at 40 characters, 37 of them shown and `...`.
    data = {"at": "2026-03-02T09:00:00Z", "event": "fields", "ticket": "T-1"}
    data["fields"] = json.loads("[" * 500 + "]" * 500)
    with pytest.raises(InputError) as error:
        event_from_dict(data, 1, POLICY)
    assert str(error.value) == "`fields` is not an object: `" + "[" * 37 + "...`"
