"""The event reader (contract §2): what is accepted, what is reported, and in what order."""

from __future__ import annotations

import json

import pytest

from slac import ir
from slac.inputs.events import Event, EventProblem, Release, event_from_dict, read_events

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
    pytest.param([1, 2], "an event is a JSON object, got `[1, 2]`", id="not-object"),
    pytest.param({"event": "created", "ticket": "T"}, "missing key `at`", id="no-at"),
    pytest.param(
        {"at": "2026-03-02T09:00:00", "event": "created", "ticket": "T"},
        "`at` has no UTC offset: `2026-03-02T09:00:00` (write `2026-03-02T09:00:00Z` or add an offset such as `+01:00`)",
        id="no-offset",
    ),
    pytest.param(
        {"at": "yesterday", "event": "created", "ticket": "T"},
        "`at` is not an ISO 8601 timestamp: `yesterday`",
        id="bad-timestamp",
    ),
    pytest.param(
        {"at": 1772442000, "event": "created", "ticket": "T"},
        "`at` is not a timestamp string: `1772442000`",
        id="numeric-at",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "ticket": "T"}, "missing key `event`", id="no-event"
    ),
    pytest.param(
        {"at": "2200-01-01T00:00:00Z", "event": "created", "ticket": "T"},
        "`at` is outside the years slac's calendars cover (1970 to 2199): `2200-01-01T00:00:00Z`",
        id="after-2199",
    ),
    pytest.param(
        {"at": "1969-12-31T23:59:59Z", "event": "created", "ticket": "T"},
        "`at` is outside the years slac's calendars cover (1970 to 2199): `1969-12-31T23:59:59Z`",
        id="before-1970",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "escalated", "ticket": "T"},
        'unknown `event` `"escalated"` (expected one of created, comment, status, priority, fields, release)',
        id="unknown-event",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "status", "status": "open"},
        "missing key `ticket`",
        id="no-ticket",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "status", "ticket": 7, "status": "open"},
        "`ticket` is not a string: `7`",
        id="numeric-ticket",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "comment", "ticket": "T", "author": "bot"},
        'unknown comment author `"bot"` (expected agent, customer or system)',
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
        '`public` is not true or false: `"yes"`',
        id="public-not-bool",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "priority", "ticket": "T", "priority": "P9"},
        "priority `P9` is not declared by the policy (declared: P1, P2)",
        id="undeclared-priority",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "priority", "ticket": "T"},
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
        'field `impact` has no value `"severe"` (declared: high, low)',
        id="undeclared-enum-value",
    ),
    pytest.param(
        {
            "at": "2026-03-02T09:00:00Z",
            "event": "fields",
            "ticket": "T",
            "fields": {"code_fix": "true"},
        },
        'field `code_fix` is true or false, got `"true"`',
        id="bool-as-string",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "fields", "ticket": "T", "fields": {"product": 3}},
        "field `product` is text, got `3`",
        id="text-as-number",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "fields", "ticket": "T", "fields": ["impact"]},
        '`fields` is not an object: `["impact"]`',
        id="fields-not-object",
    ),
    pytest.param(
        {"at": "2026-03-02T09:00:00Z", "event": "release", "release": "R1", "kind": "planned"},
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
        '`fixes` is not a list of strings: `"T-1"`',
        id="fixes-not-list",
    ),
]


@pytest.mark.parametrize(("data", "reason"), REJECTED)
def test_event_from_dict_rejects_with_reason(data, reason):
    with pytest.raises(ValueError) as error:
        event_from_dict(data, 1, POLICY)
    assert str(error.value) == reason


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
    assert problems == [
        EventProblem(2, "not JSON: Expecting property name enclosed in double quotes at column 2"),
        EventProblem(4, "an event is a JSON object, got `[1]`"),
        EventProblem(5, "not JSON slac can read: nested too deeply"),
        EventProblem(
            6,
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
    assert problems == [
        EventProblem(1, "event for ticket `T-1` before its `created`"),
        EventProblem(3, "second `created` for ticket `T-1` (first on line 2)"),
        EventProblem(4, "event for ticket `T-9` before its `created`"),
        EventProblem(
            5,
            "ticket `T-2` has no priority: `created` names none and the policy derives none from its fields",
        ),
        EventProblem(6, "ticket `T-2` was not created: its `created` on line 5 is invalid"),
        EventProblem(7, "priority `P7` is not declared by the policy (declared: P1, P2)"),
        EventProblem(8, "ticket `T-3` was not created: its `created` on line 7 is invalid"),
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
    assert [p.line for p in problems] == [2]


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
    assert problems == [EventProblem(2, "not JSON: Extra data at column 95")]
