"""The command's short cuts give exactly what the plain path gives.

`slac evaluate` folds a file that is already in applied order without the reader's sort and
ticket-order pass (`fold_in_order`), and writes JSON from templates (`write_json`); both are
promised to be indistinguishable from `evaluate` + `json.dumps(to_dict())`.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

import slac
from slac import evaluate
from slac.cli.commands.evaluate import write_json
from slac.evaluation import fold_in_order
from slac.inputs.events import EventReader, read_events

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ("learnamp", "totara", "clicklearn", "elb", "impero")
AT = "2026-04-01T00:00:00Z"


def lines_of(name: str) -> list[tuple[int, str]]:
    text = (ROOT / "examples" / name / "events.jsonl").read_text()
    return list(enumerate(text.splitlines(), start=1))


@pytest.mark.parametrize("name", POLICIES)
def test_in_order_short_cut_equals_evaluate(name):
    policy = slac.load(ROOT / "policies" / f"{name}.sla")
    lines = lines_of(name)
    # The example months are written in time order, so the short cut must be taken...
    events = EventReader(policy).read(lines)
    evaluator = fold_in_order(policy, events, AT)
    assert evaluator is not None
    # ...and give what the reader's full path and the batch evaluator give.
    ordered, problems = read_events(lines, policy)
    assert problems == []
    assert evaluator.results(AT).to_dict() == evaluate(policy, ordered, at=AT).to_dict()


@pytest.mark.parametrize("name", POLICIES)
def test_out_of_order_files_take_the_full_path(name):
    policy = slac.load(ROOT / "policies" / f"{name}.sla")
    lines = lines_of(name)
    random.Random(5).shuffle(lines)
    assert fold_in_order(policy, EventReader(policy).read(lines), AT) is None


def test_an_event_after_at_takes_the_full_path():
    policy = slac.load(ROOT / "policies" / "totara.sla")
    lines = [
        (1, '{"at": "2026-03-02T09:00:00Z", "event": "created", "ticket": "T", "priority": "S1"}')
    ]
    events = EventReader(policy).read(lines)
    assert fold_in_order(policy, events, "2026-03-01T00:00:00Z") is None


AWKWARD_IDS = ("TÜV-1", 'say "hi"', "back\\slash", "tab\there", "emoji-\U0001f4a5", "\u2028line")


def test_json_writer_matches_json_dumps_for_awkward_text():
    policy = slac.load(ROOT / "policies" / "elb.sla")
    events = []
    for number, ticket in enumerate(AWKWARD_IDS):
        at = f"2026-03-0{number + 2}T14:00:00Z"
        fields = {"channel": "web_form" if number % 2 else "chat", "category": "ünïcode"}
        events.append(
            {"at": at, "event": "created", "ticket": ticket, "priority": "urgent", "fields": fields}
        )
        events.append(
            {
                "at": at.replace("14:", "15:"),
                "event": "comment",
                "ticket": ticket,
                "author": "agent",
            }
        )
    evaluation = evaluate(policy, events, at="2026-03-20T00:00:00Z")
    out = io.StringIO()
    write_json(evaluation, out)
    assert out.getvalue() == json.dumps(evaluation.to_dict()) + "\n"
    # Excluded tickets (nulls, a reason string) and met ones (instants) both appear above.
    states = {m["state"] for t in evaluation.to_dict()["tickets"] for m in t["metrics"]}
    assert {"not_applicable", "met"} <= states
