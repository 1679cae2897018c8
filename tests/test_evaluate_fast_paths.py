"""The command's short cuts give exactly what the plain path gives.

`slac evaluate` writes JSON from templates (`write_json`), promised to be indistinguishable
from `evaluate` + `json.dumps(to_dict())`. (Its batch path, ticket by ticket, is held to the
incremental evaluator in tests/test_batch.py.)
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import slac
from slac import evaluate
from slac.cli.json_output import write_json

ROOT = Path(__file__).resolve().parents[1]


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
