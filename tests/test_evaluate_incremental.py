"""Incremental evaluation agrees with the batch call, whatever order the events arrive in.

Every timeline of the hand-worked rule tables is replayed through `Evaluator.feed` in file
order, reversed and shuffled; `results(at)` must equal `evaluate(...)`, and judging at several
instants must not change the fed state.
"""

from __future__ import annotations

import importlib.util
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import test_evaluate_clock_rules as rules
from test_evaluate_rules import (
    CASES,
    CODE_FIX,
    CODE_FIX_CASES,
    DERIVED,
    PRIORITY_CASES,
    at,
    comment,
    created,
    status,
)

import slac
from slac import Evaluator, evaluate
from slac.inputs.reader import read_events

# The clock rules of issue 11 (tests/test_evaluate_clock_rules.py): (policy text, its cases).
CLOCK_RULES = (
    (rules.CONDITIONAL, rules.CONDITIONAL_CASES),
    (rules.CODE_FIX, rules.CODE_FIX_CASES),
    (rules.DEADLINES, rules.DEADLINE_CASES),
    (rules.DESKS, rules.DESK_CASES),
    (rules.CAPPED, rules.CAP_CASES),
)

TIMELINES = (
    [pytest.param(c[1], c[2], c[3], id=c[0]) for c in CASES]
    + [pytest.param(c[1], c[2], at("02", "09:30"), id=c[0]) for c in PRIORITY_CASES]
    + [pytest.param(CODE_FIX, c[1], at("02", "12:00"), id=c[0]) for c in CODE_FIX_CASES]
    + [
        pytest.param(rules.load(text), c[1], c[2], id=f"clock-{c[0]}")
        for text, cases in CLOCK_RULES
        for c in cases
    ]
    + [
        pytest.param(rules.load(rules.PAUSES), c[1], rules.at("02", "12:00"), id=f"clock-{c[0]}")
        for c in rules.PAUSE_CASES
    ]
)


def orders(events: list) -> list[list]:
    shuffled = []
    for seed in range(3):
        copy = list(events)
        random.Random(seed).shuffle(copy)
        shuffled.append(copy)
    return [list(events), list(reversed(events)), *shuffled]


def _no_ties(events) -> bool:
    instants = [e["at"] for e in events]
    return len(set(instants)) == len(instants)


@pytest.mark.parametrize(("policy", "events", "at_"), TIMELINES)
def test_feed_in_any_order_equals_batch(policy, events, at_):
    assert _no_ties(events)  # with ties the file order would matter, by design
    expected = evaluate(policy, events, at=at_)
    for order in orders(events):
        evaluator = Evaluator(policy)
        # Events before their ticket's created cannot be fed; keep `created` first.
        for event in sorted(order, key=lambda e: e.get("event") != "created"):
            evaluator.feed(event)
        assert evaluator.results(at_) == expected


@pytest.mark.parametrize(("policy", "events", "at_"), TIMELINES)
def test_shuffled_file_lines_give_the_same_json(policy, events, at_):
    expected = None
    for order in orders(events):
        lines = [(n, json.dumps(e)) for n, e in enumerate(order, 1)]
        good, problems = read_events(lines, policy)
        assert problems == []
        out = json.dumps(evaluate(policy, good, at=at_).to_dict())
        expected = expected or out
        assert out == expected


def test_results_do_not_change_the_fed_state():
    policy, events = CASES[0][1], CASES[0][2]
    evaluator = Evaluator(policy)
    for event in events:
        evaluator.feed(event)
    early, late = at("02", "09:30"), at("03", "12:00")
    first = evaluator.results(early)
    assert evaluator.results(late) == evaluate(policy, events, at=late)
    assert evaluator.results(early) == first == evaluate(policy, events, at=early)


def test_results_before_a_ticket_exists_leave_it_out():
    evaluator = Evaluator(DERIVED)
    evaluator.feed(created(at("02", "09:00"), "P1", ticket="T-1"))
    evaluator.feed(created(at("02", "10:00"), "P1", ticket="T-2"))
    assert [t.ticket for t in evaluator.results(at("02", "09:30")).tickets] == ["T-1"]


def test_tickets_come_in_order_of_created_whatever_the_feed_order():
    evaluator = Evaluator(DERIVED)
    evaluator.feed(created(at("02", "10:00"), "P1", ticket="T-late"))
    evaluator.feed(created(at("02", "09:00"), "P1", ticket="T-early"))
    assert [t.ticket for t in evaluator.results(at("02", "11:00")).tickets] == ["T-early", "T-late"]


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        pytest.param(
            comment(at("02", "09:30"), ticket="T-9"),
            "event for ticket `T-9` before its `created`",
            id="unknown",
        ),
        pytest.param(
            status(at("02", "08:00"), "open"),
            "event for ticket `T-1` before its `created`",
            id="earlier",
        ),
        pytest.param(
            created(at("02", "10:00")), "second `created` for ticket `T-1`", id="second-created"
        ),
        pytest.param(
            {"at": "2026-03-02T10:00:00", "event": "comment", "ticket": "T-1", "author": "agent"},
            "`at` has no UTC offset: `2026-03-02T10:00:00` (write `2026-03-02T10:00:00Z` or add an offset such as `+01:00`)",
            id="no-offset",
        ),
    ],
)
def test_feed_rejects_and_keeps_state(event, reason):
    evaluator = Evaluator(DERIVED)
    evaluator.feed(created(at("02", "09:00"), "P1"))
    before = evaluator.results(at("02", "12:00"))
    with pytest.raises(ValueError) as error:
        evaluator.feed(event)
    assert str(error.value) == reason
    assert evaluator.results(at("02", "12:00")) == before


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2026-03-02T12:00:00", id="naive-string"),
        pytest.param(__import__("datetime").datetime(2026, 3, 2), id="naive-datetime"),
    ],
)
def test_at_needs_an_offset(value):
    with pytest.raises(ValueError):
        evaluate(DERIVED, [], at=value)


def test_at_accepts_datetime_string_and_epoch_alike():
    events = [created(at("02", "09:00"), "P1")]
    # 2026-03-02T12:00Z = 1772452800 (1772442000 for 09:00Z + 3 h)
    as_epoch = evaluate(DERIVED, events, at=1772452800)
    assert evaluate(DERIVED, events, at="2026-03-02T13:00:00+01:00") == as_epoch
    assert (
        evaluate(DERIVED, events, at=datetime(2026, 3, 2, 7, tzinfo=timezone(timedelta(hours=-5))))
        == as_epoch
    )


def _generated(count: int, seed: int) -> list[dict]:
    """A small synthetic Impero stream from bench/gen_events.py (reopens, pauses, code fixes)."""
    path = Path(__file__).resolve().parent.parent / "bench" / "gen_events.py"
    spec = importlib.util.spec_from_file_location("gen_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [json.loads(line) for line in module.generate(count, seed)]


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_stream_fed_shuffled_equals_batch_at_several_instants(seed):
    policy = slac.load("policies/impero.sla")
    events = _generated(1500, seed)
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    evaluator = Evaluator(policy)
    # `created` events first and in file order: two tickets created in the same second are
    # listed in feed order, by design; every other event arrives shuffled.
    for event in [e for e in events if e["event"] == "created"] + [
        e for e in shuffled if e["event"] != "created"
    ]:
        evaluator.feed(event)
    last = max(e["at"] for e in events)
    for at_ in ("2026-01-05T12:00:00Z", "2026-01-07T00:00:00Z", last):
        assert evaluator.results(at_) == evaluate(policy, events, at=at_)
