"""The batch path, ticket by ticket (`slac.evaluation.batch`), against the reference.

The reference is the incremental `Evaluator` fed every event in applied order (the reader's
global stable sort by `at` and its ticket-order pass, `read_events`), then `results(at)`: one
state for every ticket, judged in `created_key` order. The batch path groups by ticket, sorts
and checks each ticket on its own and judges one ticket at a time; both must give the same
results and the same problems (codes, words, lines, order) on the example months, on generated
loads in file order and shuffled, and on small random event sets full of order problems. The
API `evaluate` must raise what feeding the `Evaluator` raises, word for word.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slac
from slac.evaluation import Evaluator, evaluate
from slac.evaluation.batch import Batch
from slac.evaluation.results import Evaluation
from slac.inputs.problems import InputError
from slac.inputs.reader import EventReader, read_events

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("learnamp", "totara", "clicklearn", "elb", "impero")
AT = "2026-04-01T00:00:00Z"
IMPERO = slac.load(ROOT / "policies" / "impero.sla")


def reference(policy: slac.ir.Policy, lines: list[tuple[int, str]], at: int) -> tuple:
    """The results and problems as the reader's global pass and the `Evaluator` give them."""
    events, problems = read_events(lines, policy, "events.jsonl")
    evaluator = Evaluator(policy)
    for event in events:
        if event.at <= at:
            evaluator.feed(event)
    return evaluator.results(at).to_dict(), problems


def batch(policy: slac.ir.Policy, lines: list[tuple[int, str]], at: int) -> tuple:
    """The same through `Batch`, as `slac evaluate` reads (its `read_batch`)."""
    reader = EventReader(policy, "events.jsonl")
    events = reader.read(lines)
    evaluation = Batch(policy, events, at, reader.check_ticket_order).evaluation()
    assert events == []  # taken over: each ticket's events go once it is judged
    return evaluation.to_dict(), reader.problems()


def numbered(texts: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(texts, start=1))


def example(name: str) -> list[str]:
    return (ROOT / "examples" / name / "events.jsonl").read_text().splitlines()


@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_months_match_the_evaluator(name, shuffled):
    policy = slac.load(ROOT / "policies" / f"{name}.sla")
    texts = example(name)
    if shuffled:
        random.Random(len(texts)).shuffle(texts)
    at = slac.evaluation.instant(AT)
    expected = reference(policy, numbered(texts), at)
    assert expected[0]["tickets"], "the month has tickets to compare"
    assert batch(policy, numbered(texts), at) == expected


def generated(count: int) -> list[str]:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gen_events.py"), "--events", str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.splitlines()


@pytest.fixture(scope="module")
def load() -> list[str]:
    return generated(6000)


@pytest.mark.parametrize("at", ["2026-02-15T12:00:00Z", "2026-12-31T00:00:00Z"])
@pytest.mark.parametrize("order", ["file", "shuffled", "reversed"])
def test_generated_loads_match_the_evaluator(load, order, at):
    texts = list(load)
    if order == "shuffled":
        random.Random(3).shuffle(texts)
    elif order == "reversed":
        texts.reverse()  # every ticket's history backwards: most events before their created
    instant = slac.evaluation.instant(at)
    expected = reference(IMPERO, numbered(texts), instant)
    assert len(expected[0]["tickets"]) > 100
    assert batch(IMPERO, numbered(texts), instant) == expected


def test_a_generated_load_with_ties_and_problems_matches(load):
    # Equal instants in a shuffled file apply in file order: every event of a ticket moved to
    # its `created`'s second, so ties decide; a few created lines doubled, a few dropped.
    rng = random.Random(11)
    texts = []
    for text in load:
        event = json.loads(text)
        event["at"] = event["at"][:14] + "00:00Z"  # to the hour: many ties
        texts.append(json.dumps(event))
        if event["event"] == "created" and rng.random() < 0.05:
            texts.append(json.dumps(event))  # a second `created`
    texts = [t for t in texts if not ('"created"' in t and rng.random() < 0.03)]
    rng.shuffle(texts)
    instant = slac.evaluation.instant("2026-12-31T00:00:00Z")
    expected = reference(IMPERO, numbered(texts), instant)
    assert {p.code for p in expected[1]} >= {"E720", "E721"}
    assert batch(IMPERO, numbered(texts), instant) == expected


# --- small random event sets, order problems included --------------------------------------

TICKETS = ("A", "B", "C")
DAY = "2026-03-02T"
INSTANTS = tuple(f"{DAY}{h:02d}:{m:02d}:00Z" for h in (8, 9, 13, 17) for m in (0, 30))


@st.composite
def event_lines(draw: st.DrawFn) -> list[str]:
    """Up to 14 events of three tickets over one day, few instants (many ties), any kind in
    any order: events before their `created`, second `created`s, `created` events that give
    no priority (no fields: impero derives none), and releases."""
    lines = []
    for _ in range(draw(st.integers(0, 14))):
        at = draw(st.sampled_from(INSTANTS))
        kind = draw(st.sampled_from(("created", "created", "comment", "status", "release")))
        ticket = draw(st.sampled_from(TICKETS))
        event: dict[str, object] = {"at": at, "event": kind, "ticket": ticket}
        if kind == "created":
            event["fields"] = draw(
                st.sampled_from(
                    [
                        {"impact": "high", "urgency": "low", "code_fix": True},
                        {"type": "service_request"},
                        {},
                    ]
                )
            )
        elif kind == "comment":
            event["author"] = draw(st.sampled_from(("agent", "customer")))
        elif kind == "status":
            event["status"] = draw(st.sampled_from(("resolved", "awaiting_customer", "open")))
        else:
            del event["ticket"]
            event.update(release="r", kind="planned", fixes=list(TICKETS))
        lines.append(json.dumps(event))
    return lines


@settings(max_examples=300, deadline=None)
@given(event_lines(), st.sampled_from(INSTANTS[2:]))
def test_random_event_sets_match_the_evaluator(texts, at):
    instant = slac.evaluation.instant(at)
    assert batch(IMPERO, numbered(texts), instant) == reference(IMPERO, numbered(texts), instant)


def fed(events: list[dict[str, object]], at: str) -> Evaluation | str:
    """The `Evaluator` fed in applied order: its results, or the words of what it refused."""
    evaluator = Evaluator(IMPERO)
    try:
        for event in sorted(
            (
                e
                for e in events
                if slac.evaluation.instant(str(e["at"])) <= slac.evaluation.instant(at)
            ),
            key=lambda e: slac.evaluation.instant(str(e["at"])),
        ):
            evaluator.feed(event)
    except InputError as error:
        return str(error)
    return evaluator.results(at)


@settings(max_examples=300, deadline=None)
@given(event_lines(), st.sampled_from(INSTANTS[2:]))
def test_the_api_raises_what_the_evaluator_raises(texts, at):
    events = [json.loads(text) for text in texts]
    expected = fed(events, at)
    try:
        got: Evaluation | str = evaluate(IMPERO, events, at=at)
    except InputError as error:
        got = str(error)
    assert got == expected


def test_the_api_orders_events_given_with_any_line_numbers():
    # `Event`s built by a caller carry whatever lines it gave: ties go by their place.
    lines = [
        (1, '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "B", "priority": "P1"}'),
        (2, '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "A", "priority": "P2"}'),
    ]
    events, _ = read_events(lines, IMPERO)
    swapped = [events[0]._replace(line=7), events[1]._replace(line=3)]
    result = evaluate(IMPERO, swapped, at="2026-03-03T00:00:00Z")
    assert [t.ticket for t in result.tickets] == ["B", "A"]
