"""The ticket-order rules in the evaluator, in the reader's words (`slac.inputs.order`).

`Evaluator.feed` (one event at a time) and `evaluate` (the batch fold) refuse an event before
its ticket's `created`, a second `created`, and a `created` that leaves its ticket without a
priority, with the code and message the event reader gives for the same line. The evaluator
does not know line numbers, so the reader's "(first on line N)" is the only difference.
"""

from __future__ import annotations

import json

import pytest

import slac
from slac.inputs.problems import InputError
from slac.inputs.reader import read_events

# P1 only for high impact: a `created` with low impact and no priority named gets none.
POLICY = slac.loads(
    """policy order "ticket order" {
  timezone "UTC"
  calendar office { zone "UTC"; mon-fri 09:00-17:00 }
  field impact: high | low
  priorities P1, P2
  priority P1 when impact == high
  business hours office
  metric first_response { start on created; stop on public comment by agent }
  targets {
    priority  first_response
    P1        1h
    P2        4h
  }
}
"""
)

CREATED = {"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T-1", "priority": "P2"}
SECOND = {**CREATED, "at": "2026-03-02T10:00:00Z"}
EARLY = {"at": "2026-03-02T08:00:00Z", "event": "comment", "ticket": "T-1", "author": "agent"}
STRAY = {"at": "2026-03-02T09:30:00Z", "event": "comment", "ticket": "T-9", "author": "agent"}
NO_PRIORITY = {
    "at": "2026-03-02T09:00:00Z",
    "event": "created",
    "ticket": "T-2",
    "fields": {"impact": "low"},
}

BEFORE_CREATED = ("E720", "event for ticket `T-9` before its `created`")
SECOND_CREATED = ("E721", "second `created` for ticket `T-1`")
UNPRIORITISED = (
    "E714",
    "ticket `T-2` has no priority: `created` names none and the policy derives none from its fields",
)


def refusal(call) -> tuple[str, str]:
    with pytest.raises(InputError) as error:
        call()
    return error.value.code, str(error.value)


def fed(*events: dict[str, object]) -> slac.Evaluator:
    evaluator = slac.Evaluator(POLICY)
    for event in events:
        evaluator.feed(event)
    return evaluator


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        pytest.param(STRAY, BEFORE_CREATED, id="unknown-ticket"),
        pytest.param(
            EARLY, ("E720", "event for ticket `T-1` before its `created`"), id="before-created"
        ),
        pytest.param(SECOND, SECOND_CREATED, id="second-created"),
        pytest.param(NO_PRIORITY, UNPRIORITISED, id="no-priority"),
    ],
)
def test_feed_refuses_in_the_readers_words_and_keeps_its_state(event, expected):
    evaluator = fed(CREATED)
    before = evaluator.results("2026-03-02T12:00:00Z")
    assert refusal(lambda: evaluator.feed(event)) == expected
    assert evaluator.results("2026-03-02T12:00:00Z") == before
    # Still usable: the next good event is taken (a reply at 09:30 meets the 4h target).
    evaluator.feed({**EARLY, "at": "2026-03-02T09:30:00Z", "public": True})
    (ticket,) = evaluator.results("2026-03-02T12:00:00Z").tickets
    assert ticket.metrics[0].state == "met"


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param([CREATED, STRAY], BEFORE_CREATED, id="unknown-ticket"),
        pytest.param([CREATED, SECOND], SECOND_CREATED, id="second-created"),
        pytest.param([CREATED, NO_PRIORITY], UNPRIORITISED, id="no-priority"),
    ],
)
def test_the_batch_fold_refuses_in_the_same_words(events, expected):
    assert refusal(lambda: slac.evaluate(POLICY, events, at="2026-03-02T12:00:00Z")) == expected


@pytest.mark.parametrize(
    ("events", "reader_line", "suffix"),
    [
        pytest.param([CREATED, STRAY], 2, "", id="unknown-ticket"),
        pytest.param([CREATED, SECOND], 2, " (first on line 1)", id="second-created"),
        pytest.param([CREATED, NO_PRIORITY], 2, "", id="no-priority"),
    ],
)
def test_the_reader_and_the_evaluator_say_the_same(events, reader_line, suffix):
    numbered = [(n, json.dumps(event)) for n, event in enumerate(events, 1)]
    _, problems = read_events(numbered, POLICY, "events.jsonl")
    (problem,) = problems
    code, message = refusal(lambda: slac.evaluate(POLICY, events, at="2026-03-02T12:00:00Z"))
    assert (problem.span.line, problem.code, problem.message) == (
        reader_line,
        code,
        message + suffix,
    )
